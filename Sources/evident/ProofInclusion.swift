import ArgumentParser
import EvidentCore
import EvidentDER
import EvidentLedger
import EvidentPostgres
import EvidentSQLite
import EvidentTSP

struct ProofInclusion: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inclusion", abstract: "Prove that a receipt is in the log (at the newest checkpoint by default).")
    @Argument(help: "Receipt hash (hex).") var hash: String
    @OptionGroup var ledger: LedgerOptions
    @Option(help: "Tree size to prove against (default: the newest checkpoint, else the whole log).") var size: UInt64?
    @Option(
        help: "A checkpoint note file: prove against its size and root (its signature is checked by `ledger verify`).")
    var checkpoint: String?
    @Option(
        help:
            "json (default), or tlog-proof: a c2sp.org/tlog-proof file with the stored signed checkpoint and its cosignatures."
    )
    var format: String = "json"

    func validate() throws {
        if size != nil && checkpoint != nil { throw ValidationError("--size and --checkpoint are exclusive") }
        if format != "json" && format != "tlog-proof" { throw ValidationError("--format is json or tlog-proof") }
    }

    func run() throws {
        try CLI.guarding {
            guard let h = Hex.decode(hash), h.count == 32 else { throw InputError("HASH: expected 64 hex digits") }
            let l = try ledger.open()
            do {
                var treeSize = size
                var expectedRoot: MerkleHash? = nil
                if let checkpoint {
                    let text = String(decoding: try CLI.readFile(checkpoint, limit: 1 << 16), as: UTF8.self)
                    let body = text.components(separatedBy: "\n\n").first.map { $0 + "\n" } ?? text
                    let c: Checkpoint
                    do { c = try Checkpoint(text: body) } catch {
                        throw InputError("--checkpoint \(checkpoint): \(error)")
                    }
                    guard c.origin == l.origin else {
                        throw InputError(
                            "--checkpoint \(checkpoint): origin \(c.origin) is not this ledger's (\(l.origin))")
                    }
                    treeSize = c.treeSize
                    expectedRoot = c.rootHash
                }
                let (entry, proof) = try l.inclusionProof(hash: h, treeSize: treeSize)
                let root = try l.store.merkle.rootHash(treeSize: proof.treeSize)
                if let expectedRoot, expectedRoot != root {
                    throw InputError(
                        "the ledger's root at size \(proof.treeSize) is not the checkpoint's: the log was rewritten")
                }
                try proof.verify(leafHash: entry.leafHash, rootHash: root)
                if format == "tlog-proof" {
                    // The checkpoint must be one the ledger signed: a tlog-proof is only as good as it.
                    guard let stored = try l.store.checkpoints().first(where: { $0.treeSize == proof.treeSize }) else {
                        throw InputError(
                            "no signed checkpoint of size \(proof.treeSize): run `evident checkpoint`, or give --size of a stored one"
                        )
                    }
                    let note = try SignedNote.parse(stored.note)
                    let file = TlogProof(extra: h, index: proof.leafIndex, path: proof.path, note: note)
                    CLI.writeStdout(file.bytes)
                    return
                }
                print(
                    JSONValue.document(
                        "inclusion-proof",
                        [
                            ("leaf_index", .int(Int(proof.leafIndex))), ("tree_size", .int(Int(proof.treeSize))),
                            ("root", .string(root.base64)), ("leaf_hash", .string(try entry.leafHash.base64)),
                            ("path", .array(proof.path.map { .string($0.base64) })),
                        ]
                    ).render())
            }
        }
    }
}
