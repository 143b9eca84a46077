import ArgumentParser
import EvidentCrypto
import EvidentDER
import EvidentLedger

/// `evident key`: ledger signing keys (docs/keys.md).
struct Key: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key", abstract: "Create, show, rotate and revoke ledger signing keys (Ed25519).",
        subcommands: [KeyNew.self, KeyShow.self, KeyRotate.self, KeyRevoke.self])
}

struct KeyNew: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new", abstract: "Create a key file (0600), sealed with a passphrase unless --plaintext.")

    @Option(name: [.customShort("o"), .customLong("output")], help: "The secret key file to create (never replaced).")
    var out: String
    @Option(help: "Also write the public key file (no secret) for verifiers.") var publicOut: String?
    @OptionGroup var passphrase: PassphraseOptions
    @Flag(help: "Store the seed unencrypted (tests, HSM-less CI with its own secret store).") var plaintext = false

    func validate() throws {
        if plaintext == passphrase.given {
            throw ValidationError("give exactly one of --passphrase-env, --passphrase-file, --plaintext")
        }
    }

    func run() throws {
        try CLI.guarding {
            let key = try LedgerKey.generate()
            var pass = plaintext ? [] : try passphrase.read()
            defer { SealedSecret.wipe(&pass) }
            let file = try LedgerKeyFile.encode(key, protection: plaintext ? .plaintext : .passphrase(pass))
            try KeyFileIO.writeNew(out, file, mode: 0o600)
            if let publicOut {
                try KeyFileIO.writeNew(publicOut, try LedgerKeyFile.encodePublic(key.publicKey), mode: 0o644)
            }
            print("key_id: \(key.keyID)")
        }
    }
}

struct KeyShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Print a key file's key id and public key (never the secret).")

    @Argument(help: "A key file or public key file.") var file: String

    func run() throws {
        try CLI.guarding {
            let bytes = try KeyFileIO.readFile(file)
            let publicKey = try LedgerKeyFile.decodePublic(bytes)
            print("key_id: \(LedgerKey.keyID(for: publicKey))")
            print("public_key: \(Base64.encode(publicKey.rawRepresentation))")
            switch try? LedgerKeyFile.isPlaintext(bytes) {
            case nil: print("secret: none (public key file)")
            case true?: print("secret: plaintext seed")
            case false?: print("secret: sealed (Argon2id + XSalsa20-Poly1305)")
            }
        }
    }
}

struct KeyRotate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate", abstract: "Write a rotation record old → new, signed by both keys.",
        discussion: "Both key files are opened with the same passphrase options (plaintext files need none).")

    @Option(help: "The current key file.") var old: String
    @Option(help: "The new key file (from `evident key new`).") var new: String
    @Option(name: [.customShort("o"), .customLong("output")], help: "The rotation record to write.") var out: String
    @Option(help: "Rotation time, RFC 3339 UTC (default: now).") var at: String = "now"
    @OptionGroup var passphrase: PassphraseOptions

    func run() throws {
        try CLI.guarding {
            let oldKey = try passphrase.openKey(old), newKey = try passphrase.openKey(new)
            guard oldKey.keyID != newKey.keyID else { throw InputError("--old and --new are the same key") }
            let record = KeyRecord.rotation(from: oldKey, to: newKey, at: try CLI.time(at, "--at"))
            try KeyFileIO.writeNew(out, try record.encoded() + [0x0A], mode: 0o644)
            print("rotation: \(oldKey.keyID) -> \(newKey.keyID)")
        }
    }
}

struct KeyRevoke: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "Write a revocation record: receipts by the key issued at or after --from are invalid.")

    @Option(help: "The key to revoke: its key file (it signs the record) or, with --signer, its public key file.")
    var key: String
    @Option(help: "Revoked from this RFC 3339 UTC time.") var from: String
    @Option(help: "Why (kept in the record; at most 512 bytes).") var reason: String
    @Option(help: "Sign with this successor key file instead of the revoked key.") var signer: String?
    @Option(name: [.customShort("o"), .customLong("output")], help: "The revocation record to write.") var out: String
    @OptionGroup var passphrase: PassphraseOptions

    func run() throws {
        try CLI.guarding {
            let revoked = LedgerKey.keyID(for: try LedgerKeyFile.decodePublic(try KeyFileIO.readFile(key)))
            let signingKey = try passphrase.openKey(signer ?? key)
            let record = try KeyRecord.revocation(
                of: revoked, from: try CLI.time(from, "--from"), reason: reason, at: try CLI.now(), signedBy: signingKey
            )
            try KeyFileIO.writeNew(out, try record.encoded() + [0x0A], mode: 0o644)
            print("revocation: \(revoked) from \(try CLI.time(from, "--from"))")
        }
    }
}
