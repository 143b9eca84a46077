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
