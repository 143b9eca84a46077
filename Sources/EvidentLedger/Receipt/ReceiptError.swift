/// An error from reading, checking, signing or verifying a receipt (docs/receipt.md): an opaque
/// ``Code`` that tests and callers match on, the JSON field it concerns (a dotted path such as
/// `evidence[2].sha256`, nil for the whole receipt) and a detail. Never carries a secret or the
/// clear value of a sensitive field.
public struct ReceiptError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable identifier for one kind of failure. Compare codes, never descriptions.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        // Reading
        /// The bytes are not JSON that RFC 8785 can canonicalise (the JCSError is in `detail`).
        public static let invalidJSON = Code("invalid-json")
        /// Valid JSON, but not the RFC 8785 canonical form the signature covers.
        public static let notCanonical = Code("not-canonical")
        /// The top-level value is not an object.
        public static let notAnObject = Code("not-an-object")
        // Schema
        /// `v` is not "1.minor".
        public static let unsupportedVersion = Code("unsupported-version")
        public static let missingField = Code("missing-field")
        /// A member the receipt's version does not define (allowed only in a newer minor version).
        public static let unknownField = Code("unknown-field")
        public static let wrongType = Code("wrong-type")
        /// A value of the right type that the schema does not allow (empty id, bad decision…).
        public static let invalidValue = Code("invalid-value")
        public static let invalidHash = Code("invalid-hash")
        public static let invalidTime = Code("invalid-time")
        public static let invalidKeyID = Code("invalid-key-id")
        /// `seq` and `prev` disagree: seq 1 needs prev null, later receipts need a hash.
        public static let chainMismatch = Code("chain-mismatch")
        public static let duplicateEntry = Code("duplicate-entry")
        // Limits (ReceiptLimits)
        public static let receiptTooLarge = Code("receipt-too-large")
        public static let stringTooLong = Code("string-too-long")
        public static let tooManyEntries = Code("too-many-entries")
        // Signature and keys
        public static let invalidSignatureEncoding = Code("invalid-signature-encoding")
        public static let badSignature = Code("bad-signature")
        /// The receipt's `key_id` is not the id of the key it was checked with.
        public static let keyIDMismatch = Code("key-id-mismatch")
        /// No key with the receipt's `key_id` was given.
        public static let unknownKeyID = Code("unknown-key-id")
        /// The key was revoked or rotated out at the receipt's `issued_at`.
        public static let keyNotValid = Code("key-not-valid")
        public static let expired = Code("expired")
        // Sensitive fields
        public static let invalidFieldKey = Code("invalid-field-key")
    }

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
