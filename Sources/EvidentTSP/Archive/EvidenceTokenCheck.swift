import EvidentCore
import EvidentCrypto
import EvidentDER

/// One time-stamp judged as long-term evidence — an anchor's token, or an archive time-stamp
/// of an evidence record (docs/evidence-records.md): the strict RFC 3161 verification at genTime
/// trusting only the given roots, plus what only a long-lived proof needs. Written once, for
/// both.
///
/// - Revocation data must postdate genTime: a CRL issued before it cannot show a revocation
///   dated between its issue and genTime; an older CRL still counts as evidence of a revocation.
///   With ``requireRevocation``, a chain with no such data is indeterminate.
/// - Everything is judged at the time the token is *proven to exist* (`provenAt`): now, or the
///   genTime of the archive time-stamp that covers it. Its algorithms must still be acceptable
///   then (``AlgorithmPolicy``), and its TSA certificate must not have expired by then: once it
///   has, a compromise of the TSA key would no longer be published, so only a renewal made
///   before the expiry keeps the token proven (RFC 4998 §1.1; ETSI EN 319 102-1, past validation).
public struct EvidenceTokenCheck: Sendable {
    public var trustedRoots: [X509Certificate]
    public var encoding: DEREncodingRules.Level = .tolerant
    public var algorithmPolicy: AlgorithmPolicy = .builtIn
    /// Revocation data given by the verifier (out of band), added to what travels with a token.
    public var crls: [X509CRL] = []
    public var ocspResponses: [OCSPResponse] = []
    /// Fail closed: a validated chain with no revocation data from genTime on is indeterminate.
    public var requireRevocation = true

    public init(trustedRoots: [X509Certificate]) { self.trustedRoots = trustedRoots }

    /// What one token is checked against.
    public struct Input {
        /// A TimeStampResp (`isResponse`) or a bare token.
        public var bytes: [UInt8]
        public var isResponse: Bool
        public var expectedImprint: MessageImprint
        /// The request the token answered, when kept: its nonce and certReq are checked.
        public var request: TimeStampRequest?
        /// Untrusted intermediates (a captured chain); the token's own certificates count too.
        public var untrusted: [X509Certificate] = []
        public var crls: [X509CRL] = []
        public var ocspResponses: [OCSPResponse] = []
        /// Seconds since the epoch at which the token is proven to exist.
        public var provenAt: Int64
        /// Set when a later time-stamp proves the token (`provenAt` is then that time): only
        /// revocation data issued at or after it shows the TSA key was not revoked by then
        /// (a token backdated with a key stolen later carries an older, clean CRL).
        public var revocationFrom: Int64?

        public init(bytes: [UInt8], isResponse: Bool, expectedImprint: MessageImprint, provenAt: Int64) {
            self.bytes = bytes
            self.isResponse = isResponse
            self.expectedImprint = expectedImprint
            self.provenAt = provenAt
        }
    }

    public struct Result: Sendable {
        public var verdict: Verdict
        public var problem = ""
        /// genTime, milliseconds since the epoch.
        public var genTime: Int64?
        public var accuracyMillis: Int64 = 0
        /// genTime plus the accuracy, rounded up to whole ms (``TSTInfo/latestMillis``): what the
        /// token proves existed, existed by then.
        public var latestMillis: Int64?
        /// The TSA's certificate subject, when the chain validated.
        public var tsaSubject: String?
        /// SHA-256 (hex) of the TimeStampToken (inside the response, when given one).
        public var tokenHash: String?
        /// When the first certificate of the TSA's path (trust anchors aside) expires (seconds).
        public var signerNotAfter: Int64?
        /// Until when the token proves what it covers without a renewal (seconds): its TSA
        /// certificate's expiry or its algorithms' earliest end date, whichever is first.
        public var provenUntil: Int64? { [signerNotAfter, algorithmsEnd].compactMap { $0 }.min() }
        public var algorithmsEnd: Int64?
        public var warnings: [DERWarning] = []
        /// The validated TSA chain, leaf first (DER), when it validated.
        public var chainCertificates: [[UInt8]] = []
    }

