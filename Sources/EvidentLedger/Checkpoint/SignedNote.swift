import EvidentCore
import EvidentDER

/// A C2SP signed note (c2sp.org/signed-note): a text ending in a newline, a blank line, then one
/// or more signature lines `— <key name> <base64(key hash ‖ signature)>`. Signatures are over
/// the text's UTF-8 bytes, its final newline included.
///
/// ```
/// example.com/log/testdata
/// 15
/// rKbDipCvhuX1GZ7g5BBe8sA6BbJ7ja/1nk427v383cs=
///
/// — example.com/log/testdata M9e0luh4jTG+UMBqOUo9/q+yAEvx1ilBEniMvjf1zfcBOhg+…
/// ```
///
/// ``parse(_:)`` checks only the envelope; ``verify(trusting:)`` checks signatures. The text
/// means nothing until a trusted key's signature over it has verified.
public struct SignedNote: Hashable, Sendable {
    /// Largest note accepted: 64 KiB. A checkpoint is a few hundred bytes; extension lines and
    /// cosignatures leave plenty of room below this.
    public static let maxNoteSize = 64 * 1024
    /// Most signature lines accepted (the Go reference's limit): each costs a verification.
    public static let maxSignatures = 100
    /// U+2014 EM DASH, U+0020 SPACE: the start of every signature line.
    static let signaturePrefix: [UInt8] = [0xE2, 0x80, 0x94, 0x20]

    /// One signature line.
    public struct Signature: Hashable, Sendable {
        public let name: String
        public let keyHash: UInt32
        /// The signature bytes after the key hash (64 for Ed25519).
        public let signature: [UInt8]

        public init(name: String, keyHash: UInt32, signature: [UInt8]) {
            self.name = name
            self.keyHash = keyHash
            self.signature = signature
        }

        /// `— <name> <base64(key hash ‖ signature)>` without the newline.
        public var line: String {
            let hash: [UInt8] = [
                UInt8(keyHash >> 24), UInt8(keyHash >> 16 & 0xFF), UInt8(keyHash >> 8 & 0xFF), UInt8(keyHash & 0xFF),
            ]
            return "\u{2014} \(name) \(Base64.encode(hash + signature))"
        }
    }

    /// The signed text, ending in a newline.
    public let text: String
    public let signatures: [Signature]

    /// The text's first line — for a checkpoint, the origin it claims — read before any
    /// signature is checked, only to pick the keys that must verify it; never a fact until one
    /// of them has.
    public var claimedOrigin: String { String(decoding: text.utf8.prefix { $0 != 0x0A }, as: UTF8.self) }

    /// The note as bytes: text, blank line, one line per signature.
    public var bytes: [UInt8] {
        Array((text + "\n" + signatures.map { $0.line + "\n" }.joined()).utf8)
    }

    /// Signs `text` with each signer in turn.
    public init(signing text: String, with signers: [NoteSigner]) throws {
        try SignedNote.validate(text: text)
        guard !signers.isEmpty, signers.count <= SignedNote.maxSignatures else {
            throw NoteError(
                .missingSignatures, "a note needs 1 to \(SignedNote.maxSignatures) signers, not \(signers.count)")
        }
        self.text = text
        self.signatures = signers.map { $0.signature(for: text) }
        guard bytes.count <= SignedNote.maxNoteSize else {
            throw NoteError(
                .noteTooLarge, "the signed note would be \(bytes.count) bytes, the limit is \(SignedNote.maxNoteSize)")
        }
    }

    private init(text: String, signatures: [Signature]) {
        self.text = text
        self.signatures = signatures
    }

