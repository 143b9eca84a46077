internal import COpenSSL

/// A key bound to one signature scheme, for signing many messages (the TSA's hot path). The
/// signing context is initialised once; each signature starts from a copy of it, so the
/// per-signature cost is the signature itself, not OpenSSL's provider and key set-up.
/// Safe to use from several threads: the template is only ever read.
public final class Signer: @unchecked Sendable {
    public let key: PrivateKey
    public let scheme: SignatureScheme
    private let template: OpaquePointer

    public init(key: PrivateKey, scheme: SignatureScheme) throws {
        template = try Signer.context(key, scheme)
        self.key = key
        self.scheme = scheme
    }

    deinit { EVP_MD_CTX_free(template) }

    public func sign(_ message: [UInt8]) throws -> [UInt8] {
        // EdDSA contexts cannot be copied in OpenSSL 3.0; they are one-shot and cheap to set up.
        switch scheme {
        case .ed25519, .ed448: return try key.sign(message, scheme: scheme)
        default: break
        }
        guard let ctx = EVP_MD_CTX_new() else { throw CryptoError.openssl("EVP_MD_CTX_new") }
        defer { EVP_MD_CTX_free(ctx) }
        guard EVP_MD_CTX_copy_ex(ctx, template) == 1 else { throw CryptoError.openssl("EVP_MD_CTX_copy_ex") }
        return try Signer.digestSign(ctx, message)
    }

    /// A signing context for `key` under `scheme` (the caller frees it).
    static func context(_ key: PrivateKey, _ scheme: SignatureScheme) throws -> OpaquePointer {
        guard let ctx = EVP_MD_CTX_new() else { throw CryptoError.openssl("EVP_MD_CTX_new") }
        var pctx: OpaquePointer? = nil
        guard EVP_DigestSignInit(ctx, &pctx, scheme.hash.flatMap(Digest.evp), nil, key.ref) == 1 else {
            EVP_MD_CTX_free(ctx)
            throw CryptoError.openssl("EVP_DigestSignInit(\(scheme))")
        }
        if case .rsaPSS(_, let mgf1, let salt) = scheme {
            guard EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1,
                EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, Digest.evp(mgf1)) == 1,
                EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, Int32(salt)) == 1
            else {
                EVP_MD_CTX_free(ctx)
                throw CryptoError.openssl("RSA-PSS parameters")
            }
        }
        return ctx
    }

    /// One-shot EVP_DigestSign on an initialised context: size query, then the signature.
    static func digestSign(_ ctx: OpaquePointer, _ message: [UInt8]) throws -> [UInt8] {
        var length = 0
        guard message.withUnsafeBufferPointer({ EVP_DigestSign(ctx, nil, &length, $0.baseAddress, $0.count) }) == 1
        else {
            throw CryptoError.openssl("EVP_DigestSign (size)")
        }
        var sig = [UInt8](repeating: 0, count: length)
        let rc = message.withUnsafeBufferPointer { msg in
            sig.withUnsafeMutableBufferPointer {
                EVP_DigestSign(ctx, $0.baseAddress, &length, msg.baseAddress, msg.count)
            }
        }
        guard rc == 1 else { throw CryptoError.openssl("EVP_DigestSign") }
        return Array(sig.prefix(length))
    }
}
