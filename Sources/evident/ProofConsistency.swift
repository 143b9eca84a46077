import ArgumentParser
import EvidentCore
import EvidentDER
import EvidentLedger
import EvidentPostgres
import EvidentSQLite
import EvidentTSP

struct ProofConsistency: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consistency", abstract: "Prove that the log of size OLD is a prefix of the log of size NEW.")
    @Argument var old: UInt64
    @Argument var new: UInt64
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        try CLI.guarding {
            let l = try ledger.open()
            do {
                let proof = try l.consistencyProof(from: old, to: new)
                let oldRoot = try l.store.merkle.rootHash(treeSize: old),
                    newRoot = try l.store.merkle.rootHash(treeSize: new)
                try proof.verify(oldRoot: oldRoot, newRoot: newRoot)
                print(
                    JSONValue.document(
                        "consistency-proof",
                        [
                            ("old_size", .int(Int(old))), ("new_size", .int(Int(new))),
                            ("old_root", .string(oldRoot.base64)),
                            ("new_root", .string(newRoot.base64)),
                            ("path", .array(proof.path.map { .string($0.base64) })),
                        ]
                    ).render())
            }
        }
    }
}
