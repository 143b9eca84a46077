import EvidentCore

/// An error from a C2SP signed note, a checkpoint or a verifier key: an opaque ``Code`` that tests
/// and callers match on, the 1-based line it concerns (nil when it is about the whole note), and
/// a detail. Nothing secret is ever part of it.
public struct NoteError: CodedError, Hashable {
    public typealias Code = ErrorCode<NoteError>

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

extension ErrorCode where Owner == NoteError {
    // The signed-note envelope (c2sp.org/signed-note)
    public static let noteTooLarge = Self("note-too-large")
    public static let invalidUTF8 = Self("invalid-utf8")
    public static let controlCharacter = Self("control-character")
    public static let missingSignatures = Self("missing-signatures")
    public static let malformedSignatureLine = Self("malformed-signature-line")
    public static let tooManySignatures = Self("too-many-signatures")
    public static let invalidKeyName = Self("invalid-key-name")
    public static let invalidText = Self("invalid-text")
    // Verification
    /// A trusted key signed the same note twice.
    public static let duplicateSignature = Self("duplicate-signature")
    /// A signature by a trusted key (name and key hash match) does not verify.
    public static let invalidSignature = Self("invalid-signature")
    /// No signature line is from a trusted key (unknown keys are ignored, as the spec says).
    public static let noTrustedSignature = Self("no-trusted-signature")
    // Verifier keys (`name+hash+base64`)
    public static let invalidVerifierKey = Self("invalid-verifier-key")
    public static let unsupportedKeyType = Self("unsupported-key-type")
    public static let keyHashMismatch = Self("key-hash-mismatch")
    // The checkpoint body (c2sp.org/tlog-checkpoint)
    public static let missingCheckpointLine = Self("missing-checkpoint-line")
    public static let invalidOrigin = Self("invalid-origin")
    public static let invalidTreeSize = Self("invalid-tree-size")
    public static let invalidRootHash = Self("invalid-root-hash")
    public static let invalidExtensionLine = Self("invalid-extension-line")
    public static let originMismatch = Self("origin-mismatch")
    // c2sp.org/tlog-proof
    public static let invalidProof = Self("invalid-tlog-proof")
}
