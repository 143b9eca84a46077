import EvidentDER

/// Object identifiers used by RFC 3161, RFC 5652 (CMS), RFC 5035/5816 (ESS) and RFC 5280.
extension OID {
    // CMS content types (RFC 5652 §4–5, RFC 3161 §2.4.2)
    public static let data: OID = "1.2.840.113549.1.7.1"
    public static let signedData: OID = "1.2.840.113549.1.7.2"
    public static let tstInfo: OID = "1.2.840.113549.1.9.16.1.4"
    // CMS attributes (RFC 5652 §11, RFC 5035, RFC 6211)
    public static let contentType: OID = "1.2.840.113549.1.9.3"
    public static let messageDigest: OID = "1.2.840.113549.1.9.4"
    public static let signingTime: OID = "1.2.840.113549.1.9.5"
    public static let signingCertificate: OID = "1.2.840.113549.1.9.16.2.12"
    public static let signingCertificateV2: OID = "1.2.840.113549.1.9.16.2.47"
    public static let cmsAlgorithmProtection: OID = "1.2.840.113549.1.9.52"
    // Signature algorithms
    public static let rsaEncryption: OID = "1.2.840.113549.1.1.1"
    public static let sha1WithRSAEncryption: OID = "1.2.840.113549.1.1.5"
    public static let rsassaPSS: OID = "1.2.840.113549.1.1.10"
    public static let sha256WithRSAEncryption: OID = "1.2.840.113549.1.1.11"
    public static let sha384WithRSAEncryption: OID = "1.2.840.113549.1.1.12"
    public static let sha512WithRSAEncryption: OID = "1.2.840.113549.1.1.13"
    public static let sha224WithRSAEncryption: OID = "1.2.840.113549.1.1.14"
    public static let ecPublicKey: OID = "1.2.840.10045.2.1"
    public static let ecdsaWithSHA1: OID = "1.2.840.10045.4.1"
    public static let ecdsaWithSHA224: OID = "1.2.840.10045.4.3.1"
    public static let ecdsaWithSHA256: OID = "1.2.840.10045.4.3.2"
    public static let ecdsaWithSHA384: OID = "1.2.840.10045.4.3.3"
    public static let ecdsaWithSHA512: OID = "1.2.840.10045.4.3.4"
    public static let ed25519: OID = "1.3.101.112"
    public static let ed448: OID = "1.3.101.113"
    public static let mgf1: OID = "1.2.840.113549.1.1.8"
    // X.509 (RFC 5280)
    public static let extendedKeyUsage: OID = "2.5.29.37"
    public static let keyUsage: OID = "2.5.29.15"
    public static let basicConstraints: OID = "2.5.29.19"
    public static let subjectKeyIdentifier: OID = "2.5.29.14"
    public static let authorityKeyIdentifier: OID = "2.5.29.35"
    public static let kpTimeStamping: OID = "1.3.6.1.5.5.7.3.8"
    public static let subjectAltName: OID = "2.5.29.17"
    public static let crlDistributionPoints: OID = "2.5.29.31"
    public static let authorityInfoAccess: OID = "1.3.6.1.5.5.7.1.1"
    public static let adOCSP: OID = "1.3.6.1.5.5.7.48.1"
    public static let ocspBasic: OID = "1.3.6.1.5.5.7.48.1.1"
    public static let riOCSPResponse: OID = "1.3.6.1.5.5.7.16.2"

    /// OpenSSL's short name where it has one (so our text output reads like `openssl ts -text`),
    /// else nil.
    public var shortName: String? { OID.shortNames[self] }

    /// The short name, or the dotted form.
    public var displayName: String { shortName ?? description }

    static let shortNames: [OID: String] = [
        "1.3.14.3.2.26": "sha1", "2.16.840.1.101.3.4.2.4": "sha224", "2.16.840.1.101.3.4.2.1": "sha256",
        "2.16.840.1.101.3.4.2.2": "sha384", "2.16.840.1.101.3.4.2.3": "sha512",
        "2.16.840.1.101.3.4.2.7": "sha3-224", "2.16.840.1.101.3.4.2.8": "sha3-256",
        "2.16.840.1.101.3.4.2.9": "sha3-384", "2.16.840.1.101.3.4.2.10": "sha3-512",
        "1.2.840.113549.2.5": "md5",
        .data: "pkcs7-data", .signedData: "pkcs7-signedData", .tstInfo: "id-smime-ct-TSTInfo",
        .contentType: "contentType", .messageDigest: "messageDigest", .signingTime: "signingTime",
        .signingCertificate: "id-smime-aa-signingCertificate",
        .signingCertificateV2: "id-smime-aa-signingCertificateV2",
        .cmsAlgorithmProtection: "id-aa-CMSAlgorithmProtection",
        .rsaEncryption: "rsaEncryption", .sha1WithRSAEncryption: "sha1WithRSAEncryption",
        .rsassaPSS: "rsassaPss", .sha256WithRSAEncryption: "sha256WithRSAEncryption",
        .sha384WithRSAEncryption: "sha384WithRSAEncryption", .sha512WithRSAEncryption: "sha512WithRSAEncryption",
        .sha224WithRSAEncryption: "sha224WithRSAEncryption", .ecPublicKey: "id-ecPublicKey",
        .ecdsaWithSHA1: "ecdsa-with-SHA1", .ecdsaWithSHA224: "ecdsa-with-SHA224",
        .ecdsaWithSHA256: "ecdsa-with-SHA256", .ecdsaWithSHA384: "ecdsa-with-SHA384",
        .ecdsaWithSHA512: "ecdsa-with-SHA512", .ed25519: "ED25519", .ed448: "ED448",
        .kpTimeStamping: "timeStamping", .extendedKeyUsage: "extendedKeyUsage",
        "1.2.3.4.1": "tsa_policy1", "1.2.3.4.5.6": "tsa_policy2", "1.2.3.4.5.7": "tsa_policy3",
        // X.520 attribute types (OpenSSL's short names, used in one-line names)
        "2.5.4.3": "CN", "2.5.4.4": "SN", "2.5.4.5": "serialNumber", "2.5.4.6": "C", "2.5.4.7": "L",
        "2.5.4.8": "ST", "2.5.4.9": "street", "2.5.4.10": "O", "2.5.4.11": "OU", "2.5.4.12": "title",
        "2.5.4.13": "description", "2.5.4.42": "GN", "2.5.4.43": "initials", "2.5.4.46": "dnQualifier",
        "2.5.4.97": "organizationIdentifier", "2.5.4.17": "postalCode", "2.5.4.15": "businessCategory",
        "1.2.840.113549.1.9.1": "emailAddress", "0.9.2342.19200300.100.1.25": "DC",
        "0.9.2342.19200300.100.1.1": "UID", "2.5.4.65": "pseudonym",
    ]
}
