import EvidentDER

/// A read-only view of an X.509 certificate (RFC 5280 §4.1): the fields the time-stamp layer
/// needs (ESS matching, display, EKU), over the exact bytes received. Path validation and
/// signatures are OpenSSL's job, in EvidentCrypto.
public struct Certificate: Hashable, Sendable, DERParseable, DERSerializable {
    public let derBytes: [UInt8]
    public let version: Int
    public let serialNumber: DERInteger
    public let issuer: DistinguishedName
    public let subject: DistinguishedName
    public let notBefore: DERTime
    public let notAfter: DERTime
    public let extensions: [Extension]

    public init(derElement e: DERElement) throws {
        var r = try e.sequenceReader(tag: .sequence, "Certificate")
        var t = try r.next("tbsCertificate").sequenceReader(tag: .sequence, "TBSCertificate")
        _ = try r.next("signatureAlgorithm")
        _ = try r.next("signatureValue").bitString()
        try r.finish()
        version = try t.optional(.context(0)).map { try $0.explicit(tag: .context(0)).integer(as: Int.self) + 1 } ?? 1
        serialNumber = try t.next("serialNumber").integer()
        _ = try AlgorithmIdentifier(derElement: t.next("signature"))
        issuer = try DistinguishedName(derElement: t.next("issuer"))
        var validity = try t.next("validity").sequenceReader(tag: .sequence, "Validity")
        notBefore = try validity.next("notBefore").time()
        notAfter = try validity.next("notAfter").time()
        try validity.finish()
        subject = try DistinguishedName(derElement: t.next("subject"))
        _ = try t.next("subjectPublicKeyInfo").sequence()
        _ = t.optional(.context(1))
        _ = t.optional(.context(2))
        if let ext = t.optional(.context(3)) {
            extensions = try Extension.decodeList(ext.explicit(tag: .context(3)), tag: .sequence)
        } else {
            extensions = []
        }
        try t.finish()
        derBytes = Array(e.encoded)
    }

    public func serialize(into w: inout DERWriter) throws { w.appendEncoded(derBytes) }

    public func `extension`(_ id: OID) -> Extension? { extensions.first { $0.id == id } }

    /// The subjectAltName extension's names (RFC 5280 §4.2.1.6); empty without one, or when it
    /// does not decode (then it names nothing). An entry that does not decode (an 8-byte
    /// iPAddress, say) is left out alone, as OpenSSL keeps the others (red team round 18).
    public var subjectAltNames: [GeneralName] {
        guard let ext = self.extension(.subjectAltName), let seq = try? DERParser.parse(ext.value).sequence()
        else { return [] }
        return seq.compactMap { try? GeneralName(derElement: $0) }
    }

    /// URIs of the CRL distribution points (RFC 5280 §4.2.1.13), fullName form only.
    public var crlDistributionURIs: [String] {
        guard let ext = self.extension(.crlDistributionPoints), let seq = try? DERParser.parse(ext.value).sequence()
        else { return [] }
        var out: [String] = []
        for dp in seq {
            guard let name = dp.children.first(where: { $0.tag == .context(0) }),
                let full = name.children.first(where: { $0.tag == .context(0) })
            else { continue }
            for g in full.children {
                if case .uri(let u)? = try? GeneralName(derElement: g) { out.append(u) }
            }
        }
        return out
    }

    /// OCSP responder URIs from Authority Information Access (RFC 5280 §4.2.2.1).
    public var ocspURIs: [String] {
        guard let ext = self.extension(.authorityInfoAccess), let seq = try? DERParser.parse(ext.value).sequence()
        else { return [] }
        return seq.compactMap { ad in
            guard ad.children.count == 2, (try? ad.children[0].objectIdentifier()) == .adOCSP,
                case .uri(let u)? = try? GeneralName(derElement: ad.children[1])
            else { return nil }
            return u
        }
    }
}

/// RFC 5652 §10.2.2 CertificateChoices.
public enum CertificateChoice: Hashable, Sendable, DERParseable, DERSerializable {
    case certificate(Certificate)
    /// extendedCertificate [0], v1AttrCert [1], v2AttrCert [2], other [3]: kept encoded.
    /// (Microsoft's TSA puts an nCipher v1 attribute certificate here.)
    case other(tag: UInt32, encoded: [UInt8])

    public init(derElement e: DERElement) throws {
        if e.tag == .sequence {
            self = .certificate(try Certificate(derElement: e))
        } else if e.tag.tagClass == .contextSpecific && e.tag.number <= 3 && e.isConstructed {
            self = .other(tag: e.tag.number, encoded: Array(e.encoded))
        } else {
            throw DERError(.unexpectedTag, at: e.offset, "CertificateChoices cannot be \(e.tag)")
        }
    }

    public func serialize(into w: inout DERWriter) throws {
        switch self {
        case .certificate(let c): w.appendEncoded(c.derBytes)
        case .other(_, let encoded): w.appendEncoded(encoded)
        }
    }

    public var certificate: Certificate? {
        if case .certificate(let c) = self { return c }
        return nil
    }
}

/// RFC 5652 §10.2.1 RevocationInfoChoice: a CRL, or `[1]` OtherRevocationInfoFormat (for
/// example an OCSP response, RFC 5940).
public enum RevocationInfoChoice: Hashable, Sendable, DERParseable, DERSerializable {
    case crl([UInt8])
    case other(format: OID, info: [UInt8], encoded: [UInt8])

    public init(derElement e: DERElement) throws {
        if e.tag == .sequence {
            self = .crl(Array(e.encoded))
        } else if e.tag == .context(1) {
            var r = try e.sequenceReader(tag: .context(1), "OtherRevocationInfoFormat")
            let format = try r.next("otherRevInfoFormat").objectIdentifier()
            let info = try r.next("otherRevInfo")
            try r.finish()
            self = .other(format: format, info: Array(info.encoded), encoded: Array(e.encoded))
        } else {
            throw DERError(.unexpectedTag, at: e.offset, "RevocationInfoChoice cannot be \(e.tag)")
        }
    }

    public func serialize(into w: inout DERWriter) throws {
        switch self {
        case .crl(let b): w.appendEncoded(b)
        case .other(_, _, let encoded): w.appendEncoded(encoded)
        }
    }
}
