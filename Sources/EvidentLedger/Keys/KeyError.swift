import EvidentCore

/// An error from a key file, a key record or a key ring (docs/keys.md): an opaque ``Code`` and a
/// detail that never contains key material or a passphrase.
public struct KeyError: CodedError, Hashable {
    public typealias Code = ErrorCode<KeyError>

    public let code: Code
    public let detail: String

    public init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }
}

extension ErrorCode where Owner == KeyError {
    /// Not JSON, not an object, a missing or mistyped member, an unknown `kind` or `type`.
    public static let invalidKeyFile = Self("invalid-key-file")
    public static let invalidRecord = Self("invalid-record")
    /// The passphrase does not open the sealed seed (or the seal is damaged).
    public static let wrongPassphrase = Self("wrong-passphrase")
    /// A file's `key_id` is not the id of its public key, or its seed does not give that key.
    public static let keyMismatch = Self("key-mismatch")
    /// A record's signature does not verify, or a required signer is missing.
    public static let badRecordSignature = Self("bad-record-signature")
    /// A record names a key the ring does not know (and cannot learn from another record).
    public static let unknownKey = Self("unknown-key")
    /// One key rotated to two different keys: a second lineage, which only a thief of the
    /// old key (or an operator forking its history) would write.
    public static let conflictingRotation = Self("conflicting-rotation")
    public static let fileExists = Self("file-exists")
    public static let io = Self("io")
    public static let tooLarge = Self("too-large")
}
