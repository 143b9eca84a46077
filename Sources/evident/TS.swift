import ArgumentParser

struct TS: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ts", abstract: "RFC 3161 time-stamp requests, responses and tokens.",
        subcommands: [TSQuery.self, TSInspect.self, TSVerify.self])
}
