import EvidentCrypto
import EvidentDER

/// What the verifier is given. Trust comes only from here: certificates inside the token are
/// untrusted intermediates, never anchors.
public struct VerificationOptions: Sendable {
    /// When to validate the certificate path.
    public enum ValidationTime: Sendable, Hashable {
        /// At the token's genTime (the default: a time-stamp proves existence at genTime, and
        /// RFC 3161 §4 validates the TSA certificate then, with revocation data from then).
        case genTime
        /// At the moment of verification.
        case now
        /// At a given instant (seconds since the epoch).
        case at(Int64)
    }

    /// The only anchors.
    public var trustedRoots: [X509Certificate]
    /// Extra intermediates (and a signer certificate the token does not carry).
    public var untrusted: [X509Certificate] = []
    /// CRLs to check revocation with; when non-empty, every certificate on the path must be covered.
    public var crls: [X509CRL] = []
    /// CRLs and OCSP responses that can show a revocation but not prove a certificate good (the
    /// bundle verifier's, from before genTime): any revocation they show on the path is decisive
    /// (``ChainValidator/revocationShown(on:crls:ocsp:signed:)``).
    public var revocationEvidence = ChainValidator.RevocationEvidence()
    /// A second (since the epoch) good status must be proven from, when later than the token's
    /// own genTime plus accuracy: a token a later time-stamp proves is judged then, so an OCSP
    /// "good" as of an earlier time proves nothing about it (red team round 23: the response's
    /// producedAt was checked, its thisUpdate was not).
    public var revocationDataFrom: Int64?
    /// OCSP responses (RFC 6960) covering certificates that no CRL covers; counted only when the
    /// responder chains to `trustedRoots`.
    public var ocspResponses: [OCSPResponse] = []
    /// Which certificates the CRLs (or OCSP responses) must cover: every one on the path by default.
    public var revocationScope: ChainValidator.RevocationScope = .fullChain
    public var validationTime: ValidationTime = .genTime
    /// How strictly the token is decoded when given as bytes (issue #14): `.tolerant` accepts
    /// the deviations sound TSAs emit and reports them (``VerificationReport/warnings``),
    /// `.der` (`--strict-der`) fails them, `.lenientBER` (`--ber`) also accepts structural BER.
    public var encoding: DEREncodingRules.Level = .tolerant

    /// The imprint the token must carry (from the data, a digest, or the request).
    public var expectedImprint: MessageImprint?
    /// The nonce the request carried; the token must echo it.
    public var expectedNonce: DERInteger?
    /// Policies accepted; empty means any.
    public var acceptedPolicies: [OID] = []
    /// The request's certReq, when known: TRUE requires the signer certificate in the token.
    public var certReq: Bool?
    /// A name the TSA must have (matched against the signer certificate subject, RFC 4514 text).
    public var tsaName: String?
    /// Which algorithms are acceptable until when (the imprint hash, the signature's digest, the
    /// TSA key), judged at genTime and now (`algorithms` check; issue #14).
    public var algorithmPolicy: AlgorithmPolicy = .builtIn
    /// Run every check even after one fails.
    public var runAllChecks = false
    /// Seconds since the epoch for "now" (injectable for tests).
    public var now: Int64
    /// Certificates met in tokens, parsed once for every verification made with these options
    /// and their copies: a TSA's certificate in many tokens is parsed once (`ts verify` with many
    /// tokens, a bundle's anchors). Trust is unaffected: the cache only saves parsing the same bytes.
    public var parsedCertificates = X509CertificateCache()

    public init(trustedRoots: [X509Certificate], now: Int64) {
        self.trustedRoots = trustedRoots
        self.now = now
    }
}
