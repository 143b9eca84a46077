/// Explicit limits applied to untrusted input before and during parsing.
public struct DERLimits: Hashable, Sendable {
    /// Largest input the parser accepts by default: 16 MiB. A time-stamp response with a full
    /// chain and CRLs is tens of KiB; evidence files far larger than this are not DER blobs.
    public static let defaultMaxInputSize = 16 * 1024 * 1024
    /// Deepest nesting of constructed elements accepted by default. RFC 3161 responses with
    /// embedded certificates and CMS attributes nest about 15 levels deep.
    public static let defaultMaxDepth = 32

    public var maxInputSize: Int
    public var maxDepth: Int

    public init(maxInputSize: Int = DERLimits.defaultMaxInputSize, maxDepth: Int = DERLimits.defaultMaxDepth) {
        self.maxInputSize = maxInputSize
        self.maxDepth = maxDepth
    }

    public static let `default` = DERLimits()
}

/// Which encoding rules the parser enforces.
public enum DEREncodingRules: Hashable, Sendable {
    /// Distinguished Encoding Rules (X.690 §10/§11). The default everywhere.
    case der
    /// Accepts the BER that real TSAs are known to emit (indefinite lengths, non-minimal
    /// lengths, constructed strings, BOOLEAN true other than FF, redundant time fraction zeros)
    /// and records each deviation as a ``DERWarning``. Must be requested explicitly.
    case lenientBER
}
