/// An error from a C2SP signed note, a checkpoint or a verifier key: an opaque ``Code`` that tests
/// and callers match on, the 1-based line it concerns (nil when it is about the whole note), and
/// a detail. Nothing secret is ever part of it.
public struct NoteError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable identifier for one kind of failure. Compare codes, never descriptions.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        // The signed-note envelope (c2sp.org/signed-note)
        public static let noteTooLarge = Code("note-too-large")
        public static let invalidUTF8 = Code("invalid-utf8")
        public static let controlCharacter = Code("control-character")
        public static let missingSignatures = Code("missing-signatures")
        public static let malformedSignatureLine = Code("malformed-signature-line")
        public static let tooManySignatures = Code("too-many-signatures")
        public static let invalidKeyName = Code("invalid-key-name")
        public static let invalidText = Code("invalid-text")
        // Verification
        /// A trusted key signed the same note twice.
        public static let duplicateSignature = Code("duplicate-signature")
        /// A signature by a trusted key (name and key hash match) does not verify.
        public static let invalidSignature = Code("invalid-signature")
        /// No signature line is from a trusted key (unknown keys are ignored, as the spec says).
        public static let noTrustedSignature = Code("no-trusted-signature")
        // Verifier keys (`name+hash+base64`)
        public static let invalidVerifierKey = Code("invalid-verifier-key")
        public static let unsupportedKeyType = Code("unsupported-key-type")
        public static let keyHashMismatch = Code("key-hash-mismatch")
        // The checkpoint body (c2sp.org/tlog-checkpoint)
        public static let missingCheckpointLine = Code("missing-checkpoint-line")
        public static let invalidOrigin = Code("invalid-origin")
        public static let invalidTreeSize = Code("invalid-tree-size")
        public static let invalidRootHash = Code("invalid-root-hash")
        public static let invalidExtensionLine = Code("invalid-extension-line")
        public static let originMismatch = Code("origin-mismatch")
    }

    public let code: Code
    /// 1-based line number in the note (or in the vkey/text being parsed), when one line is at fault.
    public let line: Int?
    public let detail: String

    public init(_ code: Code, line: Int? = nil, _ detail: String) {
        self.code = code
        self.line = line
        self.detail = detail
    }

    public var description: String {
        if let line { return "\(code) on line \(line): \(detail)" }
        return "\(code): \(detail)"
    }
}
