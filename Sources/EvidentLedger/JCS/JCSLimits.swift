/// Explicit limits applied to untrusted JSON before and during parsing.
public struct JCSLimits: Hashable, Sendable {
    /// Largest input accepted by default: 1 MiB. A receipt holds hashes, ids and small scalars
    /// (a few KiB); a batch is parsed one JSON line at a time.
    public static let defaultMaxInputSize = 1024 * 1024
    /// Deepest nesting of arrays and objects accepted by default (the top-level container is
    /// depth 1). Receipts nest about 4 levels; 32 leaves room without letting input drive
    /// recursion.
    public static let defaultMaxDepth = 32
    /// Longest string (a value or a member name) accepted by default, in UTF-8 bytes after
    /// unescaping: 64 KiB.
    public static let defaultMaxStringLength = 64 * 1024
    /// Longest number literal accepted by default, in bytes. The full decimal expansion of any
    /// double with 17 significant digits fits; a megabyte of digits should not reach `strtod`.
    public static let defaultMaxNumberLength = 1024

    public var maxInputSize: Int
    public var maxDepth: Int
    public var maxStringLength: Int
    public var maxNumberLength: Int

    public init(
        maxInputSize: Int = JCSLimits.defaultMaxInputSize, maxDepth: Int = JCSLimits.defaultMaxDepth,
        maxStringLength: Int = JCSLimits.defaultMaxStringLength, maxNumberLength: Int = JCSLimits.defaultMaxNumberLength
    ) {
        self.maxInputSize = maxInputSize
        self.maxDepth = maxDepth
        self.maxStringLength = maxStringLength
        self.maxNumberLength = maxNumberLength
    }

    public static let `default` = JCSLimits()
}
