import EvidentCore
import EvidentCrypto
import EvidentLedger
import Foundation
import NIOCore
import PostgresNIO

/// The shared ledger store: PostgreSQL, for many writers in many processes on many machines
/// appending to one ledger. Its semantics are the SQLite store's (``LedgerStore``), and the same
/// test suite runs against both.
///
/// Sequencing: every append transaction first locks the one row of `log_state`
/// (`SELECT … FOR UPDATE`), so appends from any number of connections are serialised exactly
/// as SQLite's `BEGIN IMMEDIATE` serialises them; inside the lock the batch reads its streams'
/// heads and the Merkle log's right edge in one query, builds (signs) its entries, and writes
/// receipts, Merkle nodes, heads and the new size in one statement (data-modifying CTEs; chunked
/// when a batch exceeds a statement's parameters). A batch therefore costs five round trips
/// (BEGIN, the lock, the reads, the write, COMMIT), not a few per receipt. `COMMIT` returns
/// once the server has flushed the WAL (`synchronous_commit = on`, the default), and only then
/// does ``append(_:)`` return: an acknowledged receipt is durable.
///
/// Schema (docs/ledger-store.md): the SQLite tables with PostgreSQL types, in their own schema
/// (`?schema=`, default `evident`), plus `log_state` (the lock and the size).
public final class PostgresLedgerStore: LedgerStore, @unchecked Sendable {
    public static let formatVersion = 1
    let session: PostgresSession
    public let location: PostgresLocation
    /// The origin recorded when the ledger was created (two servers on one database must agree).
    public let origin: String

    /// Opens an existing ledger; with `create`, makes a new one with `origin` (refusing a
    /// schema that already holds one).
    public init(location: PostgresLocation, create: Bool = false, origin: String? = nil) throws {
        self.location = location
        session = try PostgresSession(location: location)
        merkleStore = PostgresMerkleHashStore(session: session)
        let schema = location.schema
        if create {
            guard let origin else { throw LedgerStoreError(.invalidRequest, "a new ledger needs an origin") }
            try session.transaction { c in
                // Serialise concurrent creators of the same schema.
                try c.query("SELECT pg_advisory_xact_lock(hashtext(\(schema)))")
                guard try !Self.holdsLedger(c, schema: schema) else {
                    throw LedgerStoreError(.alreadyInitialized, "\(location) already holds a ledger")
                }
                try c.execute("CREATE SCHEMA IF NOT EXISTS \"\(schema)\"")
                try c.execute("SET LOCAL search_path TO \"\(schema)\"")
                for statement in PostgresLedgerStore.schemaStatements { try c.execute(statement) }
                try c.query(
                    "INSERT INTO meta (key, value) VALUES ('format', \(String(PostgresLedgerStore.formatVersion))), ('origin', \(origin))"
                )
            }
        }
        let meta = try session.withConnection { c -> [String: String] in
            guard try Self.holdsLedger(c, schema: schema) else {
                throw LedgerStoreError(
                    .notInitialized, "\(location) holds no ledger (run `evident ledger init --store …`)")
            }
            return Dictionary(
                try c.query("SELECT key, value FROM meta").map {
                    (try $0.get("key", String.self), try $0.get("value", String.self))
                },
                uniquingKeysWith: { a, _ in a })
        }
        guard let format = meta["format"].flatMap(Int.init) else {
            throw LedgerStoreError(.corrupt, "\(location) is not an Evident ledger (no format version)")
        }
        guard format == PostgresLedgerStore.formatVersion else {
            throw LedgerStoreError(
                .corrupt,
                "\(location) has ledger format \(format), this build reads \(PostgresLedgerStore.formatVersion)")
        }
        guard let stored = meta["origin"], !stored.isEmpty else {
            throw LedgerStoreError(.corrupt, "\(location) records no origin")
        }
        if let origin, origin != stored {
            throw LedgerStoreError(.invalidRequest, "\(location) is the ledger \(stored), not \(origin)")
        }
        self.origin = stored
    }

