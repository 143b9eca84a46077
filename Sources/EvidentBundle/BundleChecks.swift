import EvidentCore

/// The bundle verifier's own checks, in the order they run (docs/bundle.md, "Checks"; what each
/// proves and the verdict when its proof is missing: docs/verification.md). It also reports
/// the ledger's (LedgerChecks.swift: checkpoint, checkpoint-signature, anchor, stream-chain,
/// time-order) and the receipt's (ReceiptChecks.swift) under their one name.
extension CheckName {
    /// ustar structure and checksums, nothing after the end marker.
    public static let archive = CheckName(rawValue: "archive")
    /// Entry names: relative, no empty/`.`/`..` component, the allowed characters.
    public static let archivePath = CheckName(rawValue: "archive-path")
    public static let archiveDuplicate = CheckName(rawValue: "archive-duplicate")
    public static let archiveLink = CheckName(rawValue: "archive-link")
    public static let archiveType = CheckName(rawValue: "archive-type")
    /// Entry counts and sizes within BundleLimits, each kind of entry within its own cap.
    public static let archiveLimit = CheckName(rawValue: "archive-limit")
    /// Reading the bundle failed or changed under the verifier: never a pass.
    public static let io = CheckName(rawValue: "io")
    /// manifest.json present, strict, this format and version, a well-typed scope.
    public static let manifest = CheckName(rawValue: "manifest")
    public static let unlistedFile = CheckName(rawValue: "unlisted-file")
    public static let manifestDigest = CheckName(rawValue: "manifest-digest")
    /// One verifying consistency proof per pair of neighbouring checkpoints.
    public static let consistency = CheckName(rawValue: "consistency")
    public static let manifestCount = CheckName(rawValue: "manifest-count")
    /// One inclusion proof line per receipt, for that receipt.
    public static let proof = CheckName(rawValue: "proof")
    /// Receipts in log order; seqs increase per stream.
    public static let order = CheckName(rawValue: "order")
    /// A period selection holds every receipt of its period (docs/verification.md).
    public static let completeness = CheckName(rawValue: "completeness")
    /// Every receipt matches the stated scope; at least one receipt.
    public static let selection = CheckName(rawValue: "selection")
    /// The inclusion proof against the covering checkpoint's root.
    public static let inclusion = CheckName(rawValue: "inclusion")
    /// `issued_at` within the genTimes of the anchors that bound it.
    public static let receiptTime = CheckName(rawValue: "receipt-time")
    /// Every receipt covered by a verified anchor on the proven chain.
    public static let anchorCoverage = CheckName(rawValue: "anchor-coverage")
    /// A cosigned checkpoint note (v3) is its log-signed note, byte for byte, plus only signature lines.
    public static let cosignedNote = CheckName(rawValue: "cosigned-note")
    /// The covering checkpoint meets the witness policy given (`verify --policy`).
    public static let witnessPolicy = CheckName(rawValue: "witness-policy")
    /// An RFC 4998 evidence record of an anchor (v4): its hash trees, renewals and time-stamps.
    public static let evidenceRecord = CheckName(rawValue: "evidence-record")
}
