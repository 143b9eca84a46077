import EvidentCrypto
import EvidentLedger
import Foundation
import GRDB

/// RFC 4998 evidence records per anchor (issue #18). The table is created on first write, so
/// ledgers made before it need no migration; reads of a ledger without it find none.
extension SQLiteLedgerStore {
    static let evidenceRecordsTable = """
        CREATE TABLE IF NOT EXISTS evidence_records (size INTEGER NOT NULL REFERENCES checkpoints (size),
          anchor_hash BLOB NOT NULL, slot INTEGER NOT NULL, record BLOB NOT NULL, updated_at INTEGER NOT NULL,
          PRIMARY KEY (size, anchor_hash, slot)) STRICT;
        """

    public func saveEvidenceRecord(_ r: StoredEvidenceRecord, replacing previous: [UInt8]?) throws {
        try r.check()
        try wrap {
            try pool.write { db in
                // Anchors carry no hash column: the anchor is the one of that size whose response hashes to it.
                let responses = try Data.fetchAll(
                    db, sql: "SELECT response FROM anchors WHERE size = ?", arguments: [Int64(r.treeSize)])
                guard try responses.contains(where: { try Digest.hash(.sha256, [UInt8]($0)) == r.anchorHash })
                else { throw r.unknownAnchor }
                try db.execute(sql: SQLiteLedgerStore.evidenceRecordsTable)
                let key: StatementArguments = [Int64(r.treeSize), Data(r.anchorHash), r.slot]
                if let previous {
                    try db.execute(
                        sql: """
                            UPDATE evidence_records SET record = ?, updated_at = ?
                            WHERE size = ? AND anchor_hash = ? AND slot = ? AND record = ?
                            """,
                        arguments: [Data(r.record), r.updatedAtMillis] + key + [Data(previous)])
                } else {
                    try db.execute(
                        sql: """
                            INSERT INTO evidence_records (size, anchor_hash, slot, record, updated_at)
                            VALUES (?, ?, ?, ?, ?) ON CONFLICT (size, anchor_hash, slot) DO NOTHING
                            """,
                        arguments: key + [Data(r.record), r.updatedAtMillis])
                }
                guard db.changesCount == 1 else { throw r.conflict(replacing: previous) }
            }
        }
    }

    public func evidenceRecords(treeSize: UInt64?) throws -> [StoredEvidenceRecord] {
        let (sql, args): (String, StatementArguments) =
            treeSize.map {
                ("SELECT * FROM evidence_records WHERE size = ? ORDER BY anchor_hash, slot", [Int64($0)])
            } ?? ("SELECT * FROM evidence_records ORDER BY size, anchor_hash, slot", [])
        return try wrap {
            try pool.read { db in
                try db.tableExists("evidence_records")
                    ? Row.fetchAll(db, sql: sql, arguments: args).map(SQLiteLedgerStore.evidenceRecord) : []
            }
        }
    }

    static func evidenceRecord(_ row: Row) -> StoredEvidenceRecord {
        StoredEvidenceRecord(
            treeSize: UInt64(row["size"] as Int64), anchorHash: [UInt8](row["anchor_hash"] as Data),
            slot: row["slot"], record: [UInt8](row["record"] as Data), updatedAtMillis: row["updated_at"])
    }
}
