import ArgumentParser
import EvidentCore
import EvidentDER
import EvidentLedger
import EvidentPostgres
import EvidentSQLite
import EvidentTSP

/// `--dir` of a ledger, shared by the ledger commands.
struct LedgerOptions: ParsableArguments {
    @Option(help: "Ledger directory (made by `evident ledger init`).") var dir: String = "ledger"

    func open() throws -> Ledger { try StoreURL.open(dir: dir) }
}

struct LedgerGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger", abstract: "The append-only receipts ledger.",
        subcommands: [LedgerInit.self, LedgerStatus.self, LedgerVerify.self, LedgerAddKeyRecord.self])
}

struct LedgerInit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract:
            "Create an empty ledger: SQLite in the directory (WAL, synchronous FULL), or a shared PostgreSQL store.",
        discussion: """
            With --store postgres://USER@HOST[:PORT]/DB[?schema=NAME&sslmode=require], the receipts live in that \
            database (created there; several machines then share it, each with a ledger directory naming the same \
            store and origin: run init once with --store, and with --store --join on every other machine). Give a \
            password in PGPASSWORD, not in the URL.
            """)
    @OptionGroup var ledger: LedgerOptions
    @Option(help: "Checkpoint origin line, unique per log (e.g. example.org/ledger/prod).") var origin: String
    @Option(help: "A shared store instead of ledger.sqlite: postgres://USER@HOST[:PORT]/DB[?schema=NAME].") var store:
        String?
    @Flag(help: "With --store: use the ledger already in that store (same origin) instead of creating it.") var join =
        false

    func run() throws {
        try CLI.guarding {
            do {
                var shared: (any LedgerStore)?
                if let store {
                    let location = try PostgresLocation(url: store)
                    shared = try PostgresLedgerStore(location: location, create: !join, origin: origin)
                } else if join {
                    throw InputError("--join needs --store")
                }
                _ = try LedgerDirectory(path: ledger.dir).initialize(
                    origin: origin, sharedStore: shared, storeURL: store.map(PostgresLocation.withoutPassword))
            }
            print(
                "ledger \(join ? "joined" : "created") in \(ledger.dir) (origin \(origin)\(store.map { ", store \(PostgresLocation.withoutPassword($0))" } ?? ""))"
            )
        }
    }
}

struct Proof: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proof", abstract: "RFC 9162 inclusion and consistency proofs.",
        subcommands: [ProofInclusion.self, ProofConsistency.self])
}

struct ProofInclusion: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inclusion", abstract: "Prove that a receipt is in the log (at the newest checkpoint by default).")
    @Argument(help: "Receipt hash (hex).") var hash: String
    @OptionGroup var ledger: LedgerOptions
    @Option(help: "Tree size to prove against (default: the newest checkpoint, else the whole log).") var size: UInt64?
    @Option(
        help: "A checkpoint note file: prove against its size and root (its signature is checked by `ledger verify`).")
    var checkpoint: String?

    func validate() throws {
        if size != nil && checkpoint != nil { throw ValidationError("--size and --checkpoint are exclusive") }
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
