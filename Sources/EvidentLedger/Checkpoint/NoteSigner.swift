import EvidentCrypto

/// An Ed25519 key that signs C2SP notes under a key name (for a log, its origin).
public struct NoteSigner: Sendable {
    public let name: String
    public let key: Ed25519.SecretKey
    public let verifierKey: NoteVerifierKey

    public init(name: String, key: Ed25519.SecretKey) throws {
        self.name = name
        self.key = key
        self.verifierKey = try NoteVerifierKey(name: name, publicKey: key.publicKey)
    }

    /// The signature of a note text: key hash (4 bytes, big-endian) ‖ Ed25519 signature of the
    /// text's UTF-8 bytes, final newline included.
    func signature(for text: String) -> SignedNote.Signature {
        SignedNote.Signature(name: name, keyHash: verifierKey.keyHash, signature: key.signature(for: Array(text.utf8)))
    }
}
