import EvidentCore

/// The checks of a ledger's log, as `ledger verify` (LedgerAudit) and the bundle verifier name
/// them (docs/verification.md). Receipt checks: ReceiptChecks.swift.
extension CheckName {
    /// Every leaf of the Merkle log has its stored receipt.
    public static let logLeaves = CheckName(rawValue: "log")
    /// A stored entry's hash is SHA-256 of its stored receipt.
    public static let entryHash = CheckName(rawValue: "hash")
    /// Per stream: seq increases by one, `prev` names the previous receipt (no gap in a period).
    public static let streamChain = CheckName(rawValue: "stream-chain")
    /// A stream's stored head is its last receipt.
    public static let streamHead = CheckName(rawValue: "head")
    /// `issued_at` never decreases in log order (the ledger assigns it at append).
    public static let timeOrder = CheckName(rawValue: "time-order")
    /// Every stored Merkle node matches a recomputation from the receipts.
    public static let merkleTree = CheckName(rawValue: "tree")
    /// A checkpoint's size and root are the log's.
    public static let checkpoint = CheckName(rawValue: "checkpoint")
    /// A checkpoint's signed note verifies under a key given.
    public static let checkpointSignature = CheckName(rawValue: "checkpoint-signature")
    /// The key records (rotation, revocation) build a key ring with the keys given: none forged,
    /// no key rotated to two keys; a record that cannot be verified is undecided.
    public static let keys = CheckName(rawValue: "keys")
    /// Each checkpoint's `evident-key-journal` commitment matches the key journal (rotation and
    /// revocation records) held with it: none removed, changed or reordered since.
    public static let keyJournal = CheckName(rawValue: "key-journal")
    /// An anchor time-stamps exactly its checkpoint's note (and, in a bundle, verifies under the
    /// TSA roots given).
    public static let anchor = CheckName(rawValue: "anchor")
    /// A stored witness cosignature: of a stored checkpoint, and, by a configured witness's key,
    /// verifying over the checkpoint's text (issue #17).
    public static let cosignature = CheckName(rawValue: "cosignature")
}
