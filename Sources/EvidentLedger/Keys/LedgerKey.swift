import EvidentCore
import EvidentCrypto
import EvidentDER

/// A ledger signing key: Ed25519 (RFC 8032) through EvidentCrypto. The key material lives in an
/// ``Ed25519/SecretKey``, which zeroes it when released; it never appears in a description.
///
/// Key id (docs/keys.md): `"ed25519:"` + lower-case hex of the first 16 bytes of
/// SHA-256(32-byte public key).
public struct LedgerKey: Sendable, CustomStringConvertible {
    public static let keyIDPrefix = "ed25519:"
    /// Bytes of SHA-256(public key) in a key id.
    public static let keyIDHashBytes = 16

    public let secretKey: Ed25519.SecretKey
    public var publicKey: Ed25519.PublicKey { secretKey.publicKey }
    public let keyID: String

    public init(_ secretKey: Ed25519.SecretKey) {
        self.secretKey = secretKey
        self.keyID = LedgerKey.keyID(for: secretKey.publicKey)
    }

    /// A new random key.
    public static func generate() throws -> LedgerKey { LedgerKey(try Ed25519.SecretKey()) }

    /// The key for a 32-byte RFC 8032 seed; the caller wipes `seed` afterwards.
    public init(seed: [UInt8]) throws { self.init(try Ed25519.SecretKey(seed: seed)) }

    public func signature(for message: [UInt8]) -> [UInt8] { secretKey.signature(for: message) }

    /// The key id of a public key.
    public static func keyID(for publicKey: Ed25519.PublicKey) -> String {
        let digest = (try? Digest.hash(.sha256, publicKey.rawRepresentation)) ?? []
        return keyIDPrefix + Hex.encode(digest.prefix(keyIDHashBytes))
    }

    /// True for `"ed25519:"` followed by 32 lower-case hex digits.
    public static func isValidKeyID(_ s: String) -> Bool {
        guard s.hasPrefix(keyIDPrefix) else { return false }
        let hex = s.utf8.dropFirst(keyIDPrefix.utf8.count)
        return hex.count == keyIDHashBytes * 2 && hex.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    public var description: String { "LedgerKey(\(keyID))" }
}