    /// Whether `schema` already has the ledger's `meta` table.
    static func holdsLedger(_ c: PostgresSession.Connection, schema: String) throws -> Bool {
        try !c.query("SELECT 1 FROM information_schema.tables WHERE table_schema = \(schema) AND table_name = 'meta'")
            .isEmpty
    }

    /// Closes the connections (further calls fail).
    public func close() { session.close() }

    static let schemaStatements = [
        "CREATE TABLE meta (key text PRIMARY KEY, value text NOT NULL)",
        "CREATE TABLE log_state (id int PRIMARY KEY CHECK (id = 1), size bigint NOT NULL CHECK (size >= 0))",
        "INSERT INTO log_state (id, size) VALUES (1, 0)",
        """
        CREATE TABLE receipts (
          idx bigint PRIMARY KEY,
          stream text NOT NULL,
          seq bigint NOT NULL,
          hash bytea NOT NULL UNIQUE,
          prev bytea,
          issued_at bigint NOT NULL,
          decision text NOT NULL,
          action text NOT NULL,
          resource text NOT NULL,
          key_id text NOT NULL,
          policy_id text,
          body bytea NOT NULL,
          UNIQUE (stream, seq)
        )
        """,
        "CREATE INDEX receipts_action ON receipts (action, decision, issued_at)",
        "CREATE INDEX receipts_time ON receipts (issued_at)",
        "CREATE INDEX receipts_resource ON receipts (resource, issued_at)",
        "CREATE INDEX receipts_key ON receipts (key_id, issued_at)",
        "CREATE INDEX receipts_policy ON receipts (policy_id, issued_at)",
        "CREATE TABLE streams (stream text PRIMARY KEY, seq bigint NOT NULL, head bytea NOT NULL)",
        "CREATE TABLE merkle_nodes (level int NOT NULL, idx bigint NOT NULL, hash bytea NOT NULL, PRIMARY KEY (level, idx))",
        "CREATE TABLE checkpoints (size bigint PRIMARY KEY, root bytea NOT NULL, note bytea NOT NULL, created_at bigint NOT NULL)",
        // Records and responses can exceed a B-tree entry (~2.7 kB): uniqueness is on their SHA-256.
        "CREATE TABLE key_records (id bigserial PRIMARY KEY, record bytea NOT NULL, record_hash bytea NOT NULL UNIQUE, added_at bigint NOT NULL)",
        """
        CREATE TABLE anchors (
          id bigserial PRIMARY KEY,
          size bigint NOT NULL REFERENCES checkpoints (size),
          checkpoint_hash bytea NOT NULL,
          tsa_url text NOT NULL,
          response bytea NOT NULL,
          response_hash bytea NOT NULL UNIQUE,
          request bytea NOT NULL,
          gen_time bigint NOT NULL,
          chain text NOT NULL,
          revocation text NOT NULL,
          created_at bigint NOT NULL
        )
        """,
        "CREATE INDEX anchors_size ON anchors (size)",
        "CREATE INDEX anchors_gen_time ON anchors (gen_time)",
    ]

    // MARK: appending (the sequencing rule)

    /// Rows per multi-row INSERT (PostgreSQL allows 65,535 parameters per statement).
    static let insertChunk = 1000

