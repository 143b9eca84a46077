import EvidentCore

/// The checks of the strict RFC 3161 verifier, in the order they run; docs/verifier.md ("Checks,
/// in order") says exactly what each requires.
extension CheckName {
    /// The input decodes as strict DER (or the BER asked for) into the expected structures.
    public static let encoding = CheckName(rawValue: "der")
    /// PKIStatus granted (0) or grantedWithMods (1), and a token exactly then.
    public static let status = CheckName(rawValue: "status")
    /// ContentInfo is SignedData, encapsulating id-ct-TSTInfo.
    public static let contentType = CheckName(rawValue: "content-type")
    /// Exactly one SignerInfo.
    public static let signerInfo = CheckName(rawValue: "signer-info")
    /// Signed attributes present, content-type attribute id-ct-TSTInfo.
    public static let signedAttributes = CheckName(rawValue: "signed-attributes")
    /// The message-digest attribute is the digest of the encapsulated TSTInfo.
    public static let messageDigest = CheckName(rawValue: "message-digest")
    /// The signer's certificate is found (in the token or among those given).
    public static let signerCertificate = CheckName(rawValue: "signer-certificate")
    /// The signature over the signed attributes verifies under that certificate.
    public static let signature = CheckName(rawValue: "signature")
    /// ESSCertID / ESSCertIDv2 (RFC 2634, RFC 5035) names the signer's certificate.
    public static let essSigningCertificate = CheckName(rawValue: "ess-signing-certificate")
    /// The TSA certificate: critical id-kp-timeStamping EKU alone, not a CA (RFC 3161 §2.3).
    public static let tsaCertificate = CheckName(rawValue: "tsa-certificate")
    /// A path to a given root validates at genTime, with revocation data as required.
    public static let chain = CheckName(rawValue: "chain")
    /// TSTInfo version 1.
    public static let tstInfoVersion = CheckName(rawValue: "tstinfo-version")
    /// The message imprint is the one asked for (algorithm and hash).
    public static let imprint = CheckName(rawValue: "imprint")
    /// The nonce is the one sent.
    public static let nonce = CheckName(rawValue: "nonce")
    /// The policy is the one asked for (when asked).
    public static let policy = CheckName(rawValue: "policy")
    /// Certificates are included when certReq asked for them.
    public static let certReq = CheckName(rawValue: "cert-req")
    /// genTime in UTC, not in the future.
    public static let genTime = CheckName(rawValue: "gen-time")
    /// The tsa name, when present, is the signer's subject.
    public static let tsaName = CheckName(rawValue: "tsa-name")
    /// The imprint hash, the signature's digest and the TSA key are acceptable at genTime (and
    /// still now) by the algorithm policy.
    public static let algorithms = CheckName(rawValue: "algorithms")
    /// No critical TSTInfo extension the verifier does not understand.
    public static let tstInfoExtensions = CheckName(rawValue: "tstinfo-extensions")

    /// The time-stamp checks in the order the verifier runs them.
    public static let timeStampChecks: [CheckName] = [
        .encoding, .status, .contentType, .signerInfo, .signedAttributes, .messageDigest, .signerCertificate,
        .signature,
        .essSigningCertificate, .tsaCertificate, .chain, .tstInfoVersion, .imprint, .nonce, .policy, .certReq, .genTime,
        .tsaName, .tstInfoExtensions, .algorithms,
    ]
}
