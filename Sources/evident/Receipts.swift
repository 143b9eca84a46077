import ArgumentParser
import EvidentCore
import EvidentDER
import EvidentLedger
import EvidentTSP

struct Receipts: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receipts", abstract: "Read receipts from the ledger.",
        subcommands: [ReceiptsSearch.self, ReceiptsGet.self])
}
