import EvidentCore
import EvidentCrypto
import EvidentLedger
import Foundation
import GRDB

/// The embedded ledger store: one SQLite file in WAL mode with `synchronous = FULL`, so a commit
/// that returned survives a crash or power loss. Writers take the write lock up front
/// (`BEGIN IMMEDIATE`) and wait for each other (busy timeout), across threads and processes; the
/// sequencing itself is ``LedgerStore``'s rule, implemented in ``append(_:)``.
///
/// Schema (docs/ledger-store.md): `receipts` (one row per entry, indexed for search),
/// `streams` (chain heads), `merkle_nodes` (every complete subtree hash: level, index),
/// `merkle_tiles` (whole tiles of those hashes, what proofs read: ``MerkleTile``),
/// `checkpoints`, `meta` (format version).
public final class SQLiteLedgerStore: LedgerStore, @unchecked Sendable {
    public static let formatVersion = 1
    /// How long a writer waits for another writer before failing.
    public static let busyTimeout: Double = 30

    let pool: DatabasePool
    public let path: String

    /// Opens an existing ledger; with `create`, makes a new one (refusing an existing file).
    public init(path: String, create: Bool = false) throws {
        self.path = path
        var config = Configuration()
        config.busyMode = .timeout(SQLiteLedgerStore.busyTimeout)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        let exists = access(path, F_OK) == 0
        if create && exists { throw LedgerStoreError(.alreadyInitialized, "\(path) already exists") }
        if !create && !exists {
            throw LedgerStoreError(.notInitialized, "\(path) does not exist (run `evident ledger init`)")
        }
        do {
            pool = try DatabasePool(path: path, configuration: config)
            merkleStore = SQLiteMerkleHashStore(pool: pool)
            if create { try pool.write(SQLiteLedgerStore.createSchema) }
            try pool.read { db in
                guard let v = try Int.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'format'") else {
                    throw LedgerStoreError(.corrupt, "\(path) is not an Evident ledger (no format version)")
                }
                guard v == SQLiteLedgerStore.formatVersion else {
                    throw LedgerStoreError(
                        .corrupt, "\(path) has ledger format \(v), this build reads \(SQLiteLedgerStore.formatVersion)")
                }
            }
        } catch let e as LedgerStoreError {
            throw e
        } catch {
            throw LedgerStoreError(.io, "\(path): \(error)")
        }
    }

    static func createSchema(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE meta (key TEXT PRIMARY KEY, value ANY NOT NULL) STRICT;
                CREATE TABLE receipts (
                  idx INTEGER PRIMARY KEY,
                  stream TEXT NOT NULL,
                  seq INTEGER NOT NULL,
                  hash BLOB NOT NULL UNIQUE,
                  prev BLOB,
                  issued_at INTEGER NOT NULL,
                  decision TEXT NOT NULL,
                  action TEXT NOT NULL,
                  resource TEXT NOT NULL,
                  key_id TEXT NOT NULL,
                  policy_id TEXT,
                  body BLOB NOT NULL,
                  UNIQUE (stream, seq)
                ) STRICT;
                CREATE INDEX receipts_action ON receipts (action, decision, issued_at);
                CREATE INDEX receipts_time ON receipts (issued_at);
                CREATE INDEX receipts_resource ON receipts (resource, issued_at);
                CREATE INDEX receipts_key ON receipts (key_id, issued_at);
                CREATE INDEX receipts_policy ON receipts (policy_id, issued_at);
                CREATE TABLE streams (stream TEXT PRIMARY KEY, seq INTEGER NOT NULL, head BLOB NOT NULL) STRICT;
                CREATE TABLE merkle_nodes (level INTEGER NOT NULL, idx INTEGER NOT NULL, hash BLOB NOT NULL, PRIMARY KEY (level, idx)) STRICT, WITHOUT ROWID;
                CREATE TABLE merkle_tiles (level INTEGER NOT NULL, idx INTEGER NOT NULL, hashes BLOB NOT NULL, PRIMARY KEY (level, idx)) STRICT, WITHOUT ROWID;
                CREATE TABLE checkpoints (size INTEGER PRIMARY KEY, root BLOB NOT NULL, note BLOB NOT NULL, created_at INTEGER NOT NULL) STRICT;
                CREATE TABLE key_records (id INTEGER PRIMARY KEY, record BLOB NOT NULL UNIQUE, added_at INTEGER NOT NULL) STRICT;
                CREATE TABLE anchors (
                  id INTEGER PRIMARY KEY,
                  size INTEGER NOT NULL REFERENCES checkpoints (size),
                  checkpoint_hash BLOB NOT NULL,
                  tsa_url TEXT NOT NULL,
                  response BLOB NOT NULL UNIQUE,
                  request BLOB NOT NULL,
                  gen_time INTEGER NOT NULL,
                  chain TEXT NOT NULL,
                  revocation TEXT NOT NULL,
                  created_at INTEGER NOT NULL
                ) STRICT;
                CREATE INDEX anchors_size ON anchors (size);
                CREATE INDEX anchors_gen_time ON anchors (gen_time);
                """)
        try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('format', ?)", arguments: [formatVersion])
    }

    // MARK: appending (the sequencing rule)

    public func append(_ requests: [AppendRequest]) throws -> [LedgerEntry] {
        guard !requests.isEmpty else { return [] }
        try AppendRequest.checkBatch(requests)
        return try wrap {
            try pool.writeWithoutTransaction { db in
                var out: [LedgerEntry] = []
                try db.inTransaction(.immediate) {
                    let newest = try Row.fetchOne(
                        db.cachedStatement(sql: "SELECT idx, issued_at FROM receipts ORDER BY idx DESC LIMIT 1"))
                    let size = newest.map { UInt64($0["idx"] as Int64) + 1 } ?? 0
                    var edge = try rightEdge(db, size: size)
                    // Before this transaction wrote anything, a table seen is a committed one.
                    if try !merkleStore.tilesSeen.has({ try db.tableExists("merkle_tiles") }) {
                        try SQLiteLedgerStore.ensureTiles(db, size: size)
                    }
                    // Idempotency keys (issue #14): the table exists once a key was first used.
                    if requests.contains(where: { $0.requestKey != nil }) {
                        try db.execute(sql: SQLiteLedgerStore.requestsTable)
                    }
                    let batch = try SequencedBatch(
                        requests, start: size, logTimeMillis: newest?["issued_at"],
                        stored: { try SQLiteLedgerStore.request(db, stream: $0.stream, id: $0.requestKey!.id) },
                        head: { stream in
                            try Row.fetchOne(
                                db.cachedStatement(sql: "SELECT seq, head FROM streams WHERE stream = ?"),
                                arguments: [stream]
                            ).map { (UInt64($0["seq"] as Int64), [UInt8]($0["head"] as Data)) }
                        })
                    var completedTiles: [MerkleTile.Key] = []
                    // Cached statements: preparing each one per receipt (with GRDB's authorizer) was ~10 % of minting.
                    let insertReceipt = try db.cachedStatement(
                        sql: """
                            INSERT INTO receipts (idx, stream, seq, hash, prev, issued_at, decision, action, resource, key_id, policy_id, body)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            """)
                    let insertNode = try db.cachedStatement(
                        sql: "INSERT INTO merkle_nodes (level, idx, hash) VALUES (?, ?, ?)")
                    for minted in batch.minted {
                        let e = minted.entry
                        try insertReceipt.execute(arguments: [
                            Int64(e.index), e.stream, Int64(e.sequence), Data(e.hash), e.previousHash.map { Data($0) },
                            e.issuedAtMillis, e.decision, e.action, e.resource, e.keyID, e.policyID, Data(e.body),
                        ])
                        for node in try edge.append(leafHash: minted.leafHash) {
                            try insertNode.execute(arguments: [
                                node.id.level, Int64(node.id.index), Data(node.hash.bytes),
                            ])
                            if let tile = MerkleTile.completed(by: node.id) { completedTiles.append(tile) }
                        }
                        if let key = minted.requestKey {
                            try db.cachedStatement(
                                sql: "INSERT INTO requests (stream, request_id, digest, idx) VALUES (?, ?, ?, ?)"
                            ).execute(arguments: [e.stream, key.id, Data(key.digest), Int64(e.index)])
                        }
                    }
                    for tile in completedTiles { try SQLiteLedgerStore.writeTile(db, tile) }
                    for head in batch.heads {
                        try db.cachedStatement(
                            sql:
                                "INSERT INTO streams (stream, seq, head) VALUES (?, ?, ?) ON CONFLICT (stream) DO UPDATE SET seq = excluded.seq, head = excluded.head"
                        ).execute(arguments: [head.stream, Int64(head.sequence), Data(head.hash)])
                    }
                    out = batch.results
                    return .commit
                }
                return out
            }
        }
    }

    /// The Merkle log's right edge at `size` (MerkleRightEdge: the subtrees an append needs, at
    /// most 64 reads per batch).
    func rightEdge(_ db: Database, size: UInt64) throws -> MerkleRightEdge {
        var hashes: [Int: MerkleHash] = [:]
        for id in MerkleRightEdge.subtrees(ofSize: size) {
            if let h = try SQLiteMerkleHashStore.node(db, id) { hashes[id.level] = h }
        }
        do { return try MerkleRightEdge(size: size, hashes: hashes) } catch let e as MerkleError {
            throw LedgerStoreError(.corrupt, e.detail)
        }
    }

    // MARK: reading

    public func head(of stream: String) throws -> StreamHead? {
        try wrap {
            try pool.read { db in
                try Row.fetchOne(db, sql: "SELECT stream, seq, head FROM streams WHERE stream = ?", arguments: [stream])
                    .map(SQLiteLedgerStore.head)
            }
        }
    }

    public func heads() throws -> [StreamHead] {
        try wrap {
            try pool.read { db in
                try Row.fetchAll(db, sql: "SELECT stream, seq, head FROM streams ORDER BY stream").map(
                    SQLiteLedgerStore.head)
            }
        }
    }

    static func head(_ row: Row) -> StreamHead {
        StreamHead(stream: row["stream"], sequence: UInt64(row["seq"] as Int64), hash: [UInt8](row["head"] as Data))
    }

    /// Idempotency keys: created on first use, so ledgers made before it need no migration.
    static let requestsTable = """
        CREATE TABLE IF NOT EXISTS requests (stream TEXT NOT NULL, request_id TEXT NOT NULL, digest BLOB NOT NULL,
          idx INTEGER NOT NULL REFERENCES receipts (idx), PRIMARY KEY (stream, request_id)) STRICT
        """

    static func request(_ db: Database, stream: String, id: String) throws -> (digest: [UInt8], entry: LedgerEntry)? {
        guard try db.tableExists("requests") else { return nil }
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(
                    sql:
                        "SELECT r.*, q.digest AS request_digest FROM requests q JOIN receipts r ON r.idx = q.idx WHERE q.stream = ? AND q.request_id = ?"
                ), arguments: [stream, id])
        else { return nil }
        return ([UInt8](row["request_digest"] as Data), entry(row))
    }

    public func request(stream: String, id: String) throws -> (digest: [UInt8], entry: LedgerEntry)? {
        try wrap { try pool.read { db in try SQLiteLedgerStore.request(db, stream: stream, id: id) } }
    }

    public func entry(index: UInt64) throws -> LedgerEntry? {
        try wrap {
            try pool.read { db in
                try Row.fetchOne(db, sql: "SELECT * FROM receipts WHERE idx = ?", arguments: [Int64(index)]).map(
                    SQLiteLedgerStore.entry)
            }
        }
    }

    public func entry(hash: [UInt8]) throws -> LedgerEntry? {
        try wrap {
            try pool.read { db in
                try Row.fetchOne(db, sql: "SELECT * FROM receipts WHERE hash = ?", arguments: [Data(hash)]).map(
                    SQLiteLedgerStore.entry)
            }
        }
    }

    public func search(_ q: LedgerQuery) throws -> [LedgerEntry] {
        var clauses: [String] = []
        var args: [any DatabaseValueConvertible] = []
        for (column, value) in q.columnEqualities {
            clauses.append("\(column) = ?")
            args.append(value)
        }
        if let from = q.from { clauses.append("issued_at >= ?"); args.append(from) }
        if let to = q.to { clauses.append("issued_at < ?"); args.append(to) }
        if let after = q.afterIndex { clauses.append("idx > ?"); args.append(Int64(clamping: after)) }
        if let before = q.beforeIndex { clauses.append("idx < ?"); args.append(Int64(clamping: before)) }
        let whereSQL = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
        // A window of the log is read along the primary key (NOT INDEXED: with a stream or action
        // as well, SQLite would otherwise walk that index over the whole log and sort).
        let table = q.beforeIndex != nil ? "receipts NOT INDEXED" : "receipts"
        let sql = "SELECT * FROM \(table) \(whereSQL) ORDER BY idx LIMIT ?"
        args.append(max(0, q.limit))
        return try wrap {
            try pool.read { db in
                try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args)).map(SQLiteLedgerStore.entry)
            }
        }
    }

    public func entryCount(from: UInt64, before: UInt64) throws -> UInt64 {
        try wrap {
            try pool.read { db in
                UInt64(
                    try Int64.fetchOne(
                        db, sql: "SELECT COUNT(*) FROM receipts WHERE idx >= ? AND idx < ?",
                        arguments: [Int64(clamping: from), Int64(clamping: before)]) ?? 0)
            }
        }
    }

    static func entry(_ row: Row) -> LedgerEntry {
        let prepared = PreparedEntry(
            body: [UInt8](row["body"] as Data), issuedAtMillis: row["issued_at"], decision: row["decision"],
            action: row["action"], resource: row["resource"], keyID: row["key_id"], policyID: row["policy_id"])
        return LedgerEntry(
            index: UInt64(row["idx"] as Int64), stream: row["stream"], sequence: UInt64(row["seq"] as Int64),
            hash: [UInt8](row["hash"] as Data), previousHash: (row["prev"] as Data?).map { [UInt8]($0) },
            prepared: prepared)
    }

    // MARK: Merkle

    public var merkle: any MerkleHashStore { merkleStore }
    /// Made with the store (not lazily: appends and proofs use it from several threads at once).
    private let merkleStore: SQLiteMerkleHashStore

    // MARK: checkpoints

    public func saveCheckpoint(_ c: StoredCheckpoint) throws {
        try wrap {
            try pool.write { db in
                try db.execute(
                    sql:
                        "INSERT INTO checkpoints (size, root, note, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (size) DO NOTHING",
                    arguments: [Int64(c.treeSize), Data(c.rootHash), Data(c.note), c.createdAtMillis])
            }
        }
    }

    public func latestCheckpoint() throws -> StoredCheckpoint? {
        try wrap {
            try pool.read { db in
                try Row.fetchOne(db, sql: "SELECT * FROM checkpoints ORDER BY size DESC LIMIT 1").map(
                    SQLiteLedgerStore.checkpoint)
            }
        }
    }

    public func checkpoints() throws -> [StoredCheckpoint] {
        try wrap {
            try pool.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM checkpoints ORDER BY size").map(SQLiteLedgerStore.checkpoint)
            }
        }
    }

    public func addKeyRecord(_ record: [UInt8], addedAtMillis: Int64) throws {
        try wrap {
            try pool.write { db in
                try db.execute(
                    sql: "INSERT INTO key_records (record, added_at) VALUES (?, ?) ON CONFLICT (record) DO NOTHING",
                    arguments: [Data(record), addedAtMillis])
            }
        }
    }

    public func keyRecords() throws -> [[UInt8]] {
        try wrap {
            try pool.read { db in
                try Data.fetchAll(db, sql: "SELECT record FROM key_records ORDER BY id").map { [UInt8]($0) }
            }
        }
    }

    public func saveAnchor(_ a: StoredAnchor) throws {
        try wrap {
            try pool.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO anchors (size, checkpoint_hash, tsa_url, response, request, gen_time, chain, revocation, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (response) DO NOTHING
                        """,
                    arguments: [
                        Int64(a.treeSize), Data(a.checkpointHash), a.tsaURL, Data(a.response), Data(a.request),
                        a.genTimeMillis,
                        a.chainPEM, a.revocationPEM, a.createdAtMillis,
                    ])
            }
        }
    }

    public func anchors(treeSize: UInt64?) throws -> [StoredAnchor] {
        let (sql, args): (String, StatementArguments) =
            treeSize.map { ("SELECT * FROM anchors WHERE size = ? ORDER BY id", [Int64($0)]) }
            ?? ("SELECT * FROM anchors ORDER BY id", [])
        return try wrap {
            try pool.read { db in try Row.fetchAll(db, sql: sql, arguments: args).map(SQLiteLedgerStore.anchor) }
        }
    }

    public func newestAnchor() throws -> StoredAnchor? {
        try wrap {
            try pool.read { db in
                try Row.fetchOne(db, sql: "SELECT * FROM anchors ORDER BY gen_time DESC, id DESC LIMIT 1").map(
                    SQLiteLedgerStore.anchor)
            }
        }
    }

    public func anchorChains() throws -> [String] {
        try wrap {
            try pool.read { db in
                try String.fetchAll(db, sql: "SELECT chain FROM anchors GROUP BY chain ORDER BY MIN(id)")
            }
        }
    }

    static func anchor(_ row: Row) -> StoredAnchor {
        StoredAnchor(
            treeSize: UInt64(row["size"] as Int64), checkpointHash: [UInt8](row["checkpoint_hash"] as Data),
            tsaURL: row["tsa_url"],
            response: [UInt8](row["response"] as Data), request: [UInt8](row["request"] as Data),
            genTimeMillis: row["gen_time"],
            chainPEM: row["chain"], revocationPEM: row["revocation"], createdAtMillis: row["created_at"])
    }

    static func checkpoint(_ row: Row) -> StoredCheckpoint {
        StoredCheckpoint(
            treeSize: UInt64(row["size"] as Int64), rootHash: [UInt8](row["root"] as Data),
            note: [UInt8](row["note"] as Data),
            createdAtMillis: row["created_at"])
    }

    /// Maps GRDB errors to store errors; errors thrown by a caller's builder pass through.
    func wrap<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let e as DatabaseError {
            throw LedgerStoreError(.io, "\(path): \(e.message ?? "\(e.resultCode)")")
        }
    }
}

