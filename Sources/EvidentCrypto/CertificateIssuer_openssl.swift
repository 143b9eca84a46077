internal import COpenSSL

/// Issues X.509 certificates with OpenSSL (for `evident tsa init` and tests): a subject, a
/// validity window, extensions in OpenSSL's configuration syntax, signed by an issuer key.
public enum CertificateIssuer {
    public struct Request {
        /// Subject as (short name, value) pairs, most significant first: [("O", "Evident"), ("CN", "TSA")].
        public var subject: [(String, String)]
        public var serial: [UInt8]
        public var notBefore: Int64
        public var notAfter: Int64
        /// (extension name, OpenSSL config value), e.g. ("extendedKeyUsage", "critical,timeStamping").
        public var extensions: [(String, String)]

        public init(
            subject: [(String, String)], serial: [UInt8], notBefore: Int64, notAfter: Int64,
            extensions: [(String, String)]
        ) {
            self.subject = subject
            self.serial = serial
            self.notBefore = notBefore
            self.notAfter = notAfter
            self.extensions = extensions
        }
    }

    /// Issues `request` for `subjectKey`'s public key, signed by `issuerKey`; `issuer` nil makes
    /// a self-signed certificate.
    public static func issue(
        _ request: Request, subjectKey: PrivateKey, issuerKey: PrivateKey, issuer: X509Certificate?
    ) throws -> X509Certificate {
        guard let x = X509_new() else { throw CryptoError.openssl("X509_new") }
        defer { X509_free(x) }
        X509_set_version(x, 2)
        guard let serial = request.serial.withUnsafeBufferPointer({ BN_bin2bn($0.baseAddress, Int32($0.count), nil) })
        else {
            throw CryptoError.openssl("BN_bin2bn")
        }
        defer { BN_free(serial) }
        BN_to_ASN1_INTEGER(serial, X509_get_serialNumber(x))
        ASN1_TIME_set(X509_getm_notBefore(x), time_t(request.notBefore))
        ASN1_TIME_set(X509_getm_notAfter(x), time_t(request.notAfter))
        guard let name = X509_NAME_new() else { throw CryptoError.openssl("X509_NAME_new") }
        defer { X509_NAME_free(name) }
        for (field, value) in request.subject {
            guard X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8, value, -1, -1, 0) == 1 else {
                throw CryptoError(.invalidCertificate, "subject attribute \(field)", stack: drainOpenSSLErrors())
            }
        }
        X509_set_subject_name(x, name)
        X509_set_issuer_name(x, issuer.map { X509_get_subject_name($0.ref) } ?? name)
        guard X509_set_pubkey(x, subjectKey.ref) == 1 else { throw CryptoError.openssl("X509_set_pubkey") }
        var ctx = X509V3_CTX()
        X509V3_set_ctx(&ctx, issuer?.ref ?? x, x, nil, nil, 0)
        for (ext, value) in request.extensions {
            guard let e = X509V3_EXT_conf(nil, &ctx, ext, value) else {
                throw CryptoError(.invalidCertificate, "extension \(ext)=\(value)", stack: drainOpenSSLErrors())
            }
            defer { X509_EXTENSION_free(e) }
            X509_add_ext(x, e, -1)
        }
        let md = issuerKey.kind == .ed25519 ? nil : issuerKey.kind.defaultScheme.hash.flatMap(Digest.evp)
        guard X509_sign(x, issuerKey.ref, md) > 0 else { throw CryptoError.openssl("X509_sign") }
        return try X509Certificate(derEncoded: X509Certificate.encode(x))
    }
}

extension X509Certificate {
    /// PEM form.
    public var pem: String { PEM.encode(derBytes, label: "CERTIFICATE") }
}
