import EvidentCrypto

/// An Ed25519 key that signs C2SP notes under a key name: a log's key (type 0x01, named by the
/// log's origin) or a witness's cosigner key (type 0x04, named by the witness;
/// c2sp.org/tlog-cosignature).
public struct NoteSigner: Sendable {
    public let name: String
    public let key: Ed25519.SecretKey
    public let verifierKey: NoteVerifierKey

    public init(name: String, key: Ed25519.SecretKey, type: NoteVerifierKey.SignatureType = .ed25519) throws {
        self.name = name
        self.key = key
        self.verifierKey = try NoteVerifierKey(name: name, publicKey: key.publicKey, type: type)
    }

    /// The signature of a note text: key hash (4 bytes, big-endian) ‖ Ed25519 signature of the
    /// text's UTF-8 bytes, final newline included. A cosigner signs with ``cosignature(for:timestamp:)``.
    func signature(for text: String) -> SignedNote.Signature {
        precondition(verifierKey.type == .ed25519, "a cosigner key signs cosignatures, with a timestamp")
        return SignedNote.Signature(
            name: name, keyHash: verifierKey.keyHash, signature: key.signature(for: Array(text.utf8)))
    }

    /// A cosignature/v1 line over a checkpoint's note text at `timestamp` (POSIX seconds, not
    /// zero, below 2⁶³): key hash ‖ timestamp (8 bytes, big-endian) ‖ Ed25519 signature of the
    /// cosigned message (``Cosignature/message(text:timestamp:)``).
    public func cosignature(for text: String, timestamp: UInt64) throws -> SignedNote.Signature {
        guard verifierKey.type == .cosignatureV1 else {
            throw NoteError(.unsupportedKeyType, "\(name) is not a cosigner key (signature type 0x04)")
        }
        guard timestamp > 0, timestamp <= UInt64(Int64.max) else {
            throw NoteError(.invalidText, "a cosignature timestamp is between 1 and 2^63-1, not \(timestamp)")
        }
        let message = Cosignature.message(text: Array(text.utf8), timestamp: timestamp)
        return SignedNote.Signature(
            name: name, keyHash: verifierKey.keyHash,
            signature: Cosignature.encode(timestamp: timestamp) + key.signature(for: message))
    }
}
