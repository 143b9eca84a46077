import EvidentCore

/// An error from the DER layer: an opaque ``Code`` that tests and callers match on, the byte
/// offset in the caller's input where the problem starts, and a human-readable detail.
///
/// `description` is one line suitable for a CLI (`code at offset N: detail`); it never contains
/// input bytes beyond what the detail names.
public struct DERError: CodedError, Hashable {
    public typealias Code = ErrorCode<DERError>

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

    public init(code: DERError.Code, offset: Int, detail: String) {
        self.code = code
        self.offset = offset
        self.detail = detail
    }
}

extension ErrorCode where Owner == DERError {
    // Structure (X.690 §8.1)
    public static let truncated = Self("truncated")
    public static let indefiniteLength = Self("indefinite-length")
    public static let nonMinimalLength = Self("non-minimal-length")
    public static let lengthExceedsInput = Self("length-exceeds-input")
    public static let lengthTooLarge = Self("length-too-large")
    public static let reservedLength = Self("reserved-length-octet")
    public static let nonMinimalTag = Self("non-minimal-tag")
    public static let tagTooLarge = Self("tag-too-large")
    public static let trailingData = Self("trailing-data")
    public static let depthExceeded = Self("depth-exceeded")
    public static let inputTooLarge = Self("input-too-large")
    public static let missingEndOfContents = Self("missing-end-of-contents")
    public static let unexpectedEndOfContents = Self("unexpected-end-of-contents")
    public static let constructedPrimitive = Self("constructed-primitive-type")
    public static let primitiveConstructed = Self("primitive-constructed-type")
    // Values (X.690 §8.2–8.26, §11)
    public static let invalidBoolean = Self("invalid-boolean")
    public static let emptyInteger = Self("empty-integer")
    public static let nonMinimalInteger = Self("non-minimal-integer")
    public static let integerOutOfRange = Self("integer-out-of-range")
    public static let invalidBitString = Self("invalid-bit-string")
    public static let nonZeroUnusedBits = Self("non-zero-unused-bits")
    public static let invalidNull = Self("invalid-null")
    public static let invalidOID = Self("invalid-object-identifier")
    public static let invalidString = Self("invalid-string")
    public static let invalidTime = Self("invalid-time")
    public static let setNotSorted = Self("set-of-not-sorted")
    // Schema (what a decoder expected)
    public static let unexpectedTag = Self("unexpected-tag")
    public static let missingElement = Self("missing-element")
    public static let unexpectedElement = Self("unexpected-element")
    public static let defaultValueEncoded = Self("default-value-encoded")
    public static let invalidValue = Self("invalid-value")
}
