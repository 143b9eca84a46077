import EvidentTSP

/// Limits applied when reading an untrusted bundle (docs/bundle.md, "Reading limits"). Each has a
/// negative test. The bundle is an uncompressed tar, so a decompression bomb cannot happen; the
/// total size is bounded anyway, before anything is read.
public struct BundleLimits: Sendable, Hashable {
    /// Most archive entries: a bundle holds a handful of files plus five per anchor and one per checkpoint.
    public static let defaultMaxEntries = 200_000
    /// Largest single entry (receipts.jsonl is the big one): 64 GiB. Verification streams the
    /// big entries, so this bounds reading time, not memory.
    public static let defaultMaxEntrySize: UInt64 = 64 << 30
    /// Largest bundle file: 128 GiB (≈ 85M receipts at ≈ 1.5 KB each).
    public static let defaultMaxTotalSize: UInt64 = 128 << 30
    /// Longest line of receipts.jsonl or proofs.jsonl: a receipt is at most 64 KiB
    /// (`ReceiptLimits.maxReceiptSize`), a proof line a few KiB.
    public static let defaultMaxLineLength = 1 << 20
    /// Longest entry name, in bytes (ustar: 155-byte prefix + "/" + 100-byte name).
    public static let maxNameLength = 256

    public var maxEntries: Int
    public var maxEntrySize: UInt64
    public var maxTotalSize: UInt64
    public var maxLineLength: Int

    public init(
        maxEntries: Int = BundleLimits.defaultMaxEntries, maxEntrySize: UInt64 = BundleLimits.defaultMaxEntrySize,
        maxTotalSize: UInt64 = BundleLimits.defaultMaxTotalSize, maxLineLength: Int = BundleLimits.defaultMaxLineLength
    ) {
        self.maxEntries = maxEntries
        self.maxEntrySize = maxEntrySize
        self.maxTotalSize = maxTotalSize
        self.maxLineLength = maxLineLength
    }

    public static let `default` = BundleLimits()

    /// The largest entry of each small kind, checked against the tar header before any byte is
    /// read (a sparse archive may declare any size): the big entries (receipts, proofs) are
    /// streamed line by line instead.
    public static func maxSize(of name: String) -> UInt64? {
        switch name {
        case BundleFormat.manifest: return 32 << 20
        case BundleFormat.keyJournal: return 16 << 20
        case BundleFormat.consistency: return 64 << 20
        case BundleFormat.boundaryReceipts, BundleFormat.boundaryProofs: return 1 << 20
        case BundleFormat.boundaryLeaves: return 1 << 10
        case BundleFormat.verifyText: return 64 << 20
        case _ where name.hasSuffix(".note"): return 64 << 10
        case _ where name.hasSuffix(".tsr"), _ where name.hasSuffix(".tsq"): return 1 << 20
        case _ where name.hasSuffix(".ers"): return UInt64(ArchiveLimits.maxRecordSize)
        case _ where name.hasSuffix(".chain.pem"): return 4 << 20
        case _ where name.hasSuffix(".revocation.pem"): return 64 << 20
        case _ where name.hasSuffix(".pub.json"): return 64 << 10
        default: return nil
        }
    }
}

/// Names and constants of bundle formats v2–v5 (docs/bundle.md).
public enum BundleFormat {
    public static let mediaType = "application/vnd.evident.bundle+tar"
    public static let formatName = "evident-bundle"
    /// v2: boundary receipts, key journal committed by checkpoints, ledger-assigned monotone time.
    /// v1 bundles cannot prove what v2 does and are refused with that reason.
    public static let version = 2
    /// v3: v2 plus witnesses' cosigned checkpoint notes (`checkpoints/<size>.cosigned.note`, issue
    /// #17). An export is v3 exactly when it carries one; a v2 bundle still verifies.
    public static let cosignedVersion = 3
    /// v4: v3 plus RFC 4998 evidence records for anchors (`evidence-records/<size>-<k>.<slot>.ers`,
    /// issue #18). An export is v4 exactly when it carries one.
    public static let renewedVersion = 4
    /// v5: v4 with one multi-proof for all receipts instead of a proof per receipt
    /// (`leaves.jsonl`, `boundary/leaves.jsonl`, `multiproof.bin`; issue #19). `evident export`
    /// writes v5; the per-receipt layout (v2–v4) stays readable.
    public static let compactVersion = 5
    /// The versions this verifier reads.
    public static let readableVersions: Set<UInt64> = [2, 3, 4, 5]
    public static let manifest = "manifest.json"
    public static let receipts = "receipts.jsonl"
    public static let proofs = "proofs.jsonl"
    public static let consistency = "checkpoints/consistency.jsonl"
    public static let keyJournal = "keys/journal.jsonl"
    /// The receipts just outside a period selection (0–2 lines) and their inclusion proofs.
    public static let boundaryReceipts = "boundary/receipts.jsonl"
    public static let boundaryProofs = "boundary/proofs.jsonl"
    public static let verifyText = "VERIFY"
    /// v5: the leaf indices of receipts.jsonl as runs `[first,count]` (``LeafRuns``).
    public static let leaves = "leaves.jsonl"
    /// v5: the leaf indices of boundary/receipts.jsonl, same grammar.
    public static let boundaryLeaves = "boundary/leaves.jsonl"
    /// v5: the multi-proof (``MerkleMultiProof``): 32-byte hashes, concatenated, in proof order.
    public static let multiProof = "multiproof.bin"

