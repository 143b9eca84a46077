internal import COpenSSL
import EvidentCore

#if canImport(Glibc)
import Glibc
#endif

/// An OCSP response (RFC 6960) parsed by OpenSSL: a revocation source for chain validation, and
/// what `evident stamp --ltv` captures from a certificate's responder.
public final class OCSPResponse: @unchecked Sendable {
    let ref: OpaquePointer
    let basic: OpaquePointer
    public let derBytes: [UInt8]
    /// producedAt, seconds since the epoch.
    public let producedAt: Int64

    /// What fails here: a code to match on and a detail that reads as a sentence.
    public typealias Failure = CodedFailure<OCSPResponse>

    public init(derEncoded: some Collection<UInt8>) throws {
        let bytes = Array(derEncoded)
        let parsed: OpaquePointer? = bytes.withUnsafeBufferPointer { buf in
            var p: UnsafePointer<UInt8>? = buf.baseAddress
            return d2i_OCSP_RESPONSE(nil, &p, buf.count)
        }
        guard let parsed else {
            throw Failure(.notOCSP, "not a DER OCSPResponse: \(drainOpenSSLErrors().joined(separator: "; "))")
        }
        let status = OCSP_response_status(parsed)
        guard status == OCSP_RESPONSE_STATUS_SUCCESSFUL else {
            OCSP_RESPONSE_free(parsed)
            throw Failure(
                .notSuccessful, "OCSP response status is \(String(cString: OCSP_response_status_str(Int(status))))")
        }
        guard let bs = OCSP_response_get1_basic(parsed) else {
            OCSP_RESPONSE_free(parsed)
            throw Failure(.noBasicResponse, "OCSP response has no basic response")
        }
        ref = parsed
        basic = bs
        derBytes = bytes
        producedAt = OCSPResponse.epoch(OCSP_resp_get0_produced_at(bs)) ?? 0
    }

    /// Every OCSP response in a file: PEM `OCSP RESPONSE` blocks, or one DER response.
    public static func load(_ bytes: [UInt8]) throws -> [OCSPResponse] {
        let blocks = PEM.blocks(bytes, label: "OCSP RESPONSE")
        if blocks.isEmpty { return [try OCSPResponse(derEncoded: bytes)] }
        return try blocks.map { try OCSPResponse(derEncoded: $0) }
    }

    deinit {
        OCSP_BASICRESP_free(basic)
        OCSP_RESPONSE_free(ref)
    }

    /// Checks the responder's signature and that its certificate chains to `trustedRoots`
    /// (directly a CA, or a delegated responder with id-kp-OCSPSigning, RFC 6960 §4.2.2.2),
    /// at the response's producedAt.
    ///
    /// Every certificate among `untrusted` and the roots that the ResponderID names (by name or
    /// key hash) gets its turn as the signer. OpenSSL takes the first one that matches and gives
    /// up when it fails, and it never looks in the trust store: a CA signing its own responses
    /// without embedding its certificate was not found (red team round 17,
    /// ocsp-ca-signed-revocation-ignored), and one certificate with the CA's name or key, put into
    /// a token's unsigned certificates, hid the real signer (round 18, ocsp-signer-shadowed).
    /// Where a candidate comes from changes nothing about trust, which comes from the store alone.
    public func verifySigner(untrusted: [X509Certificate], trustedRoots: [X509Certificate]) -> Bool {
        guard let store = X509_STORE_new() else { return false }
        defer { X509_STORE_free(store) }
        for r in trustedRoots { X509_STORE_add_cert(store, r.ref) }
        X509_VERIFY_PARAM_set_time(X509_STORE_get0_param(store), time_t(producedAt))
        var seen = Set<[UInt8]>()
        let all = (untrusted + trustedRoots).filter { seen.insert($0.derBytes).inserted }
        for candidate in all where names(candidate) {
            guard let stack = evident_sk_X509_new() else { return false }
            defer { evident_sk_X509_free(stack) }
            // The candidate first: OpenSSL's signer lookup (OCSP_NOINTERN: in this stack only)
            // takes it; the rest help build its path.
            for c in [candidate] + all { _ = evident_sk_X509_push(stack, c.ref) }
            let ok = OCSP_basic_verify(basic, stack, store, UInt(OCSP_NOINTERN))
            ERR_clear_error()
            if ok == 1 { return true }
        }
        return false
    }

    /// Whether the response's ResponderID names `certificate`: its subject (byName) or the SHA-1
    /// of its public key (byKey, RFC 6960 §4.2.1).
    func names(_ certificate: X509Certificate) -> Bool {
        var keyHash: UnsafePointer<ASN1_OCTET_STRING>? = nil
        var name: OpaquePointer? = nil
        guard OCSP_resp_get0_id(basic, &keyHash, &name) == 1 else { return false }
        if let name { return X509_NAME_cmp(X509_get_subject_name(certificate.ref), name) == 0 }
        guard let keyHash, let data = ASN1_STRING_get0_data(keyHash) else { return false }
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard X509_pubkey_digest(certificate.ref, EVP_sha1(), &digest, &length) == 1 else { return false }
        return Int(length) == Int(ASN1_STRING_length(keyHash))
            && Array(digest.prefix(Int(length))) == Array(UnsafeBufferPointer(start: data, count: Int(length)))
    }