    /// Parses the envelope: size, UTF-8, no control characters but newline, the last blank line
    /// separating text from signature lines, and each signature line's form. No signature is
    /// checked here.
    public static func parse(_ note: [UInt8]) throws -> SignedNote {
        guard note.count <= maxNoteSize else {
            throw NoteError(.noteTooLarge, "the note is \(note.count) bytes, the limit is \(maxNoteSize)")
        }
        guard String(validating: note, as: UTF8.self) != nil else {
            throw NoteError(.invalidUTF8, "a signed note is UTF-8")
        }
        if let offset = note.firstIndex(where: { $0 < 0x20 && $0 != 0x0A }) {
            let line = note[..<offset].filter { $0 == 0x0A }.count + 1
            throw NoteError(
                .controlCharacter, line: line,
                "control character 0x\(Hex.encode([note[offset]])); only newline is allowed")
        }
        // The text ends at the last blank line: signature lines are never empty, so this is where
        // the signatures start even if the text itself contains a blank line.
        var split: Int?
        var i = note.count - 2
        while i >= 0 {
            if note[i] == 0x0A && note[i + 1] == 0x0A {
                split = i
                break
            }
            i -= 1
        }
        guard let split else {
            throw NoteError(.missingSignatures, "no blank line separates the text from signature lines")
        }
        let textBytes = Array(note[...split])
        let signatureBytes = note[(split + 2)...]
        guard !signatureBytes.isEmpty, signatureBytes.last == 0x0A else {
            throw NoteError(.missingSignatures, "signature lines must follow the blank line, each ending in a newline")
        }
        let firstSignatureLine = textBytes.filter { $0 == 0x0A }.count + 2
        var signatures: [Signature] = []
        for (n, line) in signatureBytes.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false).enumerated()
        {
            let lineNumber = firstSignatureLine + n
            guard signatures.count < maxSignatures else {
                throw NoteError(.tooManySignatures, line: lineNumber, "more than \(maxSignatures) signature lines")
            }
            signatures.append(try parseSignatureLine(Array(line), lineNumber: lineNumber))
        }
        return SignedNote(text: String(decoding: textBytes, as: UTF8.self), signatures: signatures)
    }

    /// Checks the signatures against `keys`: every signature by a trusted key (same name and key
    /// hash) must verify and appear once; signatures by other keys are ignored; at least one
    /// must be from a trusted key. Returns the keys whose signatures verified, in note order.
    @discardableResult
    public func verify(trusting keys: [NoteVerifierKey]) throws -> [NoteVerifierKey] {
        let verified = try verifiedSignatures(by: keys)
        guard !verified.isEmpty else {
            let names = signatures.map { "\($0.name)+\(NoteVerifierKey.hex($0.keyHash))" }.joined(separator: ", ")
            throw NoteError(.noTrustedSignature, "no signature by a trusted key (signed by: \(names))")
        }
        return verified
    }

    /// The keys among `keys` that signed this note, in note order, possibly none (a witness
    /// policy counts cosigners this way). A line whose name and key hash match one of `keys`
    /// must verify (`invalid-signature`) and appear once (`duplicate-signature`): a note with
    /// such a line is malformed (c2sp.org/signed-note). Lines by other keys are ignored.
    public func verifiedSignatures(by keys: [NoteVerifierKey]) throws -> [NoteVerifierKey] {
        let message = Array(text.utf8)
        let lineOfFirstSignature = text.utf8.filter { $0 == 0x0A }.count + 2
        var verified: [NoteVerifierKey] = []
        for (n, signature) in signatures.enumerated() {
            guard let key = keys.first(where: { $0.matches(signature) }) else { continue }
            guard !verified.contains(key) else {
                throw NoteError(
                    .duplicateSignature, line: lineOfFirstSignature + n, "a second signature by \(key.name)")
            }
            guard key.isValidSignature(signature.signature, forText: message) else {
                throw NoteError(
                    .invalidSignature, line: lineOfFirstSignature + n,
                    "the signature by \(key.name) (key hash \(NoteVerifierKey.hex(key.keyHash))) does not verify")
            }
            verified.append(key)
        }
        return verified
    }

    /// This note with `extra` signature lines after its own (a witness's cosignatures): the
    /// text is unchanged, so every signature still covers the same bytes.
    public func adding(_ extra: [Signature]) throws -> SignedNote {
        let note = SignedNote(text: text, signatures: signatures + extra)
        guard note.signatures.count <= SignedNote.maxSignatures else {
            throw NoteError(.tooManySignatures, "more than \(SignedNote.maxSignatures) signature lines")
        }
        guard note.bytes.count <= SignedNote.maxNoteSize else {
            throw NoteError(
                .noteTooLarge, "the note would be \(note.bytes.count) bytes, the limit is \(SignedNote.maxNoteSize)")
        }
        return note
    }

    /// This note with only the signature lines by `keys` (a witness keeps the log signatures it
    /// verified, not lines by keys it does not know).
    public func keepingSignatures(by keys: [NoteVerifierKey]) -> SignedNote {
        SignedNote(text: text, signatures: signatures.filter { s in keys.contains { $0.matches(s) } })
    }

    /// Parses signature lines on their own (a witness's add-checkpoint response): each line
    /// `— <name> <base64>` ending in a newline, at least one, at most ``maxSignatures``.
    public static func parseSignatureLines(_ bytes: [UInt8]) throws -> [Signature] {
        guard bytes.count <= maxNoteSize else {
            throw NoteError(.noteTooLarge, "\(bytes.count) bytes of signature lines, the limit is \(maxNoteSize)")
        }
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw NoteError(.invalidUTF8, "signature lines are UTF-8")
        }
        guard !bytes.isEmpty, bytes.last == 0x0A else {
            throw NoteError(.missingSignatures, "one or more signature lines, each ending in a newline")
        }
        var signatures: [Signature] = []
        for (n, line) in bytes.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            guard signatures.count < maxSignatures else {
                throw NoteError(.tooManySignatures, line: n + 1, "more than \(maxSignatures) signature lines")
            }
            if let bad = line.first(where: { $0 < 0x20 }) {
                throw NoteError(.controlCharacter, line: n + 1, "control character 0x\(Hex.encode([bad]))")
            }
            signatures.append(try parseSignatureLine(Array(line), lineNumber: n + 1))
        }
        return signatures
    }

    /// Note text rules: non-empty, ends in a newline, no control characters but newline.
    static func validate(text: String) throws {
        guard text.utf8.last == 0x0A else { throw NoteError(.invalidText, "a note text ends in a newline") }
        if text.utf8.contains(where: { $0 < 0x20 && $0 != 0x0A }) {
            throw NoteError(.controlCharacter, "only newline is allowed among control characters")
        }
    }

    private static func parseSignatureLine(_ line: [UInt8], lineNumber: Int) throws -> Signature {
        guard line.starts(with: signaturePrefix) else {
            throw NoteError(
                .malformedSignatureLine, line: lineNumber, "a signature line starts with an em dash and a space")
        }
        let rest = line.dropFirst(signaturePrefix.count)
        guard let space = rest.firstIndex(of: 0x20) else {
            throw NoteError(.malformedSignatureLine, line: lineNumber, "a signature line is '— <key name> <signature>'")
        }
        let name = String(decoding: rest[..<space], as: UTF8.self)
        try NoteVerifierKey.validate(keyName: name, line: lineNumber)
        guard let decoded = Base64.decode(utf8: Array(rest[(space + 1)...])), decoded.count > 4 else {
            throw NoteError(
                .malformedSignatureLine, line: lineNumber,
                "the signature is not canonical base64 of a key hash and signature bytes")
        }
        return Signature(
            name: name, keyHash: decoded.prefix(4).reduce(0) { $0 << 8 | UInt32($1) },
            signature: Array(decoded.dropFirst(4)))
    }
}