    /// Whether a bundle of `version` carries one multi-proof (v5) rather than a proof per receipt.
    public static func isCompact(_ version: UInt64) -> Bool { version >= UInt64(compactVersion) }

    public static func checkpointNote(_ size: UInt64) -> String { "checkpoints/\(size).note" }
    /// The checkpoint's note followed by witnesses' cosignature lines (v3): its first bytes are
    /// exactly those of ``checkpointNote(_:)``.
    public static func cosignedNote(_ size: UInt64) -> String { "checkpoints/\(size).cosigned.note" }
    /// Whether `name` is a log-signed checkpoint note's entry, `checkpoints/<size>.note` (not a
    /// cosigned one).
    public static func isCheckpointNote(_ name: String) -> Bool {
        checkpointDigits(name).map { !$0.cosigned } ?? false
    }

    /// The tree size a checkpoint note's entry name states, and whether it is the witnesses'
    /// cosigned note (`checkpoints/<size>.cosigned.note`) rather than the log-signed one
    /// (`checkpoints/<size>.note`); nil for any other name or a size over 2^64 − 1.
    public static func checkpointEntry(_ name: String) -> (size: UInt64, cosigned: Bool)? {
        guard let (digits, cosigned) = checkpointDigits(name), let size = UInt64(digits) else { return nil }
        return (size, cosigned)
    }

    /// The one reading of a checkpoint note's entry name: its size digits and its kind.
    private static func checkpointDigits(_ name: String) -> (digits: Substring, cosigned: Bool)? {
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0] == "checkpoints", parts[1].hasSuffix(".note") else { return nil }
        let cosigned = parts[1].hasSuffix(".cosigned.note")
        let digits = parts[1].dropLast(cosigned ? ".cosigned.note".count : ".note".count)
        return isSize(digits) ? (digits, cosigned) : nil
    }

    /// A size or index as the entry names write it: 1–20 ASCII digits.
    static func isSize(_ s: Substring) -> Bool {
        !s.isEmpty && s.count <= 20 && s.utf8.allSatisfy { (0x30...0x39).contains($0) }
    }
    /// Slot `slot`'s evidence record for the anchor whose files start with `anchorBase`
    /// (`anchors/<size>-<k>`).
    public static func evidenceRecord(anchorBase: String, slot: Int) -> String {
        "evidence-records/" + anchorBase.dropFirst("anchors/".count) + ".\(slot).ers"
    }

    /// Whether `name` is an entry the format defines (docs/bundle.md, "Container"); anything else
    /// is refused even when the manifest lists it.
    public static func isEntryName(_ name: String, version: UInt64 = UInt64(version)) -> Bool {
        if [manifest, receipts, consistency, keyJournal, boundaryReceipts, verifyText].contains(name) {
            return true
        }
        // The proofs: one per receipt (v2–v4), or one multi-proof with the leaf indices (v5).
        let proofEntries = isCompact(version) ? [leaves, boundaryLeaves, multiProof] : [proofs, boundaryProofs]
        if proofEntries.contains(name) { return true }
        let digits = isSize
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return false }
        switch parts[0] {
        case "checkpoints":
            guard let entry = checkpointDigits(name) else { return false }
            return !entry.cosigned || version >= UInt64(cosignedVersion)
        case "keys":
            return parts[1].hasSuffix(".pub.json") && digits(parts[1].dropLast(9))
        case "evidence-records":
            // <size>-<k>.<slot>.ers
            guard version >= UInt64(renewedVersion), parts[1].hasSuffix(".ers") else { return false }
            let stem = parts[1].dropLast(4).split(separator: ".", omittingEmptySubsequences: false)
            guard stem.count == 2, digits(stem[1]) else { return false }
            let anchor = stem[0].split(separator: "-", omittingEmptySubsequences: false)
            return anchor.count == 2 && digits(anchor[0]) && digits(anchor[1])
        case "anchors":
            for suffix in [".tsr", ".tsq", ".chain.pem", ".revocation.pem"] where parts[1].hasSuffix(suffix) {
                let stem = parts[1].dropLast(suffix.count).split(separator: "-", omittingEmptySubsequences: false)
                return stem.count == 2 && digits(stem[0]) && digits(stem[1])
            }
            return false
        default:
            return false
        }
    }
}
