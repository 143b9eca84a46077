import ArgumentParser
import EvidentCrypto
import EvidentDER
import EvidentLedger

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
