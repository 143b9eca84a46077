import EvidentDER

/// RFC 3161 §2.4.2 TimeStampToken: a CMS ContentInfo holding SignedData whose encapsulated
/// content is a DER-encoded TSTInfo.
///
/// The token keeps the exact bytes it was decoded from; ``serialize(into:)`` writes them back
/// unchanged, so a token always round-trips byte for byte.
public struct TimeStampToken: Sendable, DERParseable, DERSerializable {
    /// The ContentInfo exactly as received.
    public let derBytes: [UInt8]
    public let signedData: SignedData
    public let tstInfo: TSTInfo
    /// The TSTInfo DER exactly as signed (the eContent octets).
    public let tstInfoBytes: [UInt8]

    public init(derElement e: DERElement) throws {
        let ci = try ContentInfo(derElement: e)
        guard ci.contentType == .signedData else {
            throw DERError(
                .unexpectedContentType, at: e.offset,
                "token content type is \(ci.contentType.displayName), expected signedData")
        }
        let sd = try SignedData(derElement: ci.content)
        guard sd.eContentType == .tstInfo else {
            throw DERError(
                .unexpectedContentType, at: ci.content.offset,
                "eContentType is \(sd.eContentType.displayName), expected id-ct-TSTInfo")
        }
        guard let content = sd.eContent else {
            throw DERError(.missingContent, at: ci.content.offset, "SignedData has no encapsulated TSTInfo")
        }
        do {
            tstInfo = try TSTInfo(
                derElement: DERParser.parse(
                    content, rules: e.rules.nested(at: sd.eContentOffset, "in TSTInfo: "), limits: TSPLimits.derLimits))
        } catch let error as DERError {
            // Report offsets relative to the whole token, not the eContent octets.
            throw DERError(error.code, at: sd.eContentOffset + error.offset, "in TSTInfo: \(error.detail)")
        }
        signedData = sd
        tstInfoBytes = content
        derBytes = Array(e.encoded)
    }

    /// Parses a complete DER token (a bare ContentInfo) with the message-layer size limit.
    public init(derEncoded bytes: [UInt8], rules: DEREncodingRules = .der) throws {
        try self.init(derElement: DERParser.parse(bytes, rules: rules, limits: TSPLimits.derLimits))
    }

    public func serialize(into w: inout DERWriter) throws { w.appendEncoded(derBytes) }

    /// The first (in a valid token, the only) SignerInfo.
    public var signerInfo: SignerInfo? { signedData.signerInfos.first }

    /// The ESS signing-certificate attributes of the first signer: (v1, v2) values decoded.
    public func signingCertificates() throws -> [SigningCertificate] {
        guard let attrs = signerInfo?.signedAttributes else { return [] }
        var out: [SigningCertificate] = []
        for a in attrs where a.type == .signingCertificate || a.type == .signingCertificateV2 {
            out.append(
                try SigningCertificate(
                    derElement: a.singleValue(rules: signedData.rules), v2: a.type == .signingCertificateV2))
        }
        return out
    }
}
