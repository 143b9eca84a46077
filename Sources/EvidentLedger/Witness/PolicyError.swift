import EvidentCore

/// An error in a witness policy file, with the line it concerns.
public struct PolicyError: CodedError, Hashable {
    public typealias Code = ErrorCode<PolicyError>

    public let code: Code
    public let line: Int?
    public let detail: String

    public init(_ code: Code, line: Int? = nil, _ detail: String) {
        self.code = code
        self.line = line
        self.detail = detail
    }

    public var description: String {
        if let line { return "policy line \(line): \(detail)" }
        return "policy: \(detail)"
    }
}

extension ErrorCode where Owner == PolicyError {
    public static let syntax = Self("policy-syntax")
    public static let duplicate = Self("policy-duplicate")
    public static let undefinedName = Self("policy-undefined-name")
    public static let invalidKey = Self("policy-invalid-key")
    public static let tooLarge = Self("policy-too-large")
}
