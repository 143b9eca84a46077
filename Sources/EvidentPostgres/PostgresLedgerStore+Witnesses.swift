import EvidentLedger
import NIOCore
import PostgresNIO

/// Witnesses and their cosignatures (issue #17), with the SQLite store's semantics. The tables
/// are created on first write (under an advisory lock, so concurrent first writers do not race
/// on the catalog): ledgers made before them need no migration.
extension PostgresLedgerStore {
    static let witnessTables = [
        """
        CREATE TABLE IF NOT EXISTS witnesses (name text PRIMARY KEY, vkey text NOT NULL, url text NOT NULL,
          added_at bigint NOT NULL)
        """,
        """
        CREATE TABLE IF NOT EXISTS cosignatures (size bigint NOT NULL REFERENCES checkpoints (size),
          witness text NOT NULL, key_hash bigint NOT NULL, line text NOT NULL, timestamp bigint NOT NULL,
          collected_at bigint NOT NULL, PRIMARY KEY (size, witness, key_hash))
        """,
    ]

    /// Creates the witness tables when missing, inside the caller's transaction.
    private func createWitnessTables(_ c: PostgresSession.Connection) throws {
        try c.query("SELECT pg_advisory_xact_lock(hashtext(\(location.schema + ".witnesses")))")
        for statement in Self.witnessTables { try c.execute(statement) }
    }

    static func present(_ c: PostgresSession.Connection, _ table: String) throws -> Bool {
        try c.query("SELECT to_regclass(\(table)) IS NOT NULL AS present").first?.get("present", Bool.self) == true
    }

    public func addWitness(_ w: LedgerWitness) throws {
        try session.transaction { c in
            try createWitnessTables(c)
            let inserted = try c.query(
                """
                INSERT INTO witnesses (name, vkey, url, added_at) VALUES (\(w.name), \(w.key.vkey), \(w.url), \(w.addedAtMillis))
                ON CONFLICT (name) DO NOTHING RETURNING name
                """)
            guard !inserted.isEmpty else {
                throw LedgerStoreError(.witnessExists, "a witness named \(w.name) is already configured")
            }
        }
    }

    public func removeWitness(name: String) throws -> Bool {
        try session.withConnection { c in
            guard try Self.present(c, "witnesses") else { return false }
            return try !c.query("DELETE FROM witnesses WHERE name = \(name) RETURNING name").isEmpty
        }
    }

    public func witnesses() throws -> [LedgerWitness] {
        try session.withConnection { c in
            guard try Self.present(c, "witnesses") else { return [] }
            return try c.query("SELECT name, vkey, url, added_at FROM witnesses ORDER BY name").map { row in
                let name: String = try row.get("name")
                do {
                    return try LedgerWitness(
                        key: NoteVerifierKey(vkey: row.get("vkey")), url: row.get("url"),
                        addedAtMillis: row.get("added_at"))
                } catch {
                    throw LedgerStoreError(.corrupt, "\(location): witness \(name): \(error)")
                }
            }
        }
    }

    public func saveCosignatures(_ cosignatures: [StoredCosignature]) throws {
        guard !cosignatures.isEmpty else { return }
        try session.transaction { c in
            try createWitnessTables(c)
            for s in cosignatures {
                try c.query(
                    """
                    INSERT INTO cosignatures (size, witness, key_hash, line, timestamp, collected_at)
                    VALUES (\(Int64(s.treeSize)), \(s.witnessName), \(Int64(s.keyHash)), \(s.line), \(Int64(clamping: s.timestamp)), \(s.collectedAtMillis))
                    ON CONFLICT (size, witness, key_hash) DO NOTHING
                    """)
            }
        }
    }

    public func cosignatures(treeSize: UInt64?) throws -> [StoredCosignature] {
        try session.withConnection { c in
            guard try Self.present(c, "cosignatures") else { return [] }
            return try
                (treeSize.map {
                    try c.query("SELECT * FROM cosignatures WHERE size = \(Int64($0)) ORDER BY witness, key_hash")
                } ?? c.query("SELECT * FROM cosignatures ORDER BY size, witness, key_hash"))
                .map(Self.cosignature)
        }
    }

    public func newestCosignatures() throws -> [StoredCosignature] {
        try session.withConnection { c in
            guard try Self.present(c, "cosignatures") else { return [] }
            return try c.query(
                """
                SELECT DISTINCT ON (witness, key_hash) * FROM cosignatures ORDER BY witness, key_hash, size DESC
                """
            ).map(Self.cosignature)
        }
    }

    static func cosignature(_ row: PostgresRow) throws -> StoredCosignature {
        StoredCosignature(
            treeSize: UInt64(try row.get("size", Int64.self)), witnessName: try row.get("witness"),
            keyHash: UInt32(truncatingIfNeeded: try row.get("key_hash", Int64.self)), line: try row.get("line"),
            timestamp: UInt64(try row.get("timestamp", Int64.self)), collectedAtMillis: try row.get("collected_at"))
    }
}
