import EvidentCore
import EvidentCrypto
import EvidentDER

/// A C2SP signed-note verifier key for Ed25519 (signature type 0x01): a key name, its 4-byte key
/// hash and the public key. Its text form ("vkey") is
/// `<name>+<key hash as 8 hex digits>+<base64(0x01 ‖ 32-byte public key)>`.
public struct NoteVerifierKey: Hashable, Sendable, CustomStringConvertible {
    /// The signature type byte of Ed25519 note signatures (c2sp.org/signed-note).
    public static let ed25519SignatureType: UInt8 = 0x01

    public let name: String
    public let keyHash: UInt32
    public let publicKey: Ed25519.PublicKey

    public init(name: String, publicKey: Ed25519.PublicKey) throws {
        try NoteVerifierKey.validate(keyName: name)
        self.name = name
        self.publicKey = publicKey
        self.keyHash = try NoteVerifierKey.keyHash(name: name, publicKey: publicKey)
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
        guard key.first == NoteVerifierKey.ed25519SignatureType else {
            throw NoteError(
                .unsupportedKeyType,
                "signature type \(key.first.map { "0x" + Hex.encode([$0]) } ?? "missing"); only Ed25519 (0x01) is supported"
            )
        }
        guard key.count == 1 + Ed25519.publicKeyLength else {
            throw NoteError(
                .invalidVerifierKey, "an Ed25519 key is \(Ed25519.publicKeyLength) bytes, not \(key.count - 1)")
        }
        try self.init(name: name, publicKey: Ed25519.PublicKey(rawRepresentation: Array(key.dropFirst())))
        guard keyHash == stated else {
            throw NoteError(
                .keyHashMismatch,
                "the vkey states key hash \(NoteVerifierKey.hex(stated)), its name and key give \(NoteVerifierKey.hex(keyHash))"
            )
        }
    }

    /// The text form, lower-case hex.
    public var vkey: String {
        "\(name)+\(NoteVerifierKey.hex(keyHash))+\(Base64.encode([NoteVerifierKey.ed25519SignatureType] + publicKey.rawRepresentation))"
    }

    public var description: String { vkey }

    /// The key hash of c2sp.org/signed-note: the first four bytes, big-endian, of
    /// SHA-256(key name ‖ 0x0A ‖ signature type ‖ public key).
    public static func keyHash(name: String, publicKey: Ed25519.PublicKey) throws -> UInt32 {
        let digest = try Digest.hash(
            .sha256, Array(name.utf8) + [0x0A, ed25519SignatureType] + publicKey.rawRepresentation)
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
