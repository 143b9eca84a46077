internal import COpenSSL
import Synchronization

/// A certificate revocation list parsed by OpenSSL (owned; freed in deinit).
public final class X509CRL: @unchecked Sendable {
    let ref: OpaquePointer
    public let derBytes: [UInt8]

    public init(derEncoded: some Collection<UInt8>) throws {
        let bytes = Array(derEncoded)
        // d2i_X509_CRL reads one element and ignores what follows it, and takes an indefinite or
        // non-minimal outer length: the outer SEQUENCE must be DER and span the input exactly
        // (red team round 6, carried-crl-trailing-bytes: the browser verifier refused such a CRL).
        guard Self.outerSequenceSpans(bytes) else {
            throw CryptoError(
                .invalidCertificate, "CRL: not one DER SEQUENCE spanning the input (trailing bytes or a BER length)")
        }
        var consumed = 0
        let parsed: OpaquePointer? = bytes.withUnsafeBufferPointer { buf in
            var p: UnsafePointer<UInt8>? = buf.baseAddress
            let crl = d2i_X509_CRL(nil, &p, buf.count)
            if let p, let base = buf.baseAddress { consumed = p - base }
            return crl
        }
        guard let parsed else { throw CryptoError(.invalidCertificate, "d2i_X509_CRL", stack: drainOpenSSLErrors()) }
        guard consumed == bytes.count else {
            X509_CRL_free(parsed)
            throw CryptoError(.invalidCertificate, "CRL: \(bytes.count - consumed) bytes after its end")
        }
        ref = parsed
        derBytes = bytes
    }

    deinit { X509_CRL_free(ref) }

    /// A SEQUENCE tag, a minimal definite length, and exactly that many bytes after it.
    static func outerSequenceSpans(_ b: [UInt8]) -> Bool {
        guard b.count >= 2, b[0] == 0x30 else { return false }
        let first = Int(b[1])
        if first < 0x80 { return 2 + first == b.count }
        let n = first & 0x7f
        guard (1...4).contains(n), b.count >= 2 + n, b[2] != 0 else { return false }
        let length = b[2..<(2 + n)].reduce(0) { $0 << 8 | Int($1) }
        return length >= 0x80 && 2 + n + length == b.count
    }

    /// A CRL that may leave certificates out: a delta CRL (deltaCRLIndicator) or one scoped by an
    /// issuingDistributionPoint (only CA or user or attribute certificates, some reasons, one
    /// partition, indirect). Such a CRL can show a revocation, never prove a certificate good
    /// (red team round 6: delta-crl-alone-proves-good, idp-only-ca-crl…).
    public var isComplete: Bool {
        X509_CRL_get_ext_by_NID(ref, NID_delta_crl, -1) < 0
            && X509_CRL_get_ext_by_NID(ref, NID_issuing_distribution_point, -1) < 0
    }

    /// Signature checks already made, by the signer's certificate (DER): a CRL named by many
    /// anchors is verified once per issuer (red team round 6, badsig-crls-verified-per-anchor).
    let verifiedBy = Mutex<[[UInt8]: Bool]>([:])

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