    public func append(_ requests: [AppendRequest]) throws -> [LedgerEntry] {
        guard !requests.isEmpty else { return [] }
        try AppendRequest.checkBatch(requests)
        return try session.transaction { c in
            // (1) The log lock: one appender at a time, across every connection and machine.
            guard let sizeRow = try c.query("SELECT size FROM log_state WHERE id = 1 FOR UPDATE").first else {
                throw LedgerStoreError(.corrupt, "\(location): log_state is empty")
            }
            let start = UInt64(try sizeRow.get("size", Int64.self))
            // (2) The heads of the batch's streams and the Merkle log's right edge, in one query.
            // It must be a statement of its own after the lock: at READ COMMITTED a statement
            // reads from the snapshot taken when it starts, so a read in the locking statement
            // could predate the commit of the writer it waited for.
            let names = Array(Set(requests.map { ExactText($0.stream) }))
            let (heads, rightEdge, logTime) = try headsAndRightEdge(c, streams: names, size: start)
            var edge = rightEdge
            // Idempotency keys (issue #14): the table exists once a key was first used; under the
            // log lock, a key another writer committed is seen here.
            let keyed = requests.compactMap { r in r.requestKey.map { (r.stream, $0.id) } }
            if !keyed.isEmpty { try c.execute(Self.requestsTable) }
            let existing = try keyed.isEmpty ? [:] : Self.requests(c, keys: keyed)
            // (3) Sequence, build, sign and hash (the batch's streams on every core); the Merkle
            // nodes the new leaves close.
            let batch = try SequencedBatch(
                requests, start: start, logTimeMillis: logTime, stored: { r in r.requestSlot.flatMap { existing[$0] } },
                head: { heads[ExactText($0)].map { (sequence: $0.0, hash: $0.1) } })
            var nodes: [MerkleRightEdge.Node] = []
            for minted in batch.minted { nodes += try edge.append(leafHash: minted.leafHash) }
            // (4) Write it all: receipts, Merkle nodes, heads and the new size.
            // A batch of retries only (every request a replayed request_id) writes nothing.
            guard !batch.minted.isEmpty else { return batch.results }
            try write(
                c, entries: batch.minted.map(\.entry), nodes: nodes,
                heads: batch.heads.map { ($0.stream, $0.sequence, $0.hash) },
                size: start + UInt64(batch.minted.count))
            for minted in batch.minted {
                guard let key = minted.requestKey else { continue }
                try c.query(
                    "INSERT INTO requests (stream, request_id, digest, idx) VALUES (\(minted.entry.stream), \(key.id), \(ByteBuffer(bytes: key.digest)), \(Int64(minted.entry.index)))"
                )
            }
            return batch.results
        }
    }

    /// Idempotency keys: created on first use, so ledgers made before it need no migration.
    static let requestsTable = """
        CREATE TABLE IF NOT EXISTS requests (stream text NOT NULL, request_id text NOT NULL, digest bytea NOT NULL,
          idx bigint NOT NULL REFERENCES receipts (idx), PRIMARY KEY (stream, request_id))
        """

    /// What the store holds for `keys` (stream, request_id), keyed by `AppendRequest.RequestKey.slot`.
    static func requests(
        _ c: PostgresSession.Connection, keys: [(String, String)]
    ) throws -> [ExactText: (digest: [UInt8], entry: LedgerEntry)] {
        guard
            try c.query("SELECT to_regclass('requests') IS NOT NULL AS present").first?.get("present", Bool.self)
                == true
        else { return [:] }
        var binds = PostgresBindings()
        binds.append(keys.map(\.0))
        binds.append(keys.map(\.1))
        let rows = try c.query(
            PostgresQuery(
                unsafeSQL: """
                    SELECT r.*, q.request_id, q.digest AS request_digest FROM requests q JOIN receipts r ON r.idx = q.idx
                    WHERE (q.stream, q.request_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))
                    """, binds: binds))
        var out: [ExactText: (digest: [UInt8], entry: LedgerEntry)] = [:]
        for row in rows {
            let e = try Self.entry(row)
            out[AppendRequest.RequestKey.slot(stream: e.stream, id: try row.get("request_id", String.self))] = (
                try row.bytes("request_digest"), e
            )
        }
        return out
    }

    public func request(stream: String, id: String) throws -> (digest: [UInt8], entry: LedgerEntry)? {
        try session.withConnection { c in
            try Self.requests(c, keys: [(stream, id)])[AppendRequest.RequestKey.slot(stream: stream, id: id)]
        }
    }

