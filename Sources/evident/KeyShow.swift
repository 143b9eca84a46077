import ArgumentParser
import EvidentCrypto
import EvidentDER
import EvidentLedger

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
