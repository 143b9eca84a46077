import EvidentCore
import EvidentCrypto
import EvidentDER

#if canImport(Glibc)
import Glibc
#endif

/// Long-term validation data (`evident stamp --ltv`): right after stamping, fetch revocation data
/// for every certificate on the TSA's validated path (all but the root): an OCSP response from
/// the responder its Authority Information Access names (RFC 6960), else the CRL from its CRL
/// distribution point (RFC 5280 §4.2.1.13), so the token can be validated at genTime years later
/// with no network.
public enum RevocationCapture {
    /// What fails here: a code to match on and a detail that reads as a sentence.
    public typealias Failure = CodedFailure<RevocationCapture>

    public struct Data: Sendable {
        public var crls: [[UInt8]] = []
        public var ocspResponses: [[UInt8]] = []
    }

    /// Revocation data covering `chain` (leaf first, root last). Throws when a certificate names
    /// neither an OCSP responder nor a CRL distribution point that answers for it.
    public static func fetch(chain: [[UInt8]], client: HTTPClient, options: HTTPClient.Options) throws -> Data {
        var out = Data()
        guard chain.count >= 2 else { return out }
        for (index, der) in chain.dropLast().enumerated() {
            let cert = try Certificate(derEncoded: der)
            let x509 = try X509Certificate(derEncoded: der)
            let issuer = try X509Certificate(derEncoded: chain[index + 1])
            var problems: [String] = []
            if let response = fetchOCSP(
                cert, x509, issuer: issuer, client: client, options: options, problems: &problems)
            {
                out.ocspResponses.append(response)
                continue
            }
            if let crl = fetchCRL(cert, issuer: x509.issuer, client: client, options: options, problems: &problems) {
                out.crls.append(crl)
                continue
            }
            if problems.isEmpty {
                problems.append("it names no HTTP OCSP responder and no HTTP CRL distribution point")
            }
            throw Failure(
                .noRevocationData, "no revocation data for \(cert.subject): \(problems.joined(separator: "; "))")
        }
        return out
    }

    static func http(_ uri: String) -> Bool { uri.hasPrefix("http://") || uri.hasPrefix("https://") }

    static func fetchOCSP(
        _ cert: Certificate, _ x509: X509Certificate, issuer: X509Certificate, client: HTTPClient,
        options: HTTPClient.Options, problems: inout [String]
    ) -> [UInt8]? {
        for uri in cert.ocspURIs where http(uri) {
            do {
                let request = try OCSPResponse.request(for: x509, issuer: issuer)
                let r = try client.post(
                    url: uri, body: request, contentType: "application/ocsp-request",
                    accept: "application/ocsp-response", options: options)
                guard r.status == 200 else { problems.append("\(uri): HTTP status \(r.status)"); continue }
                let response = try OCSPResponse(derEncoded: r.body)
                let statuses = response.statuses(of: x509, issuer: issuer)
                guard !statuses.isEmpty else {
                    problems.append("\(uri): the OCSP response does not cover the certificate")
                    continue
                }
                if statuses.allSatisfy({ $0 == .unknown }) {
                    problems.append("\(uri): the responder does not know the certificate")
                    continue
                }
                return r.body
            } catch {
                problems.append("\(uri): \(error)")
            }
        }
        return nil
    }

    static func fetchCRL(
        _ cert: Certificate, issuer: String, client: HTTPClient, options: HTTPClient.Options, problems: inout [String]
    ) -> [UInt8]? {
        for uri in cert.crlDistributionURIs where http(uri) {
            do {
                let r = try client.get(url: uri, options: options)
                guard r.status == 200 else { problems.append("\(uri): HTTP status \(r.status)"); continue }
                guard let crl = try PEM.crls(r.body).first, crl.issuer == issuer else {
                    problems.append("\(uri): CRL is not from \(issuer)")
                    continue
                }
                return crl.derBytes
            } catch {
                problems.append("\(uri): \(error)")
            }
        }
        return nil
    }

    /// Fetches revocation data for a stamp's validated chain and verifies the response again
    /// with it: returns the data only when the token is still valid (not revoked then).
    public static func captureAndVerify(
        _ stamp: TimeStampClient.Stamp, verification: VerificationOptions, client: HTTPClient,
        options: HTTPClient.Options
    ) throws -> Data {
        guard let report = stamp.report else {
            throw Failure(.notVerified, "the stamp was not verified: no chain to capture revocation data for")
        }
        if let tstInfo = report.tstInfo { try waitUntilAfter(tstInfo) }
        let data = try fetch(chain: report.chainCertificates, client: client, options: options)
        var v = verification
        v.crls = try data.crls.map { try X509CRL(derEncoded: $0) }
        v.ocspResponses = try data.ocspResponses.map { try OCSPResponse(derEncoded: $0) }
        let request = try TimeStampRequest(derEncoded: stamp.request)
        v.expectedImprint = request.messageImprint
        v.expectedNonce = request.nonce
        let again = TimeStampVerifier(options: v).verify(stamp.response, isResponse: true)
        guard again.verdict == .valid else {
            throw Failure(
                .stillNotValid,
                "with the fetched revocation data the response is \(again.verdict): \(again.firstProblem.map { "\($0.check): \($0.reason)" } ?? "")"
            )
        }
        return data
    }
}

extension RevocationCapture {
    /// The longest wait for a token's accuracy to pass before its revocation data is fetched.
    public static let maxWaitSeconds: Int64 = 60

    /// Revocation data proves good status only when issued at or after genTime plus the token's
    /// accuracy (``TSTInfo/dataFromSecond``; docs/verification.md, "TSA revocation"): data fetched
    /// within the accuracy proves nothing about the token. Waits by this machine's clock until
    /// that second has begun (about the accuracy: 1 s for most TSAs); refuses an accuracy that
    /// would make the wait longer than ``maxWaitSeconds``.
    static func waitUntilAfter(_ tstInfo: TSTInfo) throws {
        let ready = tstInfo.dataFromSecond * 1000
        let wait = ready - WallClock.millis()
        guard wait > 0 else { return }
        guard wait <= maxWaitSeconds * 1000 else {
            throw Failure(
                .accuracyTooCoarse,
                "the token's accuracy puts the time revocation data must be issued from at \(DERTime.describe(secondsSinceEpoch: tstInfo.dataFromSecond)), more than \(maxWaitSeconds) s from now: fetch it after then"
            )
        }
        usleep(useconds_t(wait * 1000))
    }
}

extension RevocationCapture.Data {
    /// The data as PEM blocks (X509 CRL, OCSP RESPONSE), as stored beside tokens and in bundles.
    public var pem: String {
        crls.map { PEM.encode($0, label: "X509 CRL") }.joined()
            + ocspResponses.map { PEM.encode($0, label: "OCSP RESPONSE") }.joined()
    }
}

extension ErrorCode where Owner == RevocationCapture {
    public static let noRevocationData = Self("no-revocation-data")
    public static let notVerified = Self("not-verified")
    public static let stillNotValid = Self("not-valid-with-revocation-data")
    public static let accuracyTooCoarse = Self("accuracy-too-coarse")
}
