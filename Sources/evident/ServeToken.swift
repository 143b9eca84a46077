import ArgumentParser
import EvidentCrypto
import EvidentLedger
import EvidentPostgres
import EvidentSQLite
import EvidentServer
import EvidentTSP
import Foundation
import Logging

struct ServeToken: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Manage API tokens.",
        subcommands: [ServeTokenAdd.self, ServeTokenList.self, ServeTokenRevoke.self])
}