    public func check(_ input: Input) -> Result {
        do {
            var options = VerificationOptions(trustedRoots: trustedRoots, now: input.provenAt)
            options.encoding = encoding
            options.algorithmPolicy = algorithmPolicy
            options.untrusted = input.untrusted
            options.crls = input.crls + crls
            options.ocspResponses = input.ocspResponses + ocspResponses
            options.expectedImprint = input.expectedImprint
            if let r = input.request {
                options.expectedNonce = r.nonce
                options.certReq = r.certReq
                // Same algorithm and digest; absent and NULL digest parameters are equivalent (RFC 5754 §2).
                guard r.messageImprint.hashAlgorithm.algorithm == input.expectedImprint.hashAlgorithm.algorithm,
                    r.messageImprint.hashAlgorithm.hasAbsentOrNullParameters,
                    r.messageImprint.hashedMessage == input.expectedImprint.hashedMessage
                else { return Result(verdict: .invalid, problem: "the request is not for this data") }
            }
            let rules = DEREncodingRules(level: encoding)
            let token =
                input.isResponse
                ? (try? TimeStampResponse(derEncoded: input.bytes, rules: rules))?.token
                : try? TimeStampToken(derEncoded: input.bytes, rules: rules)
            // Data issued at or after genTime plus the token's accuracy (rounded up to whole
            // seconds) was issued after the token, wherever within its accuracy it was made.
            let dataFrom = token?.tstInfo.dataFromSecond
            if let dataFrom {
                let from = max(dataFrom, input.revocationFrom ?? .min)
                options.revocationDataFrom = from
                // Older data can still show a revocation (red team round 17: an OCSP response
                // produced before genTime showing the TSA certificate on hold was dropped).
                options.revocationEvidence = .init(
                    crls: options.crls.filter { ($0.thisUpdate ?? .min) < from },
                    ocsp: options.ocspResponses.filter { $0.producedAt < from })
                options.crls = options.crls.filter { ($0.thisUpdate ?? .min) >= from }
                options.ocspResponses = options.ocspResponses.filter { $0.producedAt >= from }
            }
            let noRevocationData = options.crls.isEmpty && options.ocspResponses.isEmpty
            let report = TimeStampVerifier(options: options).verify(input.bytes, isResponse: input.isResponse)
            var result = Result(verdict: .indeterminate)
            result.warnings = report.warnings
            result.tokenHash = try token.map { Hex.encode(try Digest.hash(.sha256, $0.derBytes)) }
            result.genTime = report.tstInfo?.genTimeMillis
            result.accuracyMillis = report.tstInfo?.accuracyMillis ?? 0
            result.latestMillis = report.tstInfo?.latestMillis
            // The path's earliest expiry (its trust anchor aside): the TSA certificate's, or a CA's.
            result.signerNotAfter = report.chainCertificates.enumerated().filter {
                !isAnchor($0.offset, report.chainCertificates)
            }.compactMap { try? Certificate(derEncoded: $0.element).notAfter.secondsSinceEpoch }.min()
            result.algorithmsEnd = report.algorithmsEnd
            // Every certificate of the path but the trust anchor must outlive the proven time:
            // after a CA certificate expires, a compromise of its key need not be published
            // either, and its holder could issue a backdated TSA certificate. Said first when the
            // chain is otherwise sound or undecided (an expired certificate is why later
            // revocation data is missing, too).
            var expiry: String?
            // An undecided chain may not list its path: then the TSA certificate alone.
            let path =
                report.chainCertificates.isEmpty
                ? (token.flatMap { t in
                    t.signedData.signerInfos.first.flatMap {
                        TokenCertificates.signer(
                            of: $0,
                            in: t.signedData.x509Certificates
                                + input.untrusted.compactMap { try? Certificate(derEncoded: $0.derBytes) })
                    }
                }.map { [$0.derBytes] } ?? [])
                : report.chainCertificates
            for (n, der) in path.enumerated() where !isAnchor(n, path) {
                guard let c = try? Certificate(derEncoded: der), c.notAfter.secondsSinceEpoch < input.provenAt
                else { continue }
                let which =
                    n == 0
                    ? "the TSA certificate \(report.chain.first ?? c.subject.description)"
                    : "the certificate \(n < report.chain.count ? report.chain[n] : "?") on the TSA's path"
                expiry =
                    "\(which) expired at \(Self.moment(c.notAfter.secondsSinceEpoch)), before \(Self.moment(input.provenAt)), the time this token is proven to exist: "
                    + "a compromise of its key after the expiry would not be published; only an archive time-stamp made before the expiry (evident renew) keeps it proven"
                break
            }
            result.chainCertificates = report.chainCertificates
            switch report.verdict {
            case .valid:
                result.tsaSubject = report.chain.first
                if let expiry {
                    result.problem = expiry
                    return result
                }
                if noRevocationData && requireRevocation && report.chain.count > 1 {
                    if let from = input.revocationFrom {
                        result.problem =
                            "no revocation data issued at or after \(Self.moment(from)), the time a later archive time-stamp proves it existed, for the TSA certificate \(report.chain.first ?? "?"): "
                            + "a revocation of its key before then cannot be ruled out (renew with --ltv, or give a later --crl/--ocsp)"
                    } else {
                        result.problem =
                            "no revocation data issued at or after \(dataFrom.map(Self.moment) ?? "genTime") (genTime plus the token's accuracy) for the TSA certificate \(report.chain.first ?? "?"): "
                            + "its status when the token was made is unknown (give --crl/--ocsp, or --revocation-policy none to accept that explicitly)"
                    }
                    return result
                }
                result.verdict = .valid
            case .invalid:
                result.verdict = .invalid
                result.problem = report.firstProblem.map(\.description) ?? "invalid"
            default:
                result.problem = expiry ?? report.firstProblem.map(\.description) ?? "indeterminate"
            }
            return result
        } catch {
            return Result(verdict: .invalid, problem: "\(error)")
        }
    }

    /// Whether certificate `n` of a validated path is its trust anchor: the last one, when it is
    /// one of the given roots (a path of one certificate is never exempt).
    func isAnchor(_ n: Int, _ path: [[UInt8]]) -> Bool {
        n > 0 && n == path.count - 1 && trustedRoots.contains { $0.derBytes == path[n] }
    }

    /// `2026-12-02T04:33:54Z`.
    static func moment(_ seconds: Int64) -> String { DERTime.describe(secondsSinceEpoch: seconds) }
}
