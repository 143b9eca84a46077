import ArgumentParser
import EvidentCrypto
import EvidentDER
import EvidentLedger

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
