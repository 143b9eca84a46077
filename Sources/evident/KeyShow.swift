import ArgumentParser
import EvidentCrypto
import EvidentDER
import EvidentLedger

struct KeyShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Print a key file's key id and public key (never the secret).")

    @Argument(help: "A key file or public key file.") var file: String
    @Option(
        help:
            "Also print the key's C2SP verifier key (vkey) for this ledger origin: the `log` line of a witness's log list or a tlog-policy."
    )
    var origin: String?

    func run() throws {
        try CLI.guarding {
            let bytes = try KeyFileIO.readFile(file)
            let publicKey = try LedgerKeyFile.decodePublic(bytes)
            print("key_id: \(LedgerKey.keyID(for: publicKey))")
            print("public_key: \(Base64.encode(publicKey.rawRepresentation))")
            if let origin {
                do { print("vkey: \(try NoteVerifierKey(name: origin, publicKey: publicKey).vkey)") } catch {
                    throw InputError("--origin: \(error)")
                }
            }
            switch try? LedgerKeyFile.isPlaintext(bytes) {
            case nil: print("secret: none (public key file)")
            case true?: print("secret: plaintext seed")
            case false?: print("secret: sealed (Argon2id + XSalsa20-Poly1305)")
            }
        }
    }
}
