import EvidentCore

/// An error from reading, checking, signing or verifying a receipt (docs/receipt.md): an opaque
/// ``Code`` that tests and callers match on, the JSON field it concerns (a dotted path such as
/// `evidence[2].sha256`, nil for the whole receipt) and a detail. Never carries a secret or the
/// clear value of a sensitive field.
public struct ReceiptError: CodedError, Hashable {
    public typealias Code = ErrorCode<ReceiptError>

    public let code: Code
    /// The field at fault, as a dotted path with array indices (`approvals[0].at`).
    public let field: String?
    public let detail: String

    public init(_ code: Code, field: String? = nil, _ detail: String) {
        self.code = code
        self.field = field
        self.detail = detail
    }

    public var description: String {
        if let field { return "\(code) at \(field): \(detail)" }
        return "\(code): \(detail)"
    }
}

extension ErrorCode where Owner == ReceiptError {
    // Reading
    /// The bytes are not JSON that RFC 8785 can canonicalise (the JCSError is in `detail`).
    public static let invalidJSON = Self("invalid-json")
    /// Valid JSON, but not the RFC 8785 canonical form the signature covers.
    public static let notCanonical = Self("not-canonical")
    /// The top-level value is not an object.
    public static let notAnObject = Self("not-an-object")
    // Schema
    /// `v` is not "1.minor".
    public static let unsupportedVersion = Self("unsupported-version")
    public static let missingField = Self("missing-field")
    /// A member the receipt's version does not define (allowed only in a newer minor version).
    public static let unknownField = Self("unknown-field")
    public static let wrongType = Self("wrong-type")
    /// A value of the right type that the schema does not allow (empty id, bad decision…).
    public static let invalidValue = Self("invalid-value")
    public static let invalidHash = Self("invalid-hash")
    public static let invalidTime = Self("invalid-time")
    public static let invalidKeyID = Self("invalid-key-id")
    /// `seq` and `prev` disagree: seq 1 needs prev null, later receipts need a hash.
    public static let chainMismatch = Self("chain-mismatch")
    /// A stored entry's indexed column (issued_at, decision, action, …) is not the signed value.
    public static let storedFieldMismatch = Self("stored-field-mismatch")
    public static let duplicateEntry = Self("duplicate-entry")
    // Limits (ReceiptLimits)
    public static let receiptTooLarge = Self("receipt-too-large")
    public static let stringTooLong = Self("string-too-long")
    public static let tooManyEntries = Self("too-many-entries")
    // Signature and keys
    public static let invalidSignatureEncoding = Self("invalid-signature-encoding")
    public static let badSignature = Self("bad-signature")
    /// The receipt's `key_id` is not the id of the key it was checked with.
    public static let keyIDMismatch = Self("key-id-mismatch")
    /// No key with the receipt's `key_id` was given.
    public static let unknownKeyID = Self("unknown-key-id")
    /// The key was revoked or rotated out at the receipt's `issued_at`.
    public static let keyNotValid = Self("key-not-valid")
    public static let expired = Self("expired")
    // Sensitive fields
    public static let invalidFieldKey = Self("invalid-field-key")
}
