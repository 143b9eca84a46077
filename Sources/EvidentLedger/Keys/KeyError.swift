/// An error from a key file, a key record or a key ring (docs/keys.md): an opaque ``Code`` and a
/// detail that never contains key material or a passphrase.
public struct KeyError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        /// Not JSON, not an object, a missing or mistyped member, an unknown `kind` or `type`.
        public static let invalidKeyFile = Code("invalid-key-file")
        public static let invalidRecord = Code("invalid-record")
        /// The passphrase does not open the sealed seed (or the seal is damaged).
        public static let wrongPassphrase = Code("wrong-passphrase")
        /// A file's `key_id` is not the id of its public key, or its seed does not give that key.
        public static let keyMismatch = Code("key-mismatch")
        /// A record's signature does not verify, or a required signer is missing.
        public static let badRecordSignature = Code("bad-record-signature")
        /// A record names a key the ring does not know (and cannot learn from another record).
        public static let unknownKey = Code("unknown-key")
        /// One key rotated to two different keys: a second lineage, which only a thief of the
        /// old key (or an operator forking its history) would write.
        public static let conflictingRotation = Code("conflicting-rotation")
        public static let fileExists = Code("file-exists")
        public static let io = Code("io")
        public static let tooLarge = Code("too-large")
    }

    public let code: Code
    public let detail: String

    public init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    public var description: String { "\(code): \(detail)" }
}
