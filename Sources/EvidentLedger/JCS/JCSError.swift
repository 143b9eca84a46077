import EvidentCore

/// An error from the RFC 8785 (JCS) parser or serializer: an opaque ``Code`` that tests and
/// callers match on, the byte offset in the caller's input where the problem starts (nil for
/// serializer errors, which name a JSON Pointer path in `detail` instead), and a detail.
///
/// `description` is one line suitable for a CLI; it quotes at most the offending character.
public struct JCSError: CodedError, Hashable {
    public typealias Code = ErrorCode<JCSError>

    public let code: Code
    /// Byte offset, from the start of the parser's input, where the fault starts.
    public let offset: Int?
    public let detail: String
    public let file: String
    public let line: Int

    public init(_ code: Code, at offset: Int?, _ detail: String, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.offset = offset
        self.detail = detail
        self.file = file
        self.line = line
    }

    public var description: String {
        if let offset { return "\(code) at offset \(offset): \(detail)" }
        return "\(code): \(detail)"
    }

    public static func == (lhs: JCSError, rhs: JCSError) -> Bool {
        lhs.code == rhs.code && lhs.offset == rhs.offset && lhs.detail == rhs.detail
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine(offset)
    }
}

extension ErrorCode where Owner == JCSError {
    // Limits (JCSLimits)
    public static let inputTooLarge = Self("input-too-large")
    public static let depthExceeded = Self("depth-exceeded")
    public static let stringTooLong = Self("string-too-long")
    public static let numberTooLong = Self("number-too-long")
    // Structure (RFC 8259 §2, §4, §5)
    public static let truncated = Self("truncated")
    public static let unexpectedCharacter = Self("unexpected-character")
    public static let trailingData = Self("trailing-data")
    public static let trailingComma = Self("trailing-comma")
    public static let comment = Self("comment")
    public static let byteOrderMark = Self("byte-order-mark")
    public static let invalidLiteral = Self("invalid-literal")
    public static let nonStringKey = Self("non-string-key")
    /// RFC 8785 §3.1 (I-JSON, RFC 7493 §2.3): member names must be unique.
    public static let duplicateKey = Self("duplicate-key")
    // Numbers (RFC 8259 §6; RFC 8785 §3.2.2.3: IEEE-754 double only)
    public static let invalidNumber = Self("invalid-number")
    public static let nonFiniteNumber = Self("non-finite-number")
    public static let numberOutOfRange = Self("number-out-of-range")
    // Strings (RFC 8259 §7, §8.1; RFC 8785 §3.1 / RFC 7493 §2.1)
    public static let invalidEscape = Self("invalid-escape")
    public static let controlCharacter = Self("control-character-in-string")
    public static let loneSurrogate = Self("lone-surrogate")
    public static let invalidUTF8 = Self("invalid-utf8")
}
