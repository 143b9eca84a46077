/// The shape of every error the libraries throw (after swift-asn1's Errors.swift): a stable
/// ``code`` that callers and tests match on, and a ``detail`` for people. The CLI and the server
/// map any coded error once, at their edge (exit status 2 / HTTP 4xx, one line naming what was
/// wrong); they never list error types.
///
/// A detail never carries secret material (keys, passphrases) and names outside strings only
/// through ``DisplayText`` when printed.
public protocol CodedError: Error, Sendable, CustomStringConvertible {
    associatedtype Code: ErrorCodeProtocol
    var code: Code { get }
    var detail: String { get }
}

extension CodedError {
    public var description: String { "\(code): \(detail)" }
}

/// A stable identifier for one kind of failure. Compare codes, never descriptions.
public protocol ErrorCodeProtocol: Hashable, Sendable, CustomStringConvertible {
    var name: String { get }
}

/// The error code of one error type (`Owner`), so each module declares its codes as
/// `extension ErrorCode where Owner == KeyError { static let … }` without repeating the struct.
public struct ErrorCode<Owner>: ErrorCodeProtocol {
    public let name: String
    public init(_ name: String) { self.name = name }
    public var description: String { name }
}

/// The error of a component whose failures need nothing but a code and a sentence (a file
/// write, a sealed secret, a TSA directory…): `typealias Failure = CodedFailure<Component>`,
/// with its codes declared as `extension ErrorCode where Owner == Component`.
public struct CodedFailure<Owner>: CodedError {
    public typealias Code = ErrorCode<Owner>
    public let code: Code
    public let detail: String
    /// The detail alone: it reads as a sentence and names its object; match on ``code``.
    public var description: String { detail }

    public init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }
}
