import EvidentCrypto
import EvidentDER

/// Everything of a granted TimeStampResp that is the same for every token one TSA key signs,
/// encoded once when the responder starts (issue #19, goal 5); a response is these parts with
/// the request's, the serial's and the clock's laid out around them in one pre-sized buffer.
///
/// Per token only this is new: TSTInfo (its policy, imprint and nonce are the request's encoded
/// elements, copied), the signing-time and message-digest values written into a copy of the
/// signed attributes, and the signature. The signed attributes are a SET OF whose DER order is
/// decided by each attribute's length and OID, never by the values (their lengths are fixed
/// per key), so their order is fixed once here. `TokenTemplateTests` holds the output
/// byte-identical to the same token built field by field from the ASN.1 types, and
/// `openssl ts -verify` accepts it.
struct TokenTemplate: Sendable {
    /// TSTInfo's elements after genTime that never change: accuracy, `ordering FALSE` when the
    /// test-only deviation writes it out.
    let accuracy: [UInt8]
    /// TSTInfo.tsa ([0] EXPLICIT GeneralName), or empty.
    let tsaName: [UInt8]
    /// The SignerInfo's digest algorithm for the message digest (RFC 8419: SHA-512 for Ed25519).
    let digest: DigestAlgorithm
    /// The signed attributes as signed (SET, 0x31), with the signing time and digest zeroed.
    let signedAttributes: [UInt8]
    /// Where the UTCTime contents (13 octets) and the digest value sit in `signedAttributes`.
    let signingTimeAt: Int
    let messageDigestAt: Int
    /// SignedData's `digestAlgorithms` SET.
    let digestAlgorithms: [UInt8]
    /// SignedData's `certificates` [0] IMPLICIT: the signer's then the chain (when certReq).
    let certificates: [UInt8]
    /// SignerInfo up to its signed attributes: version 1, sid (issuerAndSerialNumber), digest
    /// algorithm.
    let signerInfoHead: [UInt8]
    /// SignerInfo's signature algorithm.
    let signatureAlgorithm: [UInt8]

    /// The OID elements of id-ct-TSTInfo and id-signedData (RFC 3161, RFC 5652).
    static let tstInfoType: [UInt8] = DERWriter.encode { $0.writeOID(.tstInfo) }
    static let signedDataType: [UInt8] = DERWriter.encode { $0.writeOID(.signedData) }
    /// PKIStatusInfo { granted }.
    static let granted: [UInt8] = [0x30, 0x03, 0x02, 0x01, 0x00]

    init(
        configuration c: TimeStampResponder.Configuration, signer: Certificate, digest: DigestAlgorithm,
        signatureAlgorithm: AlgorithmIdentifier, essCertID: [UInt8]
    ) throws {
        var accuracy = try c.accuracy.map { try $0.derBytes() } ?? []
        if c.deviations.contains(.orderingFalseWritten) { accuracy += [0x01, 0x01, 0x00] }
        self.accuracy = accuracy
        tsaName =
            c.includeTSAName
            ? try DERWriter.encode { w in
                try w.writeExplicit(.context(0)) { try GeneralName.directoryName(signer.subject).serialize(into: &$0) }
            } : []
        self.digest = digest

        // The four attributes with placeholder values of the final lengths; each variable value
        // is its attribute's last octets.
        let time = try DERTime(secondsSinceEpoch: 0, kind: .utcTime)
        let attributes: [(encoded: [UInt8], variable: Int)] = try [
            (CMSAttribute(type: .contentType, values: [TokenTemplate.tstInfoType]), 0),
            (CMSAttribute(type: .signingTime, values: [DERWriter.encode { $0.writeTime(time) }]), 13),
            (
                CMSAttribute(
                    type: .messageDigest,
                    values: [DERWriter.encode { $0.writeOctetString([UInt8](repeating: 0, count: digest.outputSize)) }]),
                digest.outputSize
            ),
            (CMSAttribute(type: .signingCertificateV2, values: [essCertID]), 0),
        ].map { (try $0.0.derBytes(), $0.1) }
        var ordered = attributes.sorted { DERElement.encodingOrder($0.encoded[...], $1.encoded[...]) }
        // Descending instead of DER's ascending order (X.690 §11.6), signed as written.
        if c.deviations.contains(.signedAttributesUnsorted) { ordered.reverse() }
        let contentLength = ordered.reduce(0) { $0 + $1.encoded.count }
        var set: [UInt8] = []
        DERWriter.appendHeader(&set, identifier: 0x31, length: contentLength)
        var timeAt = -1
        var digestAt = -1
        for a in ordered {
            set += a.encoded
            if a.encoded == attributes[1].encoded { timeAt = set.count - 13 }
            if a.encoded == attributes[2].encoded { digestAt = set.count - digest.outputSize }
        }
        precondition(timeAt > 0 && digestAt > 0)
        signedAttributes = set
        signingTimeAt = timeAt
        messageDigestAt = digestAt

        let digestAlgorithm = AlgorithmIdentifier(digest: digest)
        digestAlgorithms = try DERWriter.encode { w in try w.writeSetOf([{ try digestAlgorithm.serialize(into: &$0) }])
        }
        certificates = DERWriter.encode { w in
            w.writeConstructed(.context(0)) { w in
                w.appendEncoded(c.signerCertificate.derBytes)
                for cert in c.chain { w.appendEncoded(cert.derBytes) }
            }
        }
        signerInfoHead = try DERWriter.encode { w in
            w.writeInteger(1)
            w.writeSequence { w in
                w.appendEncoded(signer.issuer.derBytes)
                w.writeInteger(signer.serialNumber)
            }
            try digestAlgorithm.serialize(into: &w)
        }
        self.signatureAlgorithm = try signatureAlgorithm.derBytes()
    }