    /// The heads of `streams`, the pending left siblings of a log of `size` leaves (for each
    /// set bit `l` of `size`, the complete subtree at level `l` ending at the last leaf) and the
    /// issued_at of the last entry (the log's time, which appends keep monotone).
    func headsAndRightEdge(
        _ c: PostgresSession.Connection, streams: [ExactText], size: UInt64
    )
        throws -> (heads: [ExactText: (UInt64, [UInt8])], edge: MerkleRightEdge, logTime: Int64?)
    {
        let wanted = MerkleRightEdge.subtrees(ofSize: size).map { "(\($0.level), \($0.index))" }
        var binds = PostgresBindings()
        binds.append(streams.map(\.text))
        let edge =
            wanted.isEmpty
            ? ""
            : """
             UNION ALL SELECT NULL, NULL, hash, level, idx FROM merkle_nodes WHERE (level, idx) IN (\(wanted.joined(separator: ", ")))
            """
        let last =
            size == 0 ? "" : " UNION ALL SELECT NULL, issued_at, NULL, -1, idx FROM receipts WHERE idx = \(size - 1)"
        let rows = try c.query(
            PostgresQuery(
                unsafeSQL: """
                    SELECT stream, seq, head AS hash, NULL::int AS level, NULL::bigint AS idx FROM streams WHERE stream = ANY($1)\(edge)\(last)
                    """, binds: binds))
        // Keyed by the stream's bytes (canonically equivalent names are distinct streams).
        var heads: [ExactText: (UInt64, [UInt8])] = [:]
        var edgeHashes: [Int: MerkleHash] = [:]
        var logTime: Int64?
        for row in rows {
            if let level = try row.get("level", Int?.self), level < 0 {
                logTime = try row.get("seq", Int64.self)
            } else if let level = try row.get("level", Int?.self) {
                edgeHashes[level] = try MerkleHash(try row.bytes("hash"))
            } else {
                heads[ExactText(try row.get("stream", String.self))] = (
                    UInt64(try row.get("seq", Int64.self)), try row.bytes("hash")
                )
            }
        }
        guard size == 0 || logTime != nil else { throw LedgerStoreError(.corrupt, "entry \(size - 1) is missing") }
        do { return (heads, try MerkleRightEdge(size: size, hashes: edgeHashes), logTime) } catch let e as MerkleError {
            throw LedgerStoreError(.corrupt, e.detail)
        }
    }

    /// Most parameters in one statement (PostgreSQL's limit is 65,535).
    static let maxParameters = 60_000

    /// Writes a batch. A batch that fits in one statement's parameters is written by one
    /// statement (data-modifying CTEs: one round trip); a larger one in chunks.
    func write(
        _ c: PostgresSession.Connection, entries: [LedgerEntry], nodes: [MerkleRightEdge.Node],
        heads: [(String, UInt64, [UInt8])], size: UInt64
    ) throws {
        let receiptsSQL =
            "INSERT INTO receipts (idx, stream, seq, hash, prev, issued_at, decision, action, resource, key_id, policy_id, body) VALUES "
        let nodesSQL = "INSERT INTO merkle_nodes (level, idx, hash) VALUES "
        let headsSQL = "INSERT INTO streams (stream, seq, head) VALUES "
        let upsert = " ON CONFLICT (stream) DO UPDATE SET seq = excluded.seq, head = excluded.head"
        if 12 * entries.count + 3 * nodes.count + 3 * heads.count + 1 <= Self.maxParameters {
            var binds = PostgresBindings(capacity: 12 * entries.count + 3 * nodes.count + 3 * heads.count + 1)
            let r = Self.receiptRows(entries[...], &binds), n = Self.nodeRows(nodes[...], &binds),
                h = Self.headRows(heads, &binds)
            binds.append(Int64(size))
            try c.query(
                PostgresQuery(
                    unsafeSQL: """
                        WITH r AS (\(receiptsSQL)\(r)), n AS (\(nodesSQL)\(n)), h AS (\(headsSQL)\(h)\(upsert))
                        UPDATE log_state SET size = $\(binds.count) WHERE id = 1
                        """, binds: binds))
            return
        }
        for start in stride(from: 0, to: entries.count, by: Self.insertChunk) {
            var binds = PostgresBindings()
            let r = Self.receiptRows(entries[start..<min(entries.count, start + Self.insertChunk)], &binds)
            try c.query(PostgresQuery(unsafeSQL: receiptsSQL + r, binds: binds))
        }
        for start in stride(from: 0, to: nodes.count, by: 4 * Self.insertChunk) {
            var binds = PostgresBindings()
            let n = Self.nodeRows(nodes[start..<min(nodes.count, start + 4 * Self.insertChunk)], &binds)
            try c.query(PostgresQuery(unsafeSQL: nodesSQL + n, binds: binds))
        }
        var binds = PostgresBindings()
        let h = Self.headRows(heads, &binds)
        try c.query(PostgresQuery(unsafeSQL: headsSQL + h + upsert, binds: binds))
        try c.query("UPDATE log_state SET size = \(Int64(size)) WHERE id = 1")
    }

