import EvidentCore

/// Tests compare check names with the exact strings a report prints (the names are a public
/// contract: docs/bundle.md, docs/verifier.md); the product itself names checks only through
/// the typed constants (TimeStampChecks.swift, ReceiptChecks.swift, LedgerChecks.swift,
/// BundleChecks.swift).
extension CheckName: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self.init(rawValue: value) }
}