    /// The TSTInfo of one token (RFC 3161 §2.4.2), from the request's encoded parts.
    func tstInfo(_ request: GrantableRequest, serial: DERInteger, genTime: DERTime) -> [UInt8] {
        let time = genTime.derContent
        let contentLength =
            3 + request.policy.count + request.imprint.count + 2 + serial.bytes.count + 2 + time.count
            + accuracy.count + (request.nonce?.count ?? 0) + tsaName.count
        var out: [UInt8] = []
        out.reserveCapacity(DERWriter.headerCount(length: contentLength) + contentLength)
        DERWriter.appendHeader(&out, identifier: 0x30, length: contentLength)
        out += [0x02, 0x01, 0x01]  // version v1
        out += request.policy
        out += request.imprint
        DERWriter.appendHeader(&out, identifier: 0x02, length: serial.bytes.count)
        out += serial.bytes
        DERWriter.appendHeader(&out, identifier: 0x18, length: time.count)
        out += time
        out += accuracy
        if let nonce = request.nonce { out += nonce }
        out += tsaName
        return out
    }

    /// The signed attributes for `tstInfo` signed at `signingTime` (13 UTCTime octets).
    func signedAttributes(tstInfo: [UInt8], signingTime: [UInt8]) throws -> [UInt8] {
        precondition(signingTime.count == 13, "signing time is a 13-octet UTCTime")
        var attributes = signedAttributes
        attributes.replaceSubrange(signingTimeAt..<(signingTimeAt + 13), with: signingTime)
        let value = try Digest.hash(digest, tstInfo)
        attributes.replaceSubrange(messageDigestAt..<(messageDigestAt + value.count), with: value)
        return attributes
    }

    /// The whole granted TimeStampResp: status, then the token (ContentInfo { SignedData }).
    func response(tstInfo: [UInt8], signedAttributes: [UInt8], signature: [UInt8], certReq: Bool) -> [UInt8] {
        func tlv(_ length: Int) -> Int { DERWriter.headerCount(length: length) + length }
        // Lengths from the inside out.
        let econtentOctets = tlv(tstInfo.count)
        let econtentExplicit = tlv(econtentOctets)
        let encapContent = TokenTemplate.tstInfoType.count + econtentExplicit
        let signatureOctets = tlv(signature.count)
        let signerInfo =
            signerInfoHead.count + signedAttributes.count + signatureAlgorithm.count + signatureOctets
        let signerInfos = tlv(signerInfo)
        let signedData =
            3 + digestAlgorithms.count + tlv(encapContent) + (certReq ? certificates.count : 0) + tlv(signerInfos)
        let explicit0 = tlv(signedData)
        let contentInfo = TokenTemplate.signedDataType.count + tlv(explicit0)
        let response = TokenTemplate.granted.count + tlv(contentInfo)

        var out: [UInt8] = []
        out.reserveCapacity(tlv(response))
        DERWriter.appendHeader(&out, identifier: 0x30, length: response)
        out += TokenTemplate.granted
        DERWriter.appendHeader(&out, identifier: 0x30, length: contentInfo)
        out += TokenTemplate.signedDataType
        DERWriter.appendHeader(&out, identifier: 0xA0, length: explicit0)
        DERWriter.appendHeader(&out, identifier: 0x30, length: signedData)
        out += [0x02, 0x01, 0x03]  // version 3: eContentType is not id-data (RFC 5652 §5.1)
        out += digestAlgorithms
        DERWriter.appendHeader(&out, identifier: 0x30, length: encapContent)
        out += TokenTemplate.tstInfoType
        DERWriter.appendHeader(&out, identifier: 0xA0, length: econtentOctets)
        DERWriter.appendHeader(&out, identifier: 0x04, length: tstInfo.count)
        out += tstInfo
        if certReq { out += certificates }
        DERWriter.appendHeader(&out, identifier: 0x31, length: signerInfos)
        DERWriter.appendHeader(&out, identifier: 0x30, length: signerInfo)
        out += signerInfoHead
        out.append(0xA0)  // [0] IMPLICIT in the SignerInfo (RFC 5652 §5.3)
        out += signedAttributes.dropFirst()
        out += signatureAlgorithm
        DERWriter.appendHeader(&out, identifier: 0x04, length: signature.count)
        out += signature
        return out
    }
}