    /// `($1,…,$12), …` for the entries, their values appended to `binds`.
    static func receiptRows(_ entries: ArraySlice<LedgerEntry>, _ binds: inout PostgresBindings) -> String {
        var values: [String] = []
        values.reserveCapacity(entries.count)
        for e in entries {
            let n = binds.count
            values.append("(" + (1...12).map { "$\(n + $0)" }.joined(separator: ",") + ")")
            binds.append(Int64(e.index))
            binds.append(e.stream)
            binds.append(Int64(e.sequence))
            binds.append(bytes: e.hash)
            binds.append(bytes: e.previousHash)
            binds.append(e.issuedAtMillis)
            binds.append(e.decision)
            binds.append(e.action)
            binds.append(e.resource)
            binds.append(e.keyID)
            binds.append(e.policyID)
            binds.append(bytes: e.body)
        }
        return values.joined(separator: ", ")
    }

    static func nodeRows(
        _ nodes: ArraySlice<MerkleRightEdge.Node>, _ binds: inout PostgresBindings
    ) -> String {
        var values: [String] = []
        values.reserveCapacity(nodes.count)
        for node in nodes {
            let n = binds.count
            values.append("($\(n + 1), $\(n + 2), $\(n + 3))")
            binds.append(node.id.level)
            binds.append(Int64(node.id.index))
            binds.append(bytes: node.hash.bytes)
        }
        return values.joined(separator: ", ")
    }

    static func headRows(_ heads: [(String, UInt64, [UInt8])], _ binds: inout PostgresBindings) -> String {
        var values: [String] = []
        for (stream, seq, hash) in heads {
            let n = binds.count
            values.append("($\(n + 1), $\(n + 2), $\(n + 3))")
            binds.append(stream)
            binds.append(Int64(seq))
            binds.append(bytes: hash)
        }
        return values.joined(separator: ", ")
    }

    // MARK: reading

    public func head(of stream: String) throws -> StreamHead? {
        try session.withConnection { c in
            try c.query("SELECT stream, seq, head FROM streams WHERE stream = \(stream)").first.map(Self.head)
        }
    }

    public func heads() throws -> [StreamHead] {
        try session.withConnection { c in
            try c.query("SELECT stream, seq, head FROM streams ORDER BY stream COLLATE \"C\"").map(Self.head)
        }
    }

    static func head(_ row: PostgresRow) throws -> StreamHead {
        StreamHead(
            stream: try row.get("stream"), sequence: UInt64(try row.get("seq", Int64.self)), hash: try row.bytes("head")
        )
    }

    public func entry(index: UInt64) throws -> LedgerEntry? {
        try session.withConnection { c in
            try c.query("SELECT * FROM receipts WHERE idx = \(Int64(index))").first.map(Self.entry)
        }
    }

    public func entry(hash: [UInt8]) throws -> LedgerEntry? {
        try session.withConnection { c in
            try c.query("SELECT * FROM receipts WHERE hash = \(ByteBuffer(bytes: hash))").first.map(Self.entry)
        }
    }

    public func search(_ q: LedgerQuery) throws -> [LedgerEntry] {
        var clauses: [String] = []
        var binds = PostgresBindings()
        for (column, value) in q.columnEqualities {
            binds.append(value)
            clauses.append("\(column) = $\(binds.count)")
        }
        if let from = q.from { binds.append(from); clauses.append("issued_at >= $\(binds.count)") }
        if let to = q.to { binds.append(to); clauses.append("issued_at < $\(binds.count)") }
        if let after = q.afterIndex { binds.append(Int64(clamping: after)); clauses.append("idx > $\(binds.count)") }
        if let before = q.beforeIndex { binds.append(Int64(clamping: before)); clauses.append("idx < $\(binds.count)") }
        binds.append(Int64(max(0, q.limit)))
        let whereSQL = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
        let sql = "SELECT * FROM receipts \(whereSQL) ORDER BY idx LIMIT $\(binds.count)"
        return try session.withConnection { c in
            try c.query(PostgresQuery(unsafeSQL: sql, binds: binds)).map(Self.entry)
        }
    }

