internal import COpenSSL

extension X509Certificate {
    /// Checks `signature` over `message` with this certificate's public key.
    /// Returns false for a signature that does not verify; throws when the key and scheme do not
    /// fit together or OpenSSL fails for another reason.
    public func verifySignature(_ signature: [UInt8], over message: [UInt8], scheme: SignatureScheme) throws -> Bool {
        guard let key = X509_get0_pubkey(ref) else {
            throw CryptoError(.invalidKey, "certificate has no usable public key", stack: drainOpenSSLErrors())
        }
        let keyType = EVP_PKEY_get_base_id(key)
        switch scheme {
        case .rsaPKCS1, .rsaPSS:
            guard keyType == EVP_PKEY_RSA || keyType == EVP_PKEY_RSA_PSS else {
                throw CryptoError(.invalidKey, "\(scheme) needs an RSA key")
            }
        case .ecdsa:
            guard keyType == EVP_PKEY_EC else { throw CryptoError(.invalidKey, "\(scheme) needs an EC key") }
        case .ed25519:
            guard keyType == EVP_PKEY_ED25519 else { throw CryptoError(.invalidKey, "Ed25519 needs an Ed25519 key") }
        case .ed448:
            guard keyType == EVP_PKEY_ED448 else { throw CryptoError(.invalidKey, "Ed448 needs an Ed448 key") }
        }
        guard let ctx = EVP_MD_CTX_new() else { throw CryptoError.openssl("EVP_MD_CTX_new") }
        defer { EVP_MD_CTX_free(ctx) }
        let md = scheme.hash.flatMap(Digest.evp)
        var pctx: OpaquePointer? = nil
        guard EVP_DigestVerifyInit(ctx, &pctx, md, nil, key) == 1 else {
            throw CryptoError.openssl("EVP_DigestVerifyInit(\(scheme))")
        }
        if case .rsaPSS(_, let mgf1, let salt) = scheme {
            guard EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1,
                EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, Digest.evp(mgf1)) == 1,
                EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, Int32(salt)) == 1
            else { throw CryptoError.openssl("RSA-PSS parameters") }
        }
        let rc = signature.withUnsafeBufferPointer { sig in
            message.withUnsafeBufferPointer { msg in
                EVP_DigestVerify(ctx, sig.baseAddress, sig.count, msg.baseAddress, msg.count)
            }
        }
        ERR_clear_error()  // a bad signature leaves decoding errors on the queue
        return rc == 1
    }
}
