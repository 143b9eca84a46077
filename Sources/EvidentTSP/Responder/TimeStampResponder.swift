import EvidentCrypto
import EvidentDER

/// The signing side of RFC 3161: turns a TimeStampReq into a TimeStampResp, a token signed with
/// OpenSSL over a TSTInfo and signed attributes we encode ourselves.
///
/// Rejections (§2.4.2) are proper TimeStampResps: badDataFormat for a request that does not
/// parse (or an imprint of the wrong length), badAlg for a hash the TSA does not accept,
/// unacceptedPolicy, unacceptedExtension (the TSA supports no request extension), systemFailure
/// when a serial cannot be made durable or signing fails. Nothing is signed for a request that
/// was not understood.
public final class TimeStampResponder: Sendable {
    public struct Configuration: Sendable {
        public var signerKey: PrivateKey
        public var signerCertificate: X509Certificate
        /// Certificates added after the signer's when the request sets certReq (intermediates, root).
        public var chain: [X509Certificate]
        public var defaultPolicy: OID
        /// Policies a request may ask for (the default is always accepted).
        public var acceptedPolicies: [OID]
        public var acceptedDigests: Set<DigestAlgorithm> = [.sha256, .sha384, .sha512, .sha3_256, .sha3_384, .sha3_512]
        public var accuracy: Accuracy? = Accuracy(seconds: 1)
        /// Put the TSA's name (its certificate subject) in TSTInfo.tsa.
        public var includeTSAName = true
        /// DER deviations some real TSAs emit, to test that verifiers accept them with a warning
        /// (issue #14). Never set by `tsa init` or `tsa serve`; tests only.
        public var deviations: Set<Deviation> = []

        public init(
            signerKey: PrivateKey, signerCertificate: X509Certificate, chain: [X509Certificate], defaultPolicy: OID,
            acceptedPolicies: [OID] = []
        ) {
            self.signerKey = signerKey
            self.signerCertificate = signerCertificate
            self.chain = chain
            self.defaultPolicy = defaultPolicy
            self.acceptedPolicies = acceptedPolicies
        }
    }

    /// A DER deviation a real TSA is known to emit, inside what the signature covers.
    public enum Deviation: Sendable, Hashable, CaseIterable {
        /// TSTInfo with `ordering FALSE` written out (the DEFAULT; DER omits it).
        case orderingFalseWritten
        /// The signed attributes' SET OF not in DER order (signed as sent).
        case signedAttributesUnsorted
    }

    /// What happened to one request (for logs and metrics).
    public enum Outcome: Sendable, Hashable {
        case granted(serial: String)
        case rejected(PKIFailure, String)

        public var label: String {
            switch self {
            case .granted: return "granted"
            case .rejected(let f, _): return f.description
            }
        }
    }

    public let configuration: Configuration
    let serials: SerialNumberSource
    let signer: Certificate
    let scheme: SignatureScheme
    let signerContext: Signer
    let digestForSignature: DigestAlgorithm
    let essCertID: [UInt8]

    public init(configuration: Configuration, serials: SerialNumberSource) throws {
        self.configuration = configuration
        self.serials = serials
        signer = try Certificate(derEncoded: configuration.signerCertificate.derBytes)
        guard configuration.signerKey.matches(configuration.signerCertificate) else {
            throw DERError(.invalidValue, at: 0, "the TSA key does not match the TSA certificate")
        }
        scheme = configuration.signerKey.kind.defaultScheme
        signerContext = try Signer(key: configuration.signerKey, scheme: scheme)
        // RFC 8419 §3: with Ed25519 the CMS digest algorithm is SHA-512.
        digestForSignature = scheme.hash ?? .sha512
        // SigningCertificateV2 with one ESSCertIDv2 (sha256: the DEFAULT, so omitted) naming the
        // signer by hash and issuer/serial (RFC 5035, RFC 5816).
        let issuerSerial = IssuerSerial(issuer: [.directoryName(signer.issuer)], serialNumber: signer.serialNumber)
        let id = ESSCertID(
            hashAlgorithm: AlgorithmIdentifier(digest: .sha256), certHash: try Digest.hash(.sha256, signer.derBytes),
            issuerSerial: issuerSerial)
        essCertID = try SigningCertificate(isV2: true, certs: [id]).derBytes()
    }

