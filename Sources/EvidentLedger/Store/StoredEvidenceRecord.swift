import EvidentCore

/// An RFC 4998 evidence record kept for one anchor (issue #18): the anchor's token and validation data
/// re-time-stamped, each renewal protecting everything before it (docs/evidence-records.md).
public struct StoredEvidenceRecord: Sendable, Hashable {
    /// The anchored checkpoint's tree size.
    public let treeSize: UInt64
    /// SHA-256 of the anchor's TimeStampResp bytes (StoredAnchor.response): which anchor it protects.
    public let anchorHash: [UInt8]
    /// 1, 2, …: which lineage of renewals (the i-th `--tsa` of `evident renew` keeps slot i).
    public let slot: Int
    /// The EvidenceRecord, DER.
    public let record: [UInt8]
    /// When this version was stored, milliseconds since the epoch.
    public let updatedAtMillis: Int64

    public init(treeSize: UInt64, anchorHash: [UInt8], slot: Int, record: [UInt8], updatedAtMillis: Int64) {
        self.treeSize = treeSize
        self.anchorHash = anchorHash
        self.slot = slot
        self.record = record
        self.updatedAtMillis = updatedAtMillis
    }

    /// What every store refuses before writing: a slot below 1, an anchor hash that is not a
    /// SHA-256, an empty record.
    public func check() throws {
        guard slot >= 1 else {
            throw LedgerStoreError(.invalidRequest, "evidence record slot \(slot): slots start at 1")
        }
        guard anchorHash.count == 32 else {
            throw LedgerStoreError(.invalidRequest, "evidence record anchor hash: \(anchorHash.count) bytes, not 32")
        }
        guard !record.isEmpty else { throw LedgerStoreError(.invalidRequest, "evidence record is empty") }
    }

    /// The anchor it protects, for the stores' messages.
    public var anchorName: String { "anchor \(Hex.encode(anchorHash)) of checkpoint \(treeSize)" }
    private var place: String { "\(anchorName), slot \(slot)" }

    /// The stores' refusal of an anchor the ledger does not hold.
    public var unknownAnchor: LedgerStoreError {
        LedgerStoreError(.unknownAnchor, "the ledger holds no \(anchorName); no evidence record was stored")
    }

    /// The stores' refusal of a compare-and-swap that found other bytes (or none, or some) in the slot.
    public func conflict(replacing previous: [UInt8]?) -> LedgerStoreError {
        LedgerStoreError(
            .evidenceRecordConflict,
            previous == nil
                ? "an evidence record is already stored for \(place); nothing was changed"
                : "the evidence record stored for \(place) is not the one being replaced (another renewal came first, or none is stored); nothing was changed"
        )
    }
}
