import EvidentCrypto
import EvidentDER

/// RFC 5035 §5.4 IssuerSerial: `SEQUENCE { issuer GeneralNames, serialNumber INTEGER }`.
public struct IssuerSerial: Hashable, Sendable, DERParseable, DERSerializable {
    public var issuer: [GeneralName]
    public var serialNumber: DERInteger

    public init(issuer: [GeneralName], serialNumber: DERInteger) {
        self.issuer = issuer
        self.serialNumber = serialNumber
    }

    public init(derElement e: DERElement) throws {
        var r = try e.sequenceReader(tag: .sequence, "IssuerSerial")
        issuer = try r.next("issuer").sequence().map(GeneralName.init(derElement:))
        guard !issuer.isEmpty else {
            throw DERError(.missingElement, at: e.offset, "IssuerSerial issuer GeneralNames is empty")
        }
        serialNumber = try r.next("serialNumber").integer()
        try r.finish()
    }

    public func serialize(into w: inout DERWriter) throws {
        try w.writeSequence { w in
            try w.writeSequence { w in for n in issuer { try n.serialize(into: &w) } }
            w.writeInteger(serialNumber)
        }
    }
}

/// An ESSCertID (RFC 2634 §5.4.1, SHA-1) or ESSCertIDv2 (RFC 5035 §4, any hash; SHA-256 when
/// the algorithm is absent).
public struct ESSCertID: Hashable, Sendable {
    public var hashAlgorithm: AlgorithmIdentifier
    public var certHash: [UInt8]
    public var issuerSerial: IssuerSerial?

    public init(hashAlgorithm: AlgorithmIdentifier, certHash: [UInt8], issuerSerial: IssuerSerial? = nil) {
        self.hashAlgorithm = hashAlgorithm
        self.certHash = certHash
        self.issuerSerial = issuerSerial
    }

    init(v1 e: DERElement) throws {
        var r = try e.sequenceReader(tag: .sequence, "ESSCertID")
        hashAlgorithm = AlgorithmIdentifier(digest: .sha1)
        certHash = Array(try r.next("certHash").octetString())
        issuerSerial = try r.optional(.sequence).map(IssuerSerial.init(derElement:))
        try r.finish()
    }

    init(v2 e: DERElement) throws {
        var r = try e.sequenceReader(tag: .sequence, "ESSCertIDv2")
        // hashAlgorithm is an AlgorithmIdentifier (SEQUENCE) and certHash an OCTET STRING,
        // so the tag tells whether the DEFAULT was omitted.
        if let alg = r.optional(.sequence) {
            let a = try AlgorithmIdentifier(derElement: alg)
            if a.algorithm == DigestAlgorithm.sha256.oid && a.parameters == nil {
                try e.rules.tolerate(
                    .defaultValueEncoded, at: alg.offset,
                    "ESSCertIDv2 hashAlgorithm sha256 is the DEFAULT and must be omitted in DER")
            }
            hashAlgorithm = a
        } else {
            hashAlgorithm = AlgorithmIdentifier(digest: .sha256)
        }
        certHash = Array(try r.next("certHash").octetString())
        issuerSerial = try r.optional(.sequence).map(IssuerSerial.init(derElement:))
        try r.finish()
    }

    func serialize(into w: inout DERWriter, v2: Bool) throws {
        try w.writeSequence { w in
            if v2 && !(hashAlgorithm.algorithm == DigestAlgorithm.sha256.oid && hashAlgorithm.parameters == nil) {
                try hashAlgorithm.serialize(into: &w)
            }
            w.writeOctetString(certHash)
            if let issuerSerial { try issuerSerial.serialize(into: &w) }
        }
    }
}

/// The ESS signing-certificate attribute value: SigningCertificate (RFC 2634 §5.4) or
/// SigningCertificateV2 (RFC 5035 §3), which RFC 3161 (§2.4.1) and RFC 5816 require in a token.
///
/// ```
/// SigningCertificate ::=  SEQUENCE { certs SEQUENCE OF ESSCertID, policies SEQUENCE OF PolicyInformation OPTIONAL }
/// SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2, policies SEQUENCE OF PolicyInformation OPTIONAL }
/// ```
public struct SigningCertificate: Hashable, Sendable, DERSerializable {
    public var isV2: Bool
    public var certs: [ESSCertID]
    /// The policies element, kept encoded (ignored by verifiers, RFC 5035 §5.4.1.1).
    public var policies: [UInt8]?

    public init(isV2: Bool, certs: [ESSCertID], policies: [UInt8]? = nil) {
        self.isV2 = isV2
        self.certs = certs
        self.policies = policies
    }

    public init(derElement e: DERElement, v2: Bool) throws {
        var r = try e.sequenceReader(tag: .sequence, v2 ? "SigningCertificateV2" : "SigningCertificate")
        let list = try r.next("certs").sequence()
        guard !list.isEmpty else { throw DERError(.missingElement, at: e.offset, "ESS certs is empty") }
        try TSPLimits.check(list.count, TSPLimits.maxCertificates, "ESS cert ids", at: e.offset)
        certs = try list.map { v2 ? try ESSCertID(v2: $0) : try ESSCertID(v1: $0) }
        policies = r.optional(.sequence).map { Array($0.encoded) }
        try r.finish()
        isV2 = v2
    }

    public func serialize(into w: inout DERWriter) throws {
        try w.writeSequence { w in
            try w.writeSequence { w in for c in certs { try c.serialize(into: &w, v2: isV2) } }
            if let policies { w.appendEncoded(policies) }
        }
    }
}
