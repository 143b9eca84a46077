/// The outcome of verifying a receipt: valid, invalid with the first failing check, or
/// indeterminate when the verifier lacks what it needs to decide (for example the key is unknown).
public enum ReceiptVerdict: Sendable, Equatable, CustomStringConvertible {
    case valid
    case invalid(ReceiptError)
    case indeterminate(ReceiptError)

    public var isValid: Bool { self == .valid }

    /// The reason, for an invalid or indeterminate verdict.
    public var error: ReceiptError? {
        switch self {
        case .valid: return nil
        case .invalid(let e), .indeterminate(let e): return e
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
