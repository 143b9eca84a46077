/// An error from the DER layer: an opaque ``Code`` that tests and callers match on, the byte
/// offset in the caller's input where the problem starts, and a human-readable detail.
///
/// `description` is one line suitable for a CLI (`code at offset N: detail`); it never contains
/// input bytes beyond what the detail names.
public struct DERError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable identifier for one kind of failure. Compare codes, never descriptions.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        // Structure (X.690 §8.1)
        public static let truncated = Code("truncated")
        public static let indefiniteLength = Code("indefinite-length")
        public static let nonMinimalLength = Code("non-minimal-length")
        public static let lengthExceedsInput = Code("length-exceeds-input")
        public static let lengthTooLarge = Code("length-too-large")
        public static let reservedLength = Code("reserved-length-octet")
        public static let nonMinimalTag = Code("non-minimal-tag")
        public static let tagTooLarge = Code("tag-too-large")
        public static let trailingData = Code("trailing-data")
        public static let depthExceeded = Code("depth-exceeded")
        public static let inputTooLarge = Code("input-too-large")
        public static let missingEndOfContents = Code("missing-end-of-contents")
        public static let unexpectedEndOfContents = Code("unexpected-end-of-contents")
        public static let constructedPrimitive = Code("constructed-primitive-type")
        public static let primitiveConstructed = Code("primitive-constructed-type")
        // Values (X.690 §8.2–8.26, §11)
        public static let invalidBoolean = Code("invalid-boolean")
        public static let emptyInteger = Code("empty-integer")
        public static let nonMinimalInteger = Code("non-minimal-integer")
        public static let integerOutOfRange = Code("integer-out-of-range")
        public static let invalidBitString = Code("invalid-bit-string")
        public static let nonZeroUnusedBits = Code("non-zero-unused-bits")
        public static let invalidNull = Code("invalid-null")
        public static let invalidOID = Code("invalid-object-identifier")
        public static let invalidString = Code("invalid-string")
        public static let invalidTime = Code("invalid-time")
        public static let setNotSorted = Code("set-of-not-sorted")
        // Schema (what a decoder expected)
        public static let unexpectedTag = Code("unexpected-tag")
        public static let missingElement = Code("missing-element")
        public static let unexpectedElement = Code("unexpected-element")
        public static let defaultValueEncoded = Code("default-value-encoded")
        public static let invalidValue = Code("invalid-value")
    }

    public let code: Code
    /// Byte offset, from the start of the input given to the parser, of the element at fault.
    public let offset: Int
    public let detail: String
    public let file: String
    public let line: Int

    public init(_ code: Code, at offset: Int, _ detail: String, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.offset = offset
        self.detail = detail
        self.file = file
        self.line = line
    }

    public var description: String { "\(code) at offset \(offset): \(detail)" }

    public static func == (lhs: DERError, rhs: DERError) -> Bool {
        lhs.code == rhs.code && lhs.offset == rhs.offset && lhs.detail == rhs.detail
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine(offset)
    }
}

/// A deviation from DER that the lenient (BER) mode accepted. Strict mode throws instead.
public struct DERWarning: Hashable, Sendable, CustomStringConvertible {
    public let code: DERError.Code
    public let offset: Int
    public let detail: String
    public var description: String { "warning: \(code) at offset \(offset): \(detail)" }
}
