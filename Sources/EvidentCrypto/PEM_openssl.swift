internal import COpenSSL

/// Reading PEM bundles (or a single DER object) into owned OpenSSL objects.
public enum PEM {
    /// Every CERTIFICATE in a PEM bundle; a file that is not PEM is tried as one DER certificate.
    public static func certificates(_ bytes: [UInt8]) throws -> [X509Certificate] {
        guard looksLikePEM(bytes) else { return [try X509Certificate(derEncoded: bytes)] }
        var out: [X509Certificate] = []
        try withBIO(bytes) { bio in
            while let x = PEM_read_bio_X509(bio, nil, nil, nil) {
                defer { X509_free(x) }
                out.append(try X509Certificate(derEncoded: X509Certificate.encode(x)))
            }
        }
        ERR_clear_error()  // the loop ends on "no start line"
        guard !out.isEmpty else { throw CryptoError(.invalidCertificate, "no CERTIFICATE block in the PEM input") }
        return out
    }

    /// Every X509 CRL in a PEM bundle, or one DER CRL.
    public static func crls(_ bytes: [UInt8]) throws -> [X509CRL] {
        guard looksLikePEM(bytes) else { return [try X509CRL(derEncoded: bytes)] }
        var out: [X509CRL] = []
        try withBIO(bytes) { bio in
            while let c = PEM_read_bio_X509_CRL(bio, nil, nil, nil) {
                defer { X509_CRL_free(c) }
                out.append(try X509CRL(derEncoded: X509CRL.encode(c)))
            }
        }
        ERR_clear_error()
        guard !out.isEmpty else { throw CryptoError(.invalidCertificate, "no X509 CRL block in the PEM input") }
        return out
    }

    static func looksLikePEM(_ bytes: [UInt8]) -> Bool {
        let marker = Array("-----BEGIN ".utf8)
        guard bytes.count >= marker.count else { return false }
        for i in 0...(min(bytes.count, 4096) - marker.count) where bytes[i..<(i + marker.count)].elementsEqual(marker) {
            return true
        }
        return false
    }

    static func withBIO<R>(_ bytes: [UInt8], _ body: (OpaquePointer) throws -> R) throws -> R {
        try bytes.withUnsafeBytes { buf in
            guard let bio = BIO_new_mem_buf(buf.baseAddress, Int32(buf.count)) else {
                throw CryptoError.openssl("BIO_new_mem_buf")
            }
            defer { BIO_free(bio) }
            return try body(bio)
        }
    }
}
