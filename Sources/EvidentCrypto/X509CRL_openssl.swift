internal import COpenSSL

/// A certificate revocation list parsed by OpenSSL (owned; freed in deinit).
public final class X509CRL: @unchecked Sendable {
    let ref: OpaquePointer
    public let derBytes: [UInt8]

    public init(derEncoded: some Collection<UInt8>) throws {
        let bytes = Array(derEncoded)
        let parsed: OpaquePointer? = bytes.withUnsafeBufferPointer { buf in
            var p: UnsafePointer<UInt8>? = buf.baseAddress
            return d2i_X509_CRL(nil, &p, buf.count)
        }
        guard let parsed else { throw CryptoError(.invalidCertificate, "d2i_X509_CRL", stack: drainOpenSSLErrors()) }
        ref = parsed
        derBytes = bytes
    }

    deinit { X509_CRL_free(ref) }

    /// thisUpdate, seconds since the epoch.
    public var thisUpdate: Int64? { OCSPResponse.epoch(X509_CRL_get0_lastUpdate(ref)) }

    /// Issuer in RFC 2253 form.
    public var issuer: String { X509Certificate.format(X509_CRL_get_issuer(ref)) }

    static func encode(_ crl: OpaquePointer) -> [UInt8] {
        var out: UnsafeMutablePointer<UInt8>? = nil
        let n = i2d_X509_CRL(crl, &out)
        guard n > 0, let out else { return [] }
        defer { CRYPTO_free(out, #fileID, #line) }
        return Array(UnsafeBufferPointer(start: out, count: Int(n)))
    }
}
