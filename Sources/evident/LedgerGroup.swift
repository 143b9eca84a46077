import ArgumentParser
import EvidentCore
import EvidentDER
import EvidentLedger
import EvidentPostgres
import EvidentSQLite
import EvidentTSP

/// `--dir` of a ledger, shared by the ledger commands.
struct LedgerOptions: ParsableArguments {
    @Option(help: "Ledger directory (made by `evident ledger init`).") var dir: String = "ledger"

    func open() throws -> Ledger { try StoreURL.open(dir: dir) }
}

struct LedgerGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger", abstract: "The append-only receipts ledger.",
        subcommands: [
            LedgerInit.self, LedgerStatus.self, LedgerVerify.self, LedgerAddKeyRecord.self, LedgerWitnessGroup.self,
        ])
}
