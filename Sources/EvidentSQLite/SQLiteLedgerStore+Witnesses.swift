import EvidentLedger
import Foundation
import GRDB

/// Witnesses and their cosignatures (issue #17). The tables are created on first write, so
/// ledgers made before them need no migration; reads of a ledger without them find none.
extension SQLiteLedgerStore {
    static let witnessTables = """
        CREATE TABLE IF NOT EXISTS witnesses (name TEXT PRIMARY KEY, vkey TEXT NOT NULL, url TEXT NOT NULL,
          added_at INTEGER NOT NULL) STRICT;
        CREATE TABLE IF NOT EXISTS cosignatures (size INTEGER NOT NULL REFERENCES checkpoints (size),
          witness TEXT NOT NULL, key_hash INTEGER NOT NULL, line TEXT NOT NULL, timestamp INTEGER NOT NULL,
          collected_at INTEGER NOT NULL, PRIMARY KEY (size, witness, key_hash)) STRICT;
        """

    public func addWitness(_ w: LedgerWitness) throws {
        try wrap {
            try pool.write { db in
                try db.execute(sql: SQLiteLedgerStore.witnessTables)
                guard try Row.fetchOne(db, sql: "SELECT 1 FROM witnesses WHERE name = ?", arguments: [w.name]) == nil
                else { throw LedgerStoreError(.witnessExists, "a witness named \(w.name) is already configured") }
                try db.execute(
                    sql: "INSERT INTO witnesses (name, vkey, url, added_at) VALUES (?, ?, ?, ?)",
                    arguments: [w.name, w.key.vkey, w.url, w.addedAtMillis])
            }
        }
    }

    public func removeWitness(name: String) throws -> Bool {
        try wrap {
            try pool.write { db in
                guard try db.tableExists("witnesses") else { return false }
                try db.execute(sql: "DELETE FROM witnesses WHERE name = ?", arguments: [name])
                return db.changesCount > 0
            }
        }
    }

    public func witnesses() throws -> [LedgerWitness] {
        let rows = try wrap {
            try pool.read { db in
                try db.tableExists("witnesses")
                    ? Row.fetchAll(db, sql: "SELECT name, vkey, url, added_at FROM witnesses ORDER BY name") : []
            }
        }
        return try rows.map { row in
            do {
                return try LedgerWitness(
                    key: NoteVerifierKey(vkey: row["vkey"]), url: row["url"], addedAtMillis: row["added_at"])
            } catch {
                throw LedgerStoreError(.corrupt, "\(path): witness \(row["name"] as String): \(error)")
            }
        }
    }

    public func saveCosignatures(_ cosignatures: [StoredCosignature]) throws {
        guard !cosignatures.isEmpty else { return }
        try wrap {
            try pool.write { db in
                try db.execute(sql: SQLiteLedgerStore.witnessTables)
                for c in cosignatures {
                    try db.execute(
                        sql: """
                            INSERT INTO cosignatures (size, witness, key_hash, line, timestamp, collected_at)
                            VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (size, witness, key_hash) DO NOTHING
                            """,
                        arguments: [
                            Int64(c.treeSize), c.witnessName, Int64(c.keyHash), c.line, Int64(clamping: c.timestamp),
                            c.collectedAtMillis,
                        ])
                }
            }
        }
    }

    public func cosignatures(treeSize: UInt64?) throws -> [StoredCosignature] {
        let (sql, args): (String, StatementArguments) =
            treeSize.map { ("SELECT * FROM cosignatures WHERE size = ? ORDER BY witness, key_hash", [Int64($0)]) }
            ?? ("SELECT * FROM cosignatures ORDER BY size, witness, key_hash", [])
        return try wrap {
            try pool.read { db in
                try db.tableExists("cosignatures")
                    ? Row.fetchAll(db, sql: sql, arguments: args).map(SQLiteLedgerStore.cosignature) : []
            }
        }
    }

    public func newestCosignatures() throws -> [StoredCosignature] {
        try wrap {
            try pool.read { db in
                guard try db.tableExists("cosignatures") else { return [] }
                return try Row.fetchAll(
                    db,
                    sql: """
                        SELECT c.* FROM cosignatures c
                        JOIN (SELECT witness, key_hash, MAX(size) AS size FROM cosignatures GROUP BY witness, key_hash) n
                          ON c.witness = n.witness AND c.key_hash = n.key_hash AND c.size = n.size
                        ORDER BY c.witness, c.key_hash
                        """
                ).map(SQLiteLedgerStore.cosignature)
            }
        }
    }

    static func cosignature(_ row: Row) -> StoredCosignature {
        StoredCosignature(
            treeSize: UInt64(row["size"] as Int64), witnessName: row["witness"],
            keyHash: UInt32(truncatingIfNeeded: row["key_hash"] as Int64), line: row["line"],
            timestamp: UInt64(row["timestamp"] as Int64), collectedAtMillis: row["collected_at"])
    }
}
