import ArgumentParser

struct WitnessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "witness",
        abstract: "A transparency-log witness (c2sp.org/tlog-witness): cosigns checkpoints proven consistent.",
        subcommands: [WitnessInit.self, WitnessServe.self])
}