    /// Answers one request. `now` is (seconds since the epoch, milliseconds).
    public func respond(
        to requestBytes: [UInt8], now: (seconds: Int64, millis: Int)
    ) -> (response: [UInt8], outcome: Outcome) {
        let request: TimeStampRequest
        do {
            request = try TimeStampRequest(derEncoded: requestBytes)
        } catch {
            return reject(.badDataFormat, "request is not a DER TimeStampReq: \(error)")
        }
        guard let alg = request.messageImprint.hashAlgorithm.digest, configuration.acceptedDigests.contains(alg) else {
            return reject(
                .badAlg, "hash algorithm \(request.messageImprint.hashAlgorithm.algorithm.displayName) is not accepted")
        }
        guard request.messageImprint.hashAlgorithm.hasAbsentOrNullParameters else {
            return reject(.badDataFormat, "hash algorithm parameters must be absent or NULL")
        }
        guard request.messageImprint.hashedMessage.count == alg.outputSize else {
            return reject(
                .badDataFormat,
                "a \(alg) imprint is \(alg.outputSize) bytes, got \(request.messageImprint.hashedMessage.count)")
        }
        let policy = request.reqPolicy ?? configuration.defaultPolicy
        guard policy == configuration.defaultPolicy || configuration.acceptedPolicies.contains(policy) else {
            return reject(.unacceptedPolicy, "policy \(policy) is not accepted")
        }
        if let ext = request.extensions, !ext.isEmpty {
            return reject(
                .unacceptedExtension,
                "request extensions are not supported (\(ext.map(\.id.description).joined(separator: ", ")))")
        }
        do {
            let serial = try serials.nextSerial()
            let token = try makeToken(request: request, policy: policy, serial: serial, now: now)
            var w = DERWriter()
            try w.writeSequence { w in
                try PKIStatusInfo(status: .granted).serialize(into: &w)
                w.appendEncoded(token)
            }
            return (w.bytes, .granted(serial: serial.hexString))
        } catch {
            return reject(.systemFailure, "cannot issue a token: \(error)")
        }
    }

    func reject(_ failure: PKIFailure, _ text: String) -> (response: [UInt8], outcome: Outcome) {
        let status = PKIStatusInfo(status: .rejection, statusString: [text], failures: [failure])
        let bytes = (try? TimeStampResponse(statusInfo: status).derBytes()) ?? []
        return (bytes, .rejected(failure, text))
    }

