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
        case granted(serial: DERInteger)
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
    let template: TokenTemplate
    let acceptance: GrantableRequest.Acceptance

    public init(configuration: Configuration, serials: SerialNumberSource) throws {
        self.configuration = configuration
        self.serials = serials
        signer = try Certificate(derEncoded: configuration.signerCertificate.derBytes)
        guard configuration.signerKey.matches(configuration.signerCertificate) else {
            throw DERError(.invalidValue, at: 0, "the TSA key does not match the TSA certificate")
        }
        scheme = configuration.signerKey.kind.defaultScheme
        signerContext = try Signer(key: configuration.signerKey, scheme: scheme)
        // SigningCertificateV2 with one ESSCertIDv2 (sha256: the DEFAULT, so omitted) naming the
        // signer by hash and issuer/serial (RFC 5035, RFC 5816).
        let issuerSerial = IssuerSerial(issuer: [.directoryName(signer.issuer)], serialNumber: signer.serialNumber)
        let id = ESSCertID(
            hashAlgorithm: AlgorithmIdentifier(digest: .sha256), certHash: try Digest.hash(.sha256, signer.derBytes),
            issuerSerial: issuerSerial)
        template = try TokenTemplate(
            configuration: configuration, signer: signer,
            // RFC 8419 §3: with Ed25519 the CMS digest algorithm is SHA-512.
            digest: scheme.hash ?? .sha512, signatureAlgorithm: Self.signatureAlgorithm(scheme),
            essCertID: try SigningCertificate(isV2: true, certs: [id]).derBytes())
        acceptance = GrantableRequest.Acceptance(
            digests: configuration.acceptedDigests, defaultPolicy: configuration.defaultPolicy,
            acceptedPolicies: configuration.acceptedPolicies)
    }

    /// Answers one request. `now` is (seconds since the epoch, milliseconds).
    public func respond(
        to requestBytes: [UInt8], now: (seconds: Int64, millis: Int)
    ) -> (response: [UInt8], outcome: Outcome) {
        let request: GrantableRequest
        switch readRequest(requestBytes) {
        case .success(let r): request = r
        case .failure(let rejection): return reject(rejection.failure, rejection.text)
        }
        do {
            let serial = try serials.nextSerial()
            return (try makeResponse(request, serial: serial, now: now), .granted(serial: serial))
        } catch {
            return reject(.systemFailure, "cannot issue a token: \(error)")
        }
    }

    struct Rejection: Error {
        let failure: PKIFailure
        let text: String
    }

    /// The request's parts, read on bytes when it has the common shape, else by the strict tree
    /// parser, which words every rejection (``GrantableRequest``).
    func readRequest(_ requestBytes: [UInt8]) -> Result<GrantableRequest, Rejection> {
        if let fast = GrantableRequest.reading(requestBytes, acceptance) { return .success(fast) }
        return readRequestTree(requestBytes)
    }

    /// The strict tree parser's reading of a request, with the responder's checks (§2.4.2).
    func readRequestTree(_ requestBytes: [UInt8]) -> Result<GrantableRequest, Rejection> {
        let request: TimeStampRequest
        do {
            request = try TimeStampRequest(derEncoded: requestBytes)
        } catch {
            return .failure(Rejection(failure: .badDataFormat, text: "request is not a DER TimeStampReq: \(error)"))
        }
        guard let alg = request.messageImprint.hashAlgorithm.digest, configuration.acceptedDigests.contains(alg) else {
            return .failure(
                Rejection(
                    failure: .badAlg,
                    text:
                        "hash algorithm \(request.messageImprint.hashAlgorithm.algorithm.displayName) is not accepted"))
        }
        guard request.messageImprint.hashAlgorithm.hasAbsentOrNullParameters else {
            return .failure(
                Rejection(failure: .badDataFormat, text: "hash algorithm parameters must be absent or NULL"))
        }
        guard request.messageImprint.hashedMessage.count == alg.outputSize else {
            return .failure(
                Rejection(
                    failure: .badDataFormat,
                    text:
                        "a \(alg) imprint is \(alg.outputSize) bytes, got \(request.messageImprint.hashedMessage.count)"
                ))
        }
        let policy = request.reqPolicy ?? configuration.defaultPolicy
        guard policy == configuration.defaultPolicy || configuration.acceptedPolicies.contains(policy) else {
            return .failure(Rejection(failure: .unacceptedPolicy, text: "policy \(policy) is not accepted"))
        }
        if let ext = request.extensions, !ext.isEmpty {
            return .failure(
                Rejection(
                    failure: .unacceptedExtension,
                    text:
                        "request extensions are not supported (\(ext.map(\.id.description).joined(separator: ", ")))"))
        }
        do {
            return .success(try GrantableRequest(request: request, policy: policy))
        } catch {
            return .failure(Rejection(failure: .badDataFormat, text: "request is not a DER TimeStampReq: \(error)"))
        }
    }

    func reject(_ failure: PKIFailure, _ text: String) -> (response: [UInt8], outcome: Outcome) {
        let status = PKIStatusInfo(status: .rejection, statusString: [text], failures: [failure])
        let bytes = (try? TimeStampResponse(statusInfo: status).derBytes()) ?? []
        return (bytes, .rejected(failure, text))
    }

    /// A granted response for `request`: TSTInfo, signed attributes, signature, laid out in the
    /// key's template.
    func makeResponse(
        _ request: GrantableRequest, serial: DERInteger, now: (seconds: Int64, millis: Int)
    ) throws -> [UInt8] {
        let millis = String(1000 + now.millis).dropFirst()
        let genTime = try DERTime(secondsSinceEpoch: now.seconds, fraction: String(millis))
        let signingTime = try DERTime(secondsSinceEpoch: now.seconds, kind: .utcTime).derContent
        let tstInfo = template.tstInfo(request, serial: serial, genTime: genTime)
        let attributes = try template.signedAttributes(tstInfo: tstInfo, signingTime: signingTime)
        let signature = try signerContext.sign(attributes)
        return template.response(
            tstInfo: tstInfo, signedAttributes: attributes, signature: signature, certReq: request.certReq)
    }

    static func signatureAlgorithm(_ scheme: SignatureScheme) -> AlgorithmIdentifier {
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