/// The Merkle log's complete-subtree hashes, read from `merkle_nodes` in one query per batch.
final class SQLiteMerkleHashStore: MerkleHashStore, @unchecked Sendable {
    let pool: DatabasePool
    private let size = GrowingLogSize()
    private let cache = MerkleNodeCache()
    /// Nodes below this level are not cached: they are folds of the tiles of levels 0 and 1
    /// (the first read each time, the second cached whole), and a random proof's are rarely
    /// asked for again — cached, they filled the cache, which then started again empty and lost
    /// the upper nodes every proof shares (2^20 leaves have 8,191 nodes from level 8 up).
    static let cachedFromLevel = 2 * MerkleTile.height
    let tilesSeen = OnceTrue()
    /// Whole tiles above the bottom level (at most 8,192, about 5 MiB).
    let tileCache = AppendOnlyCache<MerkleTile.Key, [MerkleHash]>(capacity: 1 << 13)

    init(pool: DatabasePool) { self.pool = pool }

    func treeSize() throws -> UInt64 {
        let size = try pool.read { db in
            UInt64(
                try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(idx) + 1, 0) FROM merkle_nodes WHERE level = 0") ?? 0)
        }
        return self.size.observed(size)
    }

    func hasSize(_ size: UInt64) throws -> Bool { try self.size.has(size, read: treeSize) }

    /// What is not cached (``MerkleNodeCache``), in one read for the whole batch (a proof asks for
    /// about 2·log₂ n nodes at once) outside a transaction, since every value read is immutable,
    /// through the tiles (SQLiteLedgerStore+Tiles.swift).
    func completeSubtreeHashes(_ subtrees: [MerkleSubtreeID]) throws -> [MerkleHash] {
        try cache.values(subtrees, keep: { id, _ in id.level >= Self.cachedFromLevel }) { missing in
            try pool.unsafeRead { db in try tiledSubtreeHashes(db, missing) }
        }
    }
}