    public func entryCount(from: UInt64, before: UInt64) throws -> UInt64 {
        try session.withConnection { c in
            let rows = try c.query(
                "SELECT COUNT(*) AS n FROM receipts WHERE idx >= \(Int64(clamping: from)) AND idx < \(Int64(clamping: before))"
            )
            return UInt64(try rows.first?.get("n", Int64.self) ?? 0)
        }
    }

    static func entry(_ row: PostgresRow) throws -> LedgerEntry {
        let prepared = PreparedEntry(
            body: try row.bytes("body"), issuedAtMillis: try row.get("issued_at"), decision: try row.get("decision"),
            action: try row.get("action"), resource: try row.get("resource"), keyID: try row.get("key_id"),
            policyID: try row.get("policy_id", String?.self))
        return LedgerEntry(
            index: UInt64(try row.get("idx", Int64.self)), stream: try row.get("stream"),
            sequence: UInt64(try row.get("seq", Int64.self)),
            hash: try row.bytes("hash"), previousHash: try row.optionalBytes("prev"), prepared: prepared)
    }

    // MARK: Merkle

    public var merkle: any MerkleHashStore { merkleStore }
    /// Made with the store (not lazily: appends and proofs use it from several threads at once).
    private let merkleStore: PostgresMerkleHashStore

    // MARK: checkpoints, keys, anchors

    public func saveCheckpoint(_ cp: StoredCheckpoint) throws {
        try session.withConnection { c in
            try c.query(
                """
                INSERT INTO checkpoints (size, root, note, created_at)
                VALUES (\(Int64(cp.treeSize)), \(ByteBuffer(bytes: cp.rootHash)), \(ByteBuffer(bytes: cp.note)), \(cp.createdAtMillis))
                ON CONFLICT (size) DO NOTHING
                """)
        }
    }

    public func latestCheckpoint() throws -> StoredCheckpoint? {
        try session.withConnection { c in
            try c.query("SELECT * FROM checkpoints ORDER BY size DESC LIMIT 1").first.map(Self.checkpoint)
        }
    }

    public func checkpoints() throws -> [StoredCheckpoint] {
        try session.withConnection { c in try c.query("SELECT * FROM checkpoints ORDER BY size").map(Self.checkpoint) }
    }

    static func checkpoint(_ row: PostgresRow) throws -> StoredCheckpoint {
        StoredCheckpoint(
            treeSize: UInt64(try row.get("size", Int64.self)), rootHash: try row.bytes("root"),
            note: try row.bytes("note"),
            createdAtMillis: try row.get("created_at"))
    }

    public func addKeyRecord(_ record: [UInt8], addedAtMillis: Int64) throws {
        let hash = try Digest.hash(.sha256, record)
        try session.withConnection { c in
            try c.query(
                """
                INSERT INTO key_records (record, record_hash, added_at) VALUES (\(ByteBuffer(bytes: record)), \(ByteBuffer(bytes: hash)), \(addedAtMillis))
                ON CONFLICT (record_hash) DO NOTHING
                """)
        }
    }

    public func keyRecords() throws -> [[UInt8]] {
        try session.withConnection { c in
            try c.query("SELECT record FROM key_records ORDER BY id").map { try $0.bytes("record") }
        }
    }

    public func saveAnchor(_ a: StoredAnchor) throws {
        let hash = try Digest.hash(.sha256, a.response)
        try session.withConnection { c in
            try c.query(
                """
                INSERT INTO anchors (size, checkpoint_hash, tsa_url, response, response_hash, request, gen_time, chain, revocation, created_at)
                VALUES (\(Int64(a.treeSize)), \(ByteBuffer(bytes: a.checkpointHash)), \(a.tsaURL), \(ByteBuffer(bytes: a.response)),
                        \(ByteBuffer(bytes: hash)), \(ByteBuffer(bytes: a.request)), \(a.genTimeMillis), \(a.chainPEM), \(a.revocationPEM), \(a.createdAtMillis))
                ON CONFLICT (response_hash) DO NOTHING
                """)
        }
    }

