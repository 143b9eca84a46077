import EvidentCore

/// What verifying one receipt found: valid, or the ``ReceiptError`` that made it invalid or
/// left it undecided (for example, the key is unknown). Its ``verdict`` is the project's one
/// ``Verdict``; its ``finding(object:)`` names the check (``CheckName/receiptSignature``…) so a
/// receipt is reported the same way by `receipt verify`, `ledger verify`, a bundle and the server.
public enum ReceiptOutcome: Sendable, Equatable, CustomStringConvertible {
    case valid
    case invalid(ReceiptError)
    case indeterminate(ReceiptError)

    public var isValid: Bool { self == .valid }

    public var verdict: Verdict {
        switch self {
        case .valid: return .valid
        case .invalid: return .invalid
        case .indeterminate: return .indeterminate
        }
    }

    /// The reason, for an invalid or indeterminate outcome.
    public var error: ReceiptError? {
        switch self {
        case .valid: return nil
        case .invalid(let e), .indeterminate(let e): return e
        }
    }

    /// The check this outcome fails or leaves undecided, named once for every reporter.
    public var check: CheckName? { error.map { ReceiptOutcome.check(for: $0.code) } }

    /// The finding for `object` (a file, a leaf index), nil when valid.
    public func finding(object: String) -> Finding? {
        guard let error, let check else { return nil }
        return Finding(check, verdict == .invalid ? .invalid : .indeterminate, object: object, reason: "\(error)")
    }

    /// Which check a receipt error belongs to.
    static func check(for code: ReceiptError.Code) -> CheckName {
        switch code {
        case .notCanonical: return .receiptCanonical
        case .unknownKeyID, .keyNotValid: return .receiptKey
        case .badSignature, .keyIDMismatch, .invalidSignatureEncoding: return .receiptSignature
        case .expired: return .receiptExpiry
        case .chainMismatch, .storedFieldMismatch: return .receiptPlace
        default: return .receiptJSON
        }
    }

    public var description: String {
        switch self {
        case .valid: return "valid"
        case .invalid(let e): return "invalid: \(e)"
        case .indeterminate(let e): return "indeterminate: \(e)"
        }
    }
}
