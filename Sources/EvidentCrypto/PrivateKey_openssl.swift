internal import COpenSSL

/// A private signing key held by OpenSSL (owned; freed in deinit). Its PKCS#8 form only leaves
/// this type to be sealed (``SealedSecret``) or written where the caller explicitly asked.
public final class PrivateKey: @unchecked Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case ecP256 = "ec-p256", ecP384 = "ec-p384", rsa2048 = "rsa-2048", rsa3072 = "rsa-3072", ed25519

        /// The signature scheme a TSA uses with this key (hash sized to the key).
        public var defaultScheme: SignatureScheme {
            switch self {
            case .ecP256: return .ecdsa(.sha256)
            case .ecP384: return .ecdsa(.sha384)
            case .rsa2048, .rsa3072: return .rsaPKCS1(.sha256)
            case .ed25519: return .ed25519
            }
        }
    }

    let ref: OpaquePointer
    public let kind: Kind

    init(ref: OpaquePointer, kind: Kind) {
        self.ref = ref
        self.kind = kind
    }

    deinit { EVP_PKEY_free(ref) }

    public static func generate(_ kind: Kind) throws -> PrivateKey {
        let key: OpaquePointer?
        switch kind {
        case .ecP256: key = evident_keygen_ec("P-256")
        case .ecP384: key = evident_keygen_ec("P-384")
        case .rsa2048: key = evident_keygen_rsa(2048)
        case .rsa3072: key = evident_keygen_rsa(3072)
        case .ed25519: key = evident_keygen_ed25519()
        }
        guard let key else { throw CryptoError.openssl("generate \(kind.rawValue) key") }
        return PrivateKey(ref: key, kind: kind)
    }

    /// Reads a PEM private key (PKCS#8 or traditional, unencrypted).
    public init(pem: [UInt8]) throws {
        let parsed: OpaquePointer? = try PEM.withBIO(pem) { PEM_read_bio_PrivateKey($0, nil, nil, nil) }
        guard let parsed else { throw CryptoError(.invalidKey, "not a PEM private key", stack: drainOpenSSLErrors()) }
        guard let kind = PrivateKey.kind(of: parsed) else {
            EVP_PKEY_free(parsed)
            throw CryptoError(.invalidKey, "unsupported key type (EC P-256/P-384, RSA 2048/3072, Ed25519)")
        }
        ref = parsed
        self.kind = kind
    }

    static func kind(of key: OpaquePointer) -> Kind? {
        switch EVP_PKEY_get_base_id(key) {
        case EVP_PKEY_ED25519: return .ed25519
        case EVP_PKEY_RSA:
            let bits = EVP_PKEY_get_bits(key)
            return bits == 2048 ? .rsa2048 : bits == 3072 ? .rsa3072 : nil
        case EVP_PKEY_EC:
            let bits = EVP_PKEY_get_bits(key)
            return bits == 256 ? .ecP256 : bits == 384 ? .ecP384 : nil
        default: return nil
        }
    }

    /// Unencrypted PKCS#8 PEM. Callers seal it or write it 0600 on explicit request only.
    public func pkcs8PEM() throws -> [UInt8] {
        guard let bio = BIO_new(BIO_s_mem()) else { throw CryptoError.openssl("BIO_new") }
        defer { BIO_free(bio) }
        guard PEM_write_bio_PKCS8PrivateKey(bio, ref, nil, nil, 0, nil, nil) == 1 else {
            throw CryptoError.openssl("PEM_write_bio_PKCS8PrivateKey")
        }
        return Array(readBIO(bio).utf8)
    }

    /// Signs `message` (hashing it as the scheme says; EdDSA signs it whole). For many
    /// signatures with one scheme, a ``Signer`` sets the context up once.
    public func sign(_ message: [UInt8], scheme: SignatureScheme) throws -> [UInt8] {
        let ctx = try Signer.context(self, scheme)
        defer { EVP_MD_CTX_free(ctx) }
        return try Signer.digestSign(ctx, message)
    }

    /// Whether `certificate` carries this key's public half.
    public func matches(_ certificate: X509Certificate) -> Bool {
        guard let pub = X509_get0_pubkey(certificate.ref) else { return false }
        return EVP_PKEY_eq(ref, pub) == 1
    }
}
