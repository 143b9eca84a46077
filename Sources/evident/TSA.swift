import ArgumentParser
import EvidentCore
import EvidentCrypto
import EvidentDER
import EvidentServer
import EvidentTSP
import Logging

#if canImport(Glibc)
import Glibc
#endif

struct TSA: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tsa", abstract: "The built-in RFC 3161 time-stamping authority.",
        subcommands: [TSAInit.self, TSAServe.self, TSACRL.self])
}

extension PrivateKey.Kind: ExpressibleByArgument {}
