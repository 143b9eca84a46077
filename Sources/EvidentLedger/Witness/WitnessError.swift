import EvidentCore

/// An error from the witness protocol (c2sp.org/tlog-witness) or an equivocation proof: an
/// opaque ``Code`` that tests and callers match on, and a detail naming what was wrong.
public struct WitnessError: CodedError, Hashable {
    public typealias Code = ErrorCode<WitnessError>

    public let code: Code
    public let detail: String

    public init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }
}

extension ErrorCode where Owner == WitnessError {
    /// An add-checkpoint body that is not `old N`, proof lines, an empty line and a note.
    public static let malformedRequest = Self("malformed-request")
    /// An equivocation proof file that does not follow docs/witness.md.
    public static let malformedProof = Self("malformed-proof")
    /// A log list with no usable `log` line, or two keys under one origin of different types.
    public static let invalidLogList = Self("invalid-log-list")
}
