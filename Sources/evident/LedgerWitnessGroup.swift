import ArgumentParser

struct LedgerWitnessGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "witness",
        abstract: "The witnesses the ledger asks for cosignatures (c2sp.org/tlog-witness), kept in its store.",
        subcommands: [LedgerWitnessAdd.self, LedgerWitnessList.self, LedgerWitnessRemove.self])
}