    public func anchors(treeSize: UInt64?) throws -> [StoredAnchor] {
        try session.withConnection { c in
            try
                (treeSize.map { try c.query("SELECT * FROM anchors WHERE size = \(Int64($0)) ORDER BY id") }
                ?? c.query("SELECT * FROM anchors ORDER BY id"))
                .map(Self.anchor)
        }
    }

    public func newestAnchor() throws -> StoredAnchor? {
        try session.withConnection { c in
            try c.query("SELECT * FROM anchors ORDER BY gen_time DESC, id DESC LIMIT 1").first.map(Self.anchor)
        }
    }

    public func anchorChains() throws -> [String] {
        try session.withConnection { c in
            try c.query("SELECT chain FROM anchors GROUP BY chain ORDER BY MIN(id)").map {
                try $0.get("chain", String.self)
            }
        }
    }

    static func anchor(_ row: PostgresRow) throws -> StoredAnchor {
        StoredAnchor(
            treeSize: UInt64(try row.get("size", Int64.self)), checkpointHash: try row.bytes("checkpoint_hash"),
            tsaURL: try row.get("tsa_url"),
            response: try row.bytes("response"), request: try row.bytes("request"),
            genTimeMillis: try row.get("gen_time"),
            chainPEM: try row.get("chain"), revocationPEM: try row.get("revocation"),
            createdAtMillis: try row.get("created_at"))
    }
}

/// The Merkle log's complete-subtree hashes, read from `merkle_nodes` in one query per batch
/// (what the cache does not hold).
final class PostgresMerkleHashStore: MerkleHashStore, @unchecked Sendable {
    let session: PostgresSession
    private let size = GrowingLogSize()
    private let cache = MerkleNodeCache()

    init(session: PostgresSession) { self.session = session }

    func treeSize() throws -> UInt64 {
        let size = try session.withConnection { c in
            guard let row = try c.query("SELECT size FROM log_state WHERE id = 1").first else {
                throw LedgerStoreError(.corrupt, "log_state is empty")
            }
            return UInt64(try row.get("size", Int64.self))
        }
        return self.size.observed(size)
    }

    func hasSize(_ size: UInt64) throws -> Bool { try self.size.has(size, read: treeSize) }

    /// What is not cached (``MerkleNodeCache``), in one query.
    func completeSubtreeHashes(_ subtrees: [MerkleSubtreeID]) throws -> [MerkleHash] {
        try cache.values(subtrees, read: readSubtreeHashes)
    }

    func storedCopies(of subtrees: [MerkleSubtreeID]) throws -> [[MerkleHash]] {
        try readSubtreeHashes(subtrees).map { [$0] }
    }

    private func readSubtreeHashes(_ subtrees: [MerkleSubtreeID]) throws -> [MerkleHash] {
        guard !subtrees.isEmpty else { return [] }
        let levels = subtrees.map { Int64($0.level) }, indices = subtrees.map { Int64($0.index) }
        let rows = try session.withConnection { c in
            try c.query(
                """
                SELECT w.level, w.idx, m.hash FROM unnest(\(levels)::bigint[], \(indices)::bigint[]) AS w(level, idx)
                LEFT JOIN merkle_nodes m ON m.level = w.level AND m.idx = w.idx
                """)
        }
        var found: [MerkleSubtreeID: MerkleHash] = [:]
        for row in rows {
            let id = MerkleSubtreeID(
                level: Int(try row.get("level", Int64.self)), index: UInt64(try row.get("idx", Int64.self)))
            guard let hash = try row.optionalBytes("hash") else {
                throw MerkleError(.treeSizeOutOfRange, "subtree \(id) is not complete in this log")
            }
            found[id] = try MerkleHash(hash)
        }
        return try subtrees.map { id in
            guard let h = found[id] else {
                throw MerkleError(.treeSizeOutOfRange, "subtree \(id) is not complete in this log")
            }
            return h
        }
    }
}