    public enum Status: Sendable, Hashable {
        case good(thisUpdate: Int64)
        /// `at`: the revocationTime, or the invalidityDate of the single response's extensions
        /// when that is earlier (from when the revocation counts). `startUnknown`: why the
        /// invalidityDate cannot be read (``InvalidityDate``), nil when it can or there is none.
        case revoked(at: Int64, reason: Int, thisUpdate: Int64, startUnknown: String?)
        case unknown
    }

    /// Every status this response gives `certificate` (issued by `issuer`), one per single
    /// response naming it; empty if none does. Each CertID is matched under its own hash
    /// algorithm, any OpenSSL computes (SHA-1 as RFC 5019 asks, SHA-2, SHA-3, …): a SHA-256 CertID
    /// revoking the TSA certificate matched nothing when only SHA-1 was tried (red team round 17,
    /// ocsp-sha256-certid-revocation-ignored), and SHA-224 or SHA3-256 ones after that (round 18).
    /// All are returned so that a revocation is never hidden behind another entry for the same
    /// certificate.
    public func statuses(of certificate: X509Certificate, issuer: X509Certificate) -> [Status] {
        var out: [Status] = []
        for i in 0..<OCSP_resp_count(basic) {
            guard let single = OCSP_resp_get0(basic, i), let id = OCSP_SINGLERESP_get0_id(single) else { continue }
            var algorithm: OpaquePointer? = nil
            guard OCSP_id_get0_info(nil, &algorithm, nil, nil, id) == 1,
                let algorithm, let digest = EVP_get_digestbyname(OBJ_nid2sn(OBJ_obj2nid(algorithm))),
                let mine = OCSP_cert_to_id(digest, certificate.ref, issuer.ref)
            else { continue }
            defer { OCSP_CERTID_free(mine) }
            guard OCSP_id_cmp(mine, id) == 0 else { continue }
            var reason: Int32 = -1
            var revtime: UnsafeMutablePointer<ASN1_GENERALIZEDTIME>? = nil,
                thisupd: UnsafeMutablePointer<ASN1_GENERALIZEDTIME>? = nil,
                nextupd: UnsafeMutablePointer<ASN1_GENERALIZEDTIME>? = nil
            let status = OCSP_single_get0_status(single, &reason, &revtime, &thisupd, &nextupd)
            let t = OCSPResponse.epoch(UnsafePointer(thisupd)) ?? 0
            switch status {
            case V_OCSP_CERTSTATUS_GOOD: out.append(.good(thisUpdate: t))
            case V_OCSP_CERTSTATUS_REVOKED:
                // An invalidityDate among the singleExtensions that is earlier than
                // revocationTime is when it counts from, as for a CRL entry (InvalidityDate).
                let revoked = OCSPResponse.epoch(UnsafePointer(revtime)) ?? 0
                let invalid = InvalidityDate.of(single: single)
                out.append(
                    .revoked(
                        at: invalid.start(revoked: revoked), reason: Int(reason), thisUpdate: t,
                        startUnknown: invalid.unreadableReason))
            default: out.append(.unknown)
            }
        }
        return out
    }

    /// The responder's name as the signed response gives it (ResponderID byName), nil when it
    /// names its key instead (byKey). Unlike the carried certificates, it is covered by the
    /// signature.
    public var responderName: String? {
        var keyHash: UnsafePointer<ASN1_OCTET_STRING>? = nil
        var name: OpaquePointer? = nil
        guard OCSP_resp_get0_id(basic, &keyHash, &name) == 1, let name else { return nil }
        return X509Certificate.format(name)
    }

    /// The certificates the response carries (a delegated responder's certificate).
    public var embeddedCertificates: [X509Certificate] {
        guard let sk = OCSP_resp_get0_certs(basic) else { return [] }
        return (0..<evident_sk_X509_num(sk)).compactMap { i in
            evident_sk_X509_value(sk, i).flatMap { try? X509Certificate(derEncoded: X509Certificate.encode($0)) }
        }
    }

    static func epoch(_ t: UnsafePointer<ASN1_TIME>?) -> Int64? {
        guard let t else { return nil }
        var tm = tm()
        guard ASN1_TIME_to_tm(t, &tm) == 1 else { return nil }
        return Int64(timegm(&tm))
    }

    /// A DER OCSPRequest for `certificate` issued by `issuer` (SHA-1 CertID, no nonce: RFC 5019
    /// responders pre-produce responses).
    public static func request(for certificate: X509Certificate, issuer: X509Certificate) throws -> [UInt8] {
        guard let req = OCSP_REQUEST_new() else { throw Failure(.openssl, "OCSP_REQUEST_new failed") }
        defer { OCSP_REQUEST_free(req) }
        guard let id = OCSP_cert_to_id(nil, certificate.ref, issuer.ref), OCSP_request_add0_id(req, id) != nil else {
            throw Failure(.openssl, "cannot build an OCSP CertID")
        }
        var out: UnsafeMutablePointer<UInt8>? = nil
        let n = i2d_OCSP_REQUEST(req, &out)
        guard n > 0, let out else { throw Failure(.openssl, "i2d_OCSP_REQUEST failed") }
        defer { CRYPTO_free(out, #fileID, #line) }
        return Array(UnsafeBufferPointer(start: out, count: Int(n)))
    }
}

extension ErrorCode where Owner == OCSPResponse {
    public static let notOCSP = Self("not-ocsp")
    public static let notSuccessful = Self("not-successful")
    public static let noBasicResponse = Self("no-basic-response")
    public static let openssl = Self("openssl")
}
