import EvidentDER

/// RFC 5652 §5.1 SignedData.
///
/// ```
/// SignedData ::= SEQUENCE {
///   version CMSVersion,
///   digestAlgorithms DigestAlgorithmIdentifiers,
///   encapContentInfo EncapsulatedContentInfo,
///   certificates [0] IMPLICIT CertificateSet OPTIONAL,
///   crls [1] IMPLICIT RevocationInfoChoices OPTIONAL,
///   signerInfos SignerInfos }
/// EncapsulatedContentInfo ::= SEQUENCE {
///   eContentType ContentType,
///   eContent [0] EXPLICIT OCTET STRING OPTIONAL }
/// ```
///
/// The order of `certificates` and `crls` is not enforced: they are not signed, and real TSAs
/// emit them unsorted. `digestAlgorithms` and the signed attributes are held to DER order.
public struct SignedData: Sendable, DERParseable, DERSerializable {
    public var version: Int
    public var digestAlgorithms: [AlgorithmIdentifier]
    public var eContentType: OID
    /// The eContent octets (for a BER constructed OCTET STRING, its concatenated segments).
    public var eContent: [UInt8]?
    public var certificates: [CertificateChoice]?
    public var crls: [RevocationInfoChoice]?
    public var signerInfos: [SignerInfo]
    /// Offset of the first eContent octet (in the token), for error reports.
    public let eContentOffset: Int
    /// The rules the SignedData was parsed under (eContent is decoded under the same rules).
    public let rules: DEREncodingRules

    public init(derElement e: DERElement) throws {
        var r = try e.sequenceReader(tag: .sequence, "SignedData")
        let v = try r.next("version")
        version = try v.integer(as: Int.self)
        guard [1, 3, 4, 5].contains(version) else {
            throw DERError(.unsupportedVersion, at: v.offset, "SignedData version \(version) is not a CMS version")
        }
        let algs = try r.next("digestAlgorithms").setOf()
        try TSPLimits.check(algs.count, TSPLimits.maxSignerInfos, "digest algorithms", at: e.offset)
        digestAlgorithms = try algs.map(AlgorithmIdentifier.init(derElement:))
        var encap = try r.next("encapContentInfo").sequenceReader(tag: .sequence, "EncapsulatedContentInfo")
        eContentType = try encap.next("eContentType").objectIdentifier()
        if let c = encap.optional(.context(0)) {
            let octets = try c.explicit(tag: .context(0))
            eContent = Array(try octets.octetString())
            eContentOffset = octets.contentOffset
        } else {
            eContent = nil
            eContentOffset = e.offset
        }
        try encap.finish()
        if let certs = r.optional(.context(0)) {
            let items = try certs.sequence(tag: .context(0))
            try TSPLimits.check(items.count, TSPLimits.maxCertificates, "certificates", at: certs.offset)
            certificates = try items.map(CertificateChoice.init(derElement:))
        }
        if let revs = r.optional(.context(1)) {
            let items = try revs.sequence(tag: .context(1))
            try TSPLimits.check(items.count, TSPLimits.maxCertificates, "revocation entries", at: revs.offset)
            crls = try items.map(RevocationInfoChoice.init(derElement:))
        }
        let signers = try r.next("signerInfos").setOf()
        try TSPLimits.check(signers.count, TSPLimits.maxSignerInfos, "SignerInfos", at: e.offset)
        signerInfos = try signers.map(SignerInfo.init(derElement:))
        try r.finish()
        rules = e.rules
    }

    public func serialize(into w: inout DERWriter) throws {
        try w.writeSequence { w in
            w.writeInteger(version)
            try w.writeSetOf(digestAlgorithms.map { alg in { try alg.serialize(into: &$0) } })
            w.writeSequence { w in
                w.writeOID(eContentType)
                if let eContent { w.writeExplicit(.context(0)) { $0.writeOctetString(eContent) } }
            }
            if let certificates {
                try w.writeConstructed(.context(0)) { w in for c in certificates { try c.serialize(into: &w) } }
            }
            if let crls {
                try w.writeConstructed(.context(1)) { w in for c in crls { try c.serialize(into: &w) } }
            }
            try w.writeSetOf(signerInfos.map { s in { try s.serialize(into: &$0) } })
        }
    }

    /// The X.509 certificates carried (attribute certificates and other choices skipped).
    public var x509Certificates: [Certificate] { certificates?.compactMap(\.certificate) ?? [] }
}
