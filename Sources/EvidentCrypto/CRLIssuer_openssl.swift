internal import COpenSSL

/// Issues X.509 v2 CRLs with OpenSSL (`evident tsa crl`, tests): the issuer's name, thisUpdate /
/// nextUpdate, the revoked serial numbers with their dates and reason codes, signed by the
/// issuer's key.
public enum CRLIssuer {
    public struct Revoked: Sendable {
        /// The certificate's serial number (big-endian magnitude).
        public var serial: [UInt8]
        /// Seconds since the epoch.
        public var revokedAt: Int64
        /// RFC 5280 §5.3.1 CRLReason, or nil for none.
        public var reason: Int?

        public init(serial: [UInt8], revokedAt: Int64, reason: Int?) {
            self.serial = serial
            self.revokedAt = revokedAt
            self.reason = reason
        }
    }

    public static func issue(
        issuer: X509Certificate, key: PrivateKey, revoked: [Revoked], thisUpdate: Int64, nextUpdate: Int64
    ) throws -> X509CRL {
        guard let crl = X509_CRL_new() else { throw CryptoError.openssl("X509_CRL_new") }
        defer { X509_CRL_free(crl) }
        X509_CRL_set_version(crl, 1)
        guard X509_CRL_set_issuer_name(crl, X509_get_subject_name(issuer.ref)) == 1 else {
            throw CryptoError.openssl("X509_CRL_set_issuer_name")
        }
        func time(_ t: Int64) throws -> UnsafeMutablePointer<ASN1_TIME> {
            guard let a = ASN1_TIME_set(nil, time_t(t)) else { throw CryptoError.openssl("ASN1_TIME_set") }
            return a
        }
        let last = try time(thisUpdate), next = try time(nextUpdate)
        defer { ASN1_TIME_free(last); ASN1_TIME_free(next) }
        X509_CRL_set1_lastUpdate(crl, last)
        X509_CRL_set1_nextUpdate(crl, next)
        for r in revoked {
            guard let entry = X509_REVOKED_new() else { throw CryptoError.openssl("X509_REVOKED_new") }
            guard let bn = r.serial.withUnsafeBufferPointer({ BN_bin2bn($0.baseAddress, Int32($0.count), nil) }) else {
                X509_REVOKED_free(entry)
                throw CryptoError.openssl("BN_bin2bn")
            }
            let serial = BN_to_ASN1_INTEGER(bn, nil)
            BN_free(bn)
            let when = try time(r.revokedAt)
            X509_REVOKED_set_serialNumber(entry, serial)
            X509_REVOKED_set_revocationDate(entry, when)
            ASN1_INTEGER_free(serial)
            ASN1_TIME_free(when)
            if let reason = r.reason, let e = ASN1_ENUMERATED_new() {
                ASN1_ENUMERATED_set(e, reason)
                X509_REVOKED_add1_ext_i2d(entry, NID_crl_reason, UnsafeMutableRawPointer(e), 0, 0)
                ASN1_ENUMERATED_free(e)
            }
            guard X509_CRL_add0_revoked(crl, entry) == 1 else {
                X509_REVOKED_free(entry)
                throw CryptoError.openssl("X509_CRL_add0_revoked")
            }
        }
        X509_CRL_sort(crl)
        // RFC 5280 §5.2.1 and §5.2.3: a conforming CRL issuer MUST include the authority key
        // identifier (how a verifier tells two CAs of one name apart) and a CRL number, which
        // must grow with each CRL: thisUpdate in seconds does.
        if let ski = X509_get0_subject_key_id(issuer.ref) {
            guard let akid = AUTHORITY_KEYID_new() else { throw CryptoError.openssl("AUTHORITY_KEYID_new") }
            defer { AUTHORITY_KEYID_free(akid) }
            akid.pointee.keyid = ASN1_OCTET_STRING_dup(ski)
            guard X509_CRL_add1_ext_i2d(crl, NID_authority_key_identifier, UnsafeMutableRawPointer(akid), 0, 0) == 1
            else { throw CryptoError.openssl("X509_CRL_add1_ext_i2d(authorityKeyIdentifier)") }
        }
        guard let number = ASN1_INTEGER_new() else { throw CryptoError.openssl("ASN1_INTEGER_new") }
        defer { ASN1_INTEGER_free(number) }
        guard ASN1_INTEGER_set_int64(number, thisUpdate) == 1,
            X509_CRL_add1_ext_i2d(crl, NID_crl_number, UnsafeMutableRawPointer(number), 0, 0) == 1
        else { throw CryptoError.openssl("X509_CRL_add1_ext_i2d(cRLNumber)") }
        let md = key.kind == .ed25519 ? nil : key.kind.defaultScheme.hash.flatMap(Digest.evp)
        guard X509_CRL_sign(crl, key.ref, md) > 0 else { throw CryptoError.openssl("X509_CRL_sign") }
        return try X509CRL(derEncoded: X509CRL.encode(crl))
    }
}

extension X509CRL {
    /// PEM form.
    public var pem: String { PEM.encode(derBytes, label: "X509 CRL") }
}
