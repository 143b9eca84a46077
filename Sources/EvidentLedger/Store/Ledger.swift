import EvidentCore
import EvidentCrypto
import EvidentDER

/// A ledger: a store plus the origin line its checkpoints carry (C2SP tlog-checkpoint).
public final class Ledger: Sendable {
    public let store: any LedgerStore
    /// The checkpoint origin, e.g. `evident.example/ledger/prod` (unique per log).
    public let origin: String

    public init(store: any LedgerStore, origin: String) {
        self.store = store
        self.origin = origin
    }

    /// A signed checkpoint of the log as it is now, committing to the key journal as it is now
    /// (``KeyJournalCommitment``, an extension line); when the newest stored checkpoint already
    /// covers the current size, that one is returned (idempotent for pipelines: a key record
    /// added since is committed by the next checkpoint of a larger log).
    public func checkpoint(signers: [NoteSigner], nowMillis: Int64) throws -> StoredCheckpoint {
        // The journal is read first: a record added while this runs is committed next time, never
        // claimed by a checkpoint of a log that did not yet hold it.
        let journal = try KeyJournalCommitment(records: store.keyRecords())
        let size = try store.merkle.treeSize()
        if let latest = try store.latestCheckpoint(), latest.treeSize == size { return latest }
        let root = try store.merkle.rootHash(treeSize: size)
        let signed = try Checkpoint(
            origin: origin, treeSize: size, rootHash: root, extensionLines: [journal.extensionLine]
        ).signed(by: signers)
        let stored = StoredCheckpoint(
            treeSize: size, rootHash: root.bytes, note: signed.bytes, createdAtMillis: nowMillis)
        try store.saveCheckpoint(stored)
        return stored
    }

    /// The inclusion proof of the entry with `hash` in the tree of `treeSize` leaves (default:
    /// the newest checkpoint's size, else the whole log).
    public func inclusionProof(
        hash: [UInt8], treeSize: UInt64? = nil
    ) throws -> (entry: LedgerEntry, proof: InclusionProof) {
        guard let entry = try store.entry(hash: hash) else {
            throw LedgerStoreError(.invalidRequest, "no receipt with hash \(Hex.encode(hash)) in this ledger")
        }
        let size = try treeSize ?? store.latestCheckpoint()?.treeSize ?? store.merkle.treeSize()
        guard entry.index < size else {
            throw LedgerStoreError(
                .invalidRequest,
                "receipt \(entry.index) is not covered by a tree of \(size) leaves (make a newer checkpoint)")
        }
        return (entry, try store.merkle.inclusionProof(leafIndex: entry.index, treeSize: size))
    }

    public func consistencyProof(from old: UInt64, to new: UInt64) throws -> ConsistencyProof {
        try store.merkle.consistencyProof(from: old, to: new)
    }
}
