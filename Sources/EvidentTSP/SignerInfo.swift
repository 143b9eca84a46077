import EvidentCore
import EvidentDER

/// RFC 5652 §5.3 SignerIdentifier.
public enum SignerIdentifier: Hashable, Sendable, CustomStringConvertible {
    case issuerAndSerialNumber(issuer: DistinguishedName, serialNumber: DERInteger)
    case subjectKeyIdentifier([UInt8])

    public var description: String {
        switch self {
        case .issuerAndSerialNumber(let issuer, let serial): return "issuer \(issuer), serial \(serial.hexString)"
        case .subjectKeyIdentifier(let ski): return "subjectKeyIdentifier \(Hex.encode(ski))"
        }
    }
}

/// RFC 5652 §5.3 SignerInfo.
///
/// ```
/// SignerInfo ::= SEQUENCE {
///   version CMSVersion,
///   sid SignerIdentifier,
///   digestAlgorithm DigestAlgorithmIdentifier,
///   signedAttrs [0] IMPLICIT SignedAttributes OPTIONAL,
///   signatureAlgorithm SignatureAlgorithmIdentifier,
///   signature SignatureValue,
///   unsignedAttrs [1] IMPLICIT UnsignedAttributes OPTIONAL }
/// ```
public struct SignerInfo: Sendable, DERParseable, DERSerializable {
    public var version: Int
    public var sid: SignerIdentifier
    public var digestAlgorithm: AlgorithmIdentifier
    public var signedAttributes: [CMSAttribute]?
    /// The `[0]` signed attributes element exactly as received (nil when absent).
    public var signedAttributesEncoded: [UInt8]?
    public var signatureAlgorithm: AlgorithmIdentifier
    public var signature: [UInt8]
    public var unsignedAttributes: [CMSAttribute]?
    /// The whole SignerInfo exactly as received.
    public let derBytes: [UInt8]

    public init(derElement e: DERElement) throws {
        var r = try e.sequenceReader(tag: .sequence, "SignerInfo")
        let v = try r.next("version")
        version = try v.integer(as: Int.self)
        let sidElement = try r.next("sid")
        if sidElement.tag == .sequence {
            guard version == 1 else {
                throw DERError(
                    .unsupportedVersion, at: v.offset,
                    "SignerInfo with issuerAndSerialNumber must be version 1, is \(version)")
            }
            var s = try sidElement.sequenceReader(tag: .sequence, "IssuerAndSerialNumber")
            let issuer = try DistinguishedName(derElement: s.next("issuer"))
            let serial = try s.next("serialNumber").integer()
            try s.finish()
            sid = .issuerAndSerialNumber(issuer: issuer, serialNumber: serial)
        } else {
            guard version == 3 else {
                throw DERError(
                    .unsupportedVersion, at: v.offset,
                    "SignerInfo with subjectKeyIdentifier must be version 3, is \(version)")
            }
            sid = .subjectKeyIdentifier(Array(try sidElement.octetString(tag: .context(0))))
        }
        digestAlgorithm = try AlgorithmIdentifier(derElement: r.next("digestAlgorithm"))
        if let sa = r.optional(.context(0)) {
            signedAttributes = try CMSAttribute.decodeSet(sa, tag: .context(0))
            signedAttributesEncoded = Array(sa.encoded)
        }
        signatureAlgorithm = try AlgorithmIdentifier(derElement: r.next("signatureAlgorithm"))
        signature = Array(try r.next("signature").octetString())
        unsignedAttributes = try r.optional(.context(1)).map { try CMSAttribute.decodeSet($0, tag: .context(1)) }
        try r.finish()
        derBytes = Array(e.encoded)
    }

    public func serialize(into w: inout DERWriter) throws { w.appendEncoded(derBytes) }

    /// The bytes the signature covers when signed attributes are present: the attributes'
    /// encoding with the IMPLICIT [0] tag replaced by the SET tag (RFC 5652 §5.4).
    public var signedAttributesForSignature: [UInt8]? {
        guard var bytes = signedAttributesEncoded, !bytes.isEmpty else { return nil }
        bytes[0] = 0x31
        return bytes
    }
}
