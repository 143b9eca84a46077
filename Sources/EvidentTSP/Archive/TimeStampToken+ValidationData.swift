import EvidentCrypto
import EvidentDER

/// An archive time-stamp carries its own validation data (RFC 4998 §4.2: "the certificates and
/// revocation information of the time-stamp SHOULD be added to the SignedData"), so that the
/// next renewal, which hashes the whole time-stamp, protects them too. They go in SignedData's
/// unsigned `certificates` and `crls` fields (OCSP responses as OtherRevocationInfoFormat
/// id-ri-ocsp-response, RFC 5940); the signature does not cover them.
extension TimeStampToken {
    /// This token with `certificates`, `crls` and OCSP responses (each DER) added to what it
    /// carries (duplicates skipped), as a new token.
    public func addingValidationData(
        certificates: [[UInt8]], crls: [[UInt8]], ocspResponses: [[UInt8]]
    ) throws -> TimeStampToken {
        var sd = signedData
        var certs = sd.certificates ?? []
        let haveCerts = Set(certs.map { (try? $0.derBytes()) ?? [] })
        for c in certificates where !haveCerts.contains(c) {
            certs.append(try CertificateChoice(derElement: DERParser.parse(c, rules: .der)))
        }
        var revs = sd.crls ?? []
        let haveRevs = Set(revs.map { (try? $0.derBytes()) ?? [] })
        for c in crls where !haveRevs.contains(c) { revs.append(.crl(c)) }
        for o in ocspResponses {
            var w = DERWriter()
            w.writeConstructed(.context(1)) { w in
                w.writeOID(.riOCSPResponse)
                w.appendEncoded(o)
            }
            if !haveRevs.contains(w.bytes) {
                revs.append(.other(format: .riOCSPResponse, info: o, encoded: w.bytes))
            }
        }
        sd.certificates = certs.isEmpty ? nil : certs
        sd.crls = revs.isEmpty ? nil : revs
        var w = DERWriter()
        try w.writeSequence { w in
            w.writeOID(.signedData)
            try w.writeExplicit(.context(0)) { try sd.serialize(into: &$0) }
        }
        return try TimeStampToken(derEncoded: w.bytes, rules: DEREncodingRules(level: .tolerant))
    }

    /// The validation data the token carries: its certificates (untrusted), CRLs and OCSP
    /// responses. Entries that do not parse are skipped (they prove nothing).
    public var validationData: (certificates: [X509Certificate], crls: [X509CRL], ocspResponses: [OCSPResponse]) {
        let certs = signedData.x509Certificates.compactMap { try? X509Certificate(derEncoded: $0.derBytes) }
        var crls: [X509CRL] = []
        var ocsp: [OCSPResponse] = []
        for r in signedData.crls ?? [] {
            switch r {
            case .crl(let b): if let c = try? X509CRL(derEncoded: b) { crls.append(c) }
            case .other(let format, let info, _) where format == .riOCSPResponse:
                if let o = try? OCSPResponse(derEncoded: info) { ocsp.append(o) }
            default: break
            }
        }
        return (certs, crls, ocsp)
    }
}
