/// The name of one check a verifier performs, as reports print it (`imprint`, `receipt-time`…).
/// Each verifier declares its checks as static members in one file (TimeStampChecks.swift,
/// ReceiptChecks.swift, BundleChecks.swift); docs/verification.md lists them all.
public struct CheckName: RawRepresentable, Hashable, Sendable, Comparable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public static func < (a: CheckName, b: CheckName) -> Bool { a.rawValue < b.rawValue }
}

/// One check that did not pass: which check, on which object, why, and what it does to the
/// verdict. A report is its findings; the verdict follows from them (``Verdict/init(of:)``).
public struct Finding: Sendable, Hashable, CustomStringConvertible {
    /// What a finding does to the verdict.
    public enum Severity: String, Sendable, Hashable {
        /// The check failed: the verdict is invalid.
        case invalid
        /// The check could not be decided from what was given: at best indeterminate.
        case indeterminate
    }

    public let check: CheckName
    /// The object checked: a file, a receipt's leaf index, a certificate subject…
    public let object: String
    public let reason: String
    public let severity: Severity

    public init(_ check: CheckName, _ severity: Severity, object: String, reason: String) {
        self.check = check
        self.severity = severity
        self.object = object
        self.reason = reason
    }

    /// True for a failure (the verdict is invalid).
    public var isFailure: Bool { severity == .invalid }

    public var description: String { "\(check) \(isFailure ? "failed" : "indeterminate") for \(object): \(reason)" }
}
