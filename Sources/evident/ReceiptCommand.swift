import ArgumentParser
import EvidentCore
import EvidentCrypto
import EvidentDER
import EvidentLedger

#if canImport(Glibc)
import Glibc
#endif

/// `evident receipt`: sign a receipt draft, verify a receipt (docs/receipt.md).
struct ReceiptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receipt", abstract: "Sign and verify receipts (schema v1).",
        subcommands: [ReceiptSign.self, ReceiptVerify.self])
}
