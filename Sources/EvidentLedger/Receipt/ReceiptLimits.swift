/// The explicit limits of receipt schema v1 (docs/receipt.md, "Limits"). A receipt holds only
/// hashes, ids and small scalars; anything bigger belongs in evidence, referenced by digest.
public enum ReceiptLimits {
    /// Largest receipt accepted, in bytes of its JSON text (canonical or not): 64 KiB.
    public static let maxReceiptSize = 64 * 1024
    /// Deepest nesting (the receipt object is depth 1; `evidence[i]` is depth 3). Room for a newer
    /// minor version's fields without letting input drive recursion.
    public static let maxDepth = 8
    /// Longest id (`stream`, `policy.id`, `policy.version`, `evidence[].name`, scope keys), in UTF-8 bytes.
    public static let maxIDLength = 128
    /// Longest value of `actor`, `action`, `resource`, a scope value, or an approval's `who`/`what`,
    /// in UTF-8 bytes. A keyed hash ("hmac-sha256:" + 64 hex) is 76.
    public static let maxValueLength = 512
    /// Most members of `scope`.
    public static let maxScopeEntries = 32
    /// Most entries of `evidence`.
    public static let maxEvidence = 64
    /// Most entries of `approvals`.
    public static let maxApprovals = 16
    /// Most entries of `parents`.
    public static let maxParents = 32
    /// Largest `seq`: 2^53 − 1, the last integer a JSON number (an IEEE-754 double) holds exactly.
    public static let maxSequence: Int64 = 9_007_199_254_740_991
}
