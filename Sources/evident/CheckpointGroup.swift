import ArgumentParser

/// `evident checkpoint` signs a checkpoint (`checkpoint sign`, the default, so the old
/// `evident checkpoint --signing-key K` still works); `checkpoint compare` compares two.
struct CheckpointGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint",
        abstract: "Sign a C2SP checkpoint of the log (`checkpoint sign`, the default), or compare two.",
        subcommands: [CheckpointCommand.self, CheckpointCompare.self], defaultSubcommand: CheckpointCommand.self)
}