    func makeToken(
        request: TimeStampRequest, policy: OID, serial: DERInteger, now: (seconds: Int64, millis: Int)
    ) throws -> [UInt8] {
        let millis = String(1000 + now.millis).dropFirst()
        let genTime = try DERTime(secondsSinceEpoch: now.seconds, fraction: String(millis))
        let tst = TSTInfo(
            policy: policy, messageImprint: request.messageImprint, serialNumber: serial, genTime: genTime,
            accuracy: configuration.accuracy, nonce: request.nonce,
            tsa: configuration.includeTSAName ? .directoryName(signer.subject) : nil)
        var eContent = try tst.derBytes()
        if configuration.deviations.contains(.orderingFalseWritten) {
            // The same TSTInfo with `ordering FALSE` after accuracy (X.690 would omit it).
            eContent = try DERWriter.encode { w in
                try w.writeSequence { w in
                    for (i, field) in try DERParser.parse(eContent).children.enumerated() {
                        w.appendEncoded(field.encoded)
                        if i == (tst.accuracy == nil ? 4 : 5) { w.writeBoolean(false) }
                    }
                }
            }
        }

        let digestAlg = AlgorithmIdentifier(digest: digestForSignature)
        let attributes: [CMSAttribute] = [
            CMSAttribute(type: .contentType, values: [DERWriter.encode { $0.writeOID(.tstInfo) }]),
            CMSAttribute(
                type: .signingTime,
                values: [
                    try DERWriter.encode { $0.writeTime(try DERTime(secondsSinceEpoch: now.seconds, kind: .utcTime)) }
                ]),
            CMSAttribute(
                type: .messageDigest,
                values: [try DERWriter.encode { $0.writeOctetString(try Digest.hash(digestForSignature, eContent)) }]),
            CMSAttribute(type: .signingCertificateV2, values: [essCertID]),
        ]
        var signed = DERWriter()
        if configuration.deviations.contains(.signedAttributesUnsorted) {
            // Descending instead of DER's ascending order (X.690 §11.6), signed as written.
            let encoded = try attributes.map { a in try DERWriter.encode { try a.serialize(into: &$0) } }
            signed.writeConstructed(.set) { w in
                for e in encoded.sorted(by: { $1.lexicographicallyPrecedes($0) }) { w.appendEncoded(e) }
            }
        } else {
            try signed.writeSetOf(attributes.map { a in { try a.serialize(into: &$0) } })
        }
        let signature = try signerContext.sign(signed.bytes)
        var signedAttrs = signed.bytes
        signedAttrs[0] = 0xA0  // [0] IMPLICIT in the SignerInfo (RFC 5652 §5.3)

        var w = DERWriter()
        try w.writeSequence { w in
            w.writeOID(.signedData)
            try w.writeExplicit(.context(0)) { w in
                try w.writeSequence { w in
                    w.writeInteger(3)  // eContentType is not id-data (RFC 5652 §5.1)
                    try w.writeSetOf([{ try digestAlg.serialize(into: &$0) }])
                    w.writeSequence { w in
                        w.writeOID(.tstInfo)
                        w.writeExplicit(.context(0)) { $0.writeOctetString(eContent) }
                    }
                    if request.certReq {
                        w.writeConstructed(.context(0)) { w in
                            w.appendEncoded(configuration.signerCertificate.derBytes)
                            for c in configuration.chain { w.appendEncoded(c.derBytes) }
                        }
                    }
                    try w.writeSetOf([
                        { w in
                            try w.writeSequence { w in
                                w.writeInteger(1)
                                w.writeSequence { w in
                                    w.appendEncoded(self.signer.issuer.derBytes)
                                    w.writeInteger(self.signer.serialNumber)
                                }
                                try digestAlg.serialize(into: &w)
                                w.appendEncoded(signedAttrs)
                                try self.signatureAlgorithm.serialize(into: &w)
                                w.writeOctetString(signature)
                            }
                        }
                    ])
                }
            }
        }
        return w.bytes
    }

    var signatureAlgorithm: AlgorithmIdentifier {
        switch scheme {
        case .ecdsa(.sha384): return AlgorithmIdentifier(algorithm: .ecdsaWithSHA384)
        case .ecdsa(.sha512): return AlgorithmIdentifier(algorithm: .ecdsaWithSHA512)
        case .ecdsa: return AlgorithmIdentifier(algorithm: .ecdsaWithSHA256)
        case .rsaPKCS1(.sha384):
            return AlgorithmIdentifier(algorithm: .sha384WithRSAEncryption, parameters: [0x05, 0x00])
        case .rsaPKCS1(.sha512):
            return AlgorithmIdentifier(algorithm: .sha512WithRSAEncryption, parameters: [0x05, 0x00])
        case .rsaPKCS1, .rsaPSS:
            return AlgorithmIdentifier(algorithm: .sha256WithRSAEncryption, parameters: [0x05, 0x00])
        case .ed25519: return AlgorithmIdentifier(algorithm: .ed25519)
        case .ed448: return AlgorithmIdentifier(algorithm: .ed448)
        }
    }
}

extension DERWriter {
    /// The encoding of whatever `body` writes.
    static func encode(_ body: (inout DERWriter) throws -> Void) rethrows -> [UInt8] {
        var w = DERWriter()
        try body(&w)
        return w.bytes
    }
}
