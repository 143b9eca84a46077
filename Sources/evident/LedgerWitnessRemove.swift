import ArgumentParser
import EvidentCore
import EvidentLedger

struct LedgerWitnessRemove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Stop asking a witness (the cosignatures it gave stay with their checkpoints).")
    @OptionGroup var ledger: LedgerOptions
    @Argument(help: "The witness's name.") var name: String

    func run() throws {
        try CLI.guarding {
            guard try ledger.open().store.removeWitness(name: name) else {
                throw InputError("no witness named \(DisplayText.safe(name)) is configured")
            }
            print(DisplayText.safe("witness \(name) removed"))
        }
    }
}
