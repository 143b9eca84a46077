/// An error from the RFC 8785 (JCS) parser or serializer: an opaque ``Code`` that tests and
/// callers match on, the byte offset in the caller's input where the problem starts (nil for
/// serializer errors, which name a JSON Pointer path in `detail` instead), and a detail.
///
/// `description` is one line suitable for a CLI; it quotes at most the offending character.
public struct JCSError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable identifier for one kind of failure. Compare codes, never descriptions.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        // Limits (JCSLimits)
        public static let inputTooLarge = Code("input-too-large")
        public static let depthExceeded = Code("depth-exceeded")
        public static let stringTooLong = Code("string-too-long")
        public static let numberTooLong = Code("number-too-long")
        // Structure (RFC 8259 §2, §4, §5)
        public static let truncated = Code("truncated")
        public static let unexpectedCharacter = Code("unexpected-character")
        public static let trailingData = Code("trailing-data")
        public static let trailingComma = Code("trailing-comma")
        public static let comment = Code("comment")
        public static let byteOrderMark = Code("byte-order-mark")
        public static let invalidLiteral = Code("invalid-literal")
        public static let nonStringKey = Code("non-string-key")
        /// RFC 8785 §3.1 (I-JSON, RFC 7493 §2.3): member names must be unique.
        public static let duplicateKey = Code("duplicate-key")
        // Numbers (RFC 8259 §6; RFC 8785 §3.2.2.3: IEEE-754 double only)
        public static let invalidNumber = Code("invalid-number")
        public static let nonFiniteNumber = Code("non-finite-number")
        public static let numberOutOfRange = Code("number-out-of-range")
        // Strings (RFC 8259 §7, §8.1; RFC 8785 §3.1 / RFC 7493 §2.1)
        public static let invalidEscape = Code("invalid-escape")
        public static let controlCharacter = Code("control-character-in-string")
        public static let loneSurrogate = Code("lone-surrogate")
        public static let invalidUTF8 = Code("invalid-utf8")
    }

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
