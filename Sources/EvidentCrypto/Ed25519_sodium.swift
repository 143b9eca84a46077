internal import CSodium

/// Ed25519 signatures (RFC 8032 §5.1, pure Ed25519) through libsodium's `crypto_sign_*`.
///
/// Verification is libsodium's: it rejects a non-canonical S (S ≥ L), small-order and
/// non-canonical public keys, small-order R, and any R whose re-encoding differs from the
/// signature's bytes, and it uses the cofactorless equation. What that means for the published
/// edge-case vectors (ed25519-speccheck, CCTV, Wycheproof) is pinned in `Ed25519Tests` and
/// summarised in `testdata/ed25519/PROVENANCE.md`.
public enum Ed25519 {
    public static let publicKeyLength = 32
    /// The 32-byte private seed of RFC 8032 §5.1.5; everything else is derived from it.
    public static let seedLength = 32
    public static let signatureLength = 64
    /// libsodium's secret key: seed ‖ public key.
    static let libsodiumSecretKeyLength = 64

    /// An Ed25519 public key: the 32-byte encoding of the point A.
    public struct PublicKey: Hashable, Sendable {
        public let rawRepresentation: [UInt8]

        /// Accepts any 32 bytes; whether they encode a usable point is decided by verification,
        /// which rejects small-order and non-canonical keys.
        public init(rawRepresentation: [UInt8]) throws {
            guard rawRepresentation.count == Ed25519.publicKeyLength else {
                throw CryptoError(
                    .invalidKey,
                    "Ed25519 public key must be \(Ed25519.publicKeyLength) bytes, not \(rawRepresentation.count)")
            }
            self.rawRepresentation = rawRepresentation
        }

        /// True only when `signature` is a valid Ed25519 signature of `message` by this key.
        /// A signature of the wrong length is simply not valid.
        public func isValidSignature(_ signature: [UInt8], for message: some ContiguousBytes) -> Bool {
            guard signature.count == Ed25519.signatureLength else { return false }
            CryptoLibraries.initialize()
            return message.withUnsafeBytes { m in
                Ed25519.withNonNullBase(m) { base in
                    crypto_sign_verify_detached(signature, base, UInt64(m.count), rawRepresentation) == 0
                }
            }
        }
    }

    /// An Ed25519 private key. The key material lives in memory owned by this object and is
    /// zeroed when it is released; it is never part of `description` or any error.
    public final class SecretKey: @unchecked Sendable {
        // Sendable: the buffer is written once in init and only read afterwards.
        private let storage: UnsafeMutablePointer<UInt8>
        public let publicKey: PublicKey

        /// A new random key (libsodium `crypto_sign_keypair`, seeded from `randombytes`).
        public convenience init() throws {
            CryptoLibraries.initialize()
            var seed = [UInt8](repeating: 0, count: Ed25519.seedLength)
            defer { sodium_memzero(&seed, seed.count) }
            randombytes_buf(&seed, seed.count)
            try self.init(seed: seed)
        }

        /// The key for a 32-byte RFC 8032 seed. The caller still owns `seed` and should wipe
        /// it (``SealedSecret/wipe(_:)``) when done.
        public init(seed: [UInt8]) throws {
            guard seed.count == Ed25519.seedLength else {
                throw CryptoError(.invalidKey, "Ed25519 seed must be \(Ed25519.seedLength) bytes, not \(seed.count)")
            }
            CryptoLibraries.initialize()
            let storage = UnsafeMutablePointer<UInt8>.allocate(capacity: Ed25519.libsodiumSecretKeyLength)
            var pk = [UInt8](repeating: 0, count: Ed25519.publicKeyLength)
            guard crypto_sign_seed_keypair(&pk, storage, seed) == 0 else {
                sodium_memzero(storage, Ed25519.libsodiumSecretKeyLength)
                storage.deallocate()
                throw CryptoError(.sodium, "crypto_sign_seed_keypair")
            }
            self.storage = storage
            self.publicKey = try PublicKey(rawRepresentation: pk)
        }

        deinit {
            sodium_memzero(storage, Ed25519.libsodiumSecretKeyLength)
            storage.deallocate()
        }

        /// The 64-byte deterministic signature of `message` (RFC 8032 §5.1.6).
        public func signature(for message: some ContiguousBytes) -> [UInt8] {
            var signature = [UInt8](repeating: 0, count: Ed25519.signatureLength)
            let rc = message.withUnsafeBytes { m in
                Ed25519.withNonNullBase(m) { base in
                    crypto_sign_detached(&signature, nil, base, UInt64(m.count), storage)
                }
            }
            // crypto_sign_detached cannot fail for a key made by crypto_sign_seed_keypair.
            precondition(rc == 0, "crypto_sign_detached failed")
            return signature
        }

        /// Lends the 32-byte seed (for sealing the key to disk); the bytes must not escape `body`.
        public func withUnsafeSeed<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
            try body(UnsafeRawBufferPointer(start: storage, count: Ed25519.seedLength))
        }
    }

    /// libsodium reads `mlen` bytes from the message pointer; an empty Swift buffer may have a nil
    /// base address, so give it a valid one.
    static func withNonNullBase<R>(_ buffer: UnsafeRawBufferPointer, _ body: (UnsafePointer<UInt8>) -> R) -> R {
        if let base = buffer.baseAddress { return body(base.assumingMemoryBound(to: UInt8.self)) }
        let empty: UInt8 = 0
        return withUnsafePointer(to: empty) { body($0) }
    }
}
