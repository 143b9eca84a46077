import ArgumentParser
import EvidentCore
import EvidentDER
import EvidentLedger
import EvidentPostgres
import EvidentSQLite
import EvidentTSP

struct Proof: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proof", abstract: "RFC 9162 inclusion and consistency proofs.",
        subcommands: [ProofInclusion.self, ProofConsistency.self])
}
