import EvidentCore
import EvidentCrypto
import EvidentDER

/// A C2SP signed-note verifier key: a key name, its signature type, its 4-byte key hash and the
/// Ed25519 public key. Its text form ("vkey") is
/// `<name>+<key hash as 8 hex digits>+<base64(type ‖ 32-byte public key)>`.
///
/// Two signature types are supported, both Ed25519: 0x01, a log's note signature over the text
/// (c2sp.org/signed-note), and 0x04, a witness's timestamped cosignature/v1
/// (c2sp.org/tlog-cosignature; ``Cosignature``). The type is part of the key hash, so a key of
/// one type never matches a signature line of the other.
public struct NoteVerifierKey: Hashable, Sendable, CustomStringConvertible {
    /// The signature type byte of a vkey and of the key hash.
    public enum SignatureType: UInt8, Sendable, Hashable {
        /// Ed25519 over the note text (c2sp.org/signed-note).
        case ed25519 = 0x01
        /// Ed25519 cosignature/v1: a timestamp and Ed25519 over the cosigned message
        /// (c2sp.org/tlog-cosignature).
        case cosignatureV1 = 0x04
    }

    public let name: String
    public let type: SignatureType
    public let keyHash: UInt32
    public let publicKey: Ed25519.PublicKey

    public init(name: String, publicKey: Ed25519.PublicKey, type: SignatureType = .ed25519) throws {
        try NoteVerifierKey.validate(keyName: name)
        self.name = name
        self.type = type
        self.publicKey = publicKey
        self.keyHash = try NoteVerifierKey.keyHash(name: name, publicKey: publicKey, type: type)
    }

    /// Parses a vkey, checking that the key hash it states is the one its name and key give.
    public init(vkey: String) throws {
        let parts = vkey.split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else {
            throw NoteError(.invalidVerifierKey, "a verifier key is <name>+<key hash>+<base64 key>")
        }
        let (name, hashText, keyText) = (String(parts[0]), parts[1], parts[2])
        guard hashText.utf8.count == 8, let stated = UInt32(hashText, radix: 16) else {
            throw NoteError(.invalidVerifierKey, "the key hash must be 8 hex digits")
        }
        guard let key = Base64.decode(keyText) else {
            throw NoteError(.invalidVerifierKey, "the key is not canonical base64")
        }
        guard let type = key.first.flatMap(SignatureType.init(rawValue:)) else {
            throw NoteError(
                .unsupportedKeyType,
                "signature type \(key.first.map { "0x" + Hex.encode([$0]) } ?? "missing"); only Ed25519 (0x01) and Ed25519 cosignature/v1 (0x04) are supported"
            )
        }
        guard key.count == 1 + Ed25519.publicKeyLength else {
            throw NoteError(
                .invalidVerifierKey, "an Ed25519 key is \(Ed25519.publicKeyLength) bytes, not \(key.count - 1)")
        }
        try self.init(name: name, publicKey: Ed25519.PublicKey(rawRepresentation: Array(key.dropFirst())), type: type)
        guard keyHash == stated else {
            throw NoteError(
                .keyHashMismatch,
                "the vkey states key hash \(NoteVerifierKey.hex(stated)), its name and key give \(NoteVerifierKey.hex(keyHash))"
            )
        }
    }

    /// The text form, lower-case hex.
    public var vkey: String {
        "\(name)+\(NoteVerifierKey.hex(keyHash))+\(Base64.encode([type.rawValue] + publicKey.rawRepresentation))"
    }

    /// Whether `signature` (a line already matched to this key by name and key hash) is this
    /// key's valid signature of `text`: for 0x01 Ed25519 over the text; for 0x04 a
    /// `timestamped_signature` whose Ed25519 signature covers the cosigned message.
    public func isValidSignature(_ signature: [UInt8], forText text: [UInt8]) -> Bool {
        switch type {
        case .ed25519:
            return publicKey.isValidSignature(signature, for: text)
        case .cosignatureV1:
            guard let timestamp = Cosignature.timestamp(of: signature) else { return false }
            return publicKey.isValidSignature(
                Array(signature.dropFirst(8)), for: Cosignature.message(text: text, timestamp: timestamp))
        }
    }

    public var description: String { vkey }

    /// Whether a signature line claims to be by this key: same name (byte for byte) and key hash.
    public func matches(_ signature: SignedNote.Signature) -> Bool {
        keyHash == signature.keyHash && name.utf8.elementsEqual(signature.name.utf8)
    }

    /// The key hash of c2sp.org/signed-note: the first four bytes, big-endian, of
    /// SHA-256(key name ‖ 0x0A ‖ signature type ‖ public key).
    public static func keyHash(
        name: String, publicKey: Ed25519.PublicKey, type: SignatureType = .ed25519
    ) throws
        -> UInt32
    {
        let digest = try Digest.hash(.sha256, Array(name.utf8) + [0x0A, type.rawValue] + publicKey.rawRepresentation)
        return digest.prefix(4).reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// Key names are non-empty and contain no Unicode white space and no "+".
    public static func validate(keyName name: String, line: Int? = nil) throws {
        guard !name.isEmpty else { throw NoteError(.invalidKeyName, line: line, "the key name is empty") }
        if let bad = name.unicodeScalars.first(where: { $0.properties.isWhitespace || $0 == "+" }) {
            throw NoteError(
                .invalidKeyName, line: line,
                "key names contain no white space and no '+' (found U+\(NoteVerifierKey.hex(bad.value, digits: 4)))")
        }
    }

    static func hex(_ value: UInt32, digits: Int = 8) -> String {
        let s = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - s.count)) + s
    }
}
