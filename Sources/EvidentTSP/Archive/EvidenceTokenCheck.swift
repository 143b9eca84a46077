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
        /// The TSA's certificate subject, when the chain validated.
        public var tsaSubject: String?
        /// SHA-256 (hex) of the TimeStampToken (inside the response, when given one).
        public var tokenHash: String?
        /// When the TSA certificate expires (seconds), when known.
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
            if let genTime = token?.tstInfo.genTime.secondsSinceEpoch {
                options.revocationEvidence = options.crls.filter { ($0.thisUpdate ?? .min) < genTime }
                options.crls = options.crls.filter { ($0.thisUpdate ?? .min) >= genTime }
            }
            let noRevocationData = options.crls.isEmpty && options.ocspResponses.isEmpty
            let report = TimeStampVerifier(options: options).verify(input.bytes, isResponse: input.isResponse)
            var result = Result(verdict: .indeterminate)
            result.warnings = report.warnings
            result.tokenHash = try token.map { Hex.encode(try Digest.hash(.sha256, $0.derBytes)) }
            result.genTime = report.tstInfo.map {
                $0.genTime.secondsSinceEpoch * 1000 + Int64($0.genTime.nanoseconds / 1_000_000)
            }
            result.accuracyMillis = report.tstInfo?.accuracy.map { ($0.totalMicroseconds + 999) / 1000 } ?? 0
            result.signerNotAfter = report.chainCertificates.first.flatMap {
                try? Certificate(derEncoded: $0).notAfter.secondsSinceEpoch
            }
            result.algorithmsEnd = report.algorithmsEnd
            result.chainCertificates = report.chainCertificates
            switch report.verdict {
            case .valid:
                result.tsaSubject = report.chain.first
                if noRevocationData && requireRevocation && report.chain.count > 1 {
                    result.problem =
                        "no revocation data issued at or after genTime for the TSA certificate \(report.chain.first ?? "?"): its status at genTime is unknown "
                        + "(give --crl/--ocsp, or --revocation-policy none to accept that explicitly)"
                    return result
                }
                if let end = result.signerNotAfter, end < input.provenAt {
                    result.problem =
                        "the TSA certificate \(report.chain.first ?? "?") expired at \(Self.moment(end)), before \(Self.moment(input.provenAt)), the time this token is proven to exist: "
                        + "a compromise of its key after the expiry would not be published; only an archive time-stamp made before the expiry (evident renew) keeps it proven"
                    return result
                }
                result.verdict = .valid
            case .invalid:
                result.verdict = .invalid
                result.problem = report.firstProblem.map(\.description) ?? "invalid"
            default:
                result.problem = report.firstProblem.map(\.description) ?? "indeterminate"
            }
            return result
        } catch {
            return Result(verdict: .invalid, problem: "\(error)")
        }
    }

    /// `2026-12-02T04:33:54Z`.
    static func moment(_ seconds: Int64) -> String {
        (try? DERTime(secondsSinceEpoch: seconds).description) ?? "\(seconds) s since 1970"
    }
}
