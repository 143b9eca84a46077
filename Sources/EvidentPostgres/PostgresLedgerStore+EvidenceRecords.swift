import EvidentLedger
import NIOCore
import PostgresNIO

/// RFC 4998 evidence records per anchor (issue #18), with the SQLite store's semantics. The
/// table is created on first write (under an advisory lock, so concurrent first writers do not
/// race on the catalog): ledgers made before it need no migration.
extension PostgresLedgerStore {
    static let evidenceRecordsTable = """
        CREATE TABLE IF NOT EXISTS evidence_records (size bigint NOT NULL REFERENCES checkpoints (size),
          anchor_hash bytea NOT NULL, slot bigint NOT NULL, record bytea NOT NULL, updated_at bigint NOT NULL,
          PRIMARY KEY (size, anchor_hash, slot))
        """

    public func saveEvidenceRecord(_ r: StoredEvidenceRecord, replacing previous: [UInt8]?) throws {
        try r.check()
        let size = Int64(r.treeSize), anchor = ByteBuffer(bytes: r.anchorHash), slot = Int64(r.slot)
        let record = ByteBuffer(bytes: r.record)
        try session.transaction { c in
            guard
                try !c.query("SELECT 1 FROM anchors WHERE size = \(size) AND response_hash = \(anchor)").isEmpty
            else { throw r.unknownAnchor }
            try c.query("SELECT pg_advisory_xact_lock(hashtext(\(location.schema + ".evidence_records")))")
            try c.execute(Self.evidenceRecordsTable)
            // One statement each: a concurrent renewal of the slot either commits first (and this
            // one finds other bytes) or waits for this one.
            let changed =
                try previous.map {
                    try c.query(
                        """
                        UPDATE evidence_records SET record = \(record), updated_at = \(r.updatedAtMillis)
                        WHERE size = \(size) AND anchor_hash = \(anchor) AND slot = \(slot) AND record = \(ByteBuffer(bytes: $0))
                        RETURNING slot
                        """)
                }
                ?? c.query(
                    """
                    INSERT INTO evidence_records (size, anchor_hash, slot, record, updated_at)
                    VALUES (\(size), \(anchor), \(slot), \(record), \(r.updatedAtMillis))
                    ON CONFLICT (size, anchor_hash, slot) DO NOTHING RETURNING slot
                    """)
            guard changed.count == 1 else { throw r.conflict(replacing: previous) }
        }
    }

    public func evidenceRecords(treeSize: UInt64?) throws -> [StoredEvidenceRecord] {
        try session.withConnection { c in
            guard try Self.present(c, "evidence_records") else { return [] }
            return try
                (treeSize.map {
                    try c.query("SELECT * FROM evidence_records WHERE size = \(Int64($0)) ORDER BY anchor_hash, slot")
                } ?? c.query("SELECT * FROM evidence_records ORDER BY size, anchor_hash, slot"))
                .map(Self.evidenceRecord)
        }
    }

    static func evidenceRecord(_ row: PostgresRow) throws -> StoredEvidenceRecord {
        StoredEvidenceRecord(
            treeSize: UInt64(try row.get("size", Int64.self)), anchorHash: try row.bytes("anchor_hash"),
            slot: Int(try row.get("slot", Int64.self)), record: try row.bytes("record"),
            updatedAtMillis: try row.get("updated_at"))
    }
}
