import EvidentDER

/// Schema-level error codes of the RFC 3161 / CMS decoders. Structural DER problems keep the
/// codes of ``DERError``; these name what the message layer rejects.
extension DERError.Code {
    public static let unsupportedVersion = DERError.Code("unsupported-version")
    public static let tooManyElements = DERError.Code("too-many-elements")
    public static let unexpectedContentType = DERError.Code("unexpected-content-type")
    public static let missingContent = DERError.Code("missing-content")
}

/// Limits the message layer applies on top of ``DERLimits``. Each is a named constant with
/// a negative test.
public enum TSPLimits {
    /// Largest TimeStampResp / token accepted: 1 MiB. Real responses with full chains are
    /// 3–10 KiB; the largest in the test corpus (with OCSP responses inside) is under 16 KiB.
    public static let maxMessageSize = 1024 * 1024
    /// Most certificates (or CRLs / OCSP responses) accepted in one SignedData.
    public static let maxCertificates = 64
    /// Most SignerInfos accepted in one SignedData (a time-stamp token has exactly one).
    public static let maxSignerInfos = 8
    /// Most attributes accepted in one signed or unsigned attribute set.
    public static let maxAttributes = 64
    /// Most extensions accepted on a request or TSTInfo.
    public static let maxExtensions = 32

    static func check(_ count: Int, _ limit: Int, _ what: String, at offset: Int) throws {
        guard count <= limit else {
            throw DERError(.tooManyElements, at: offset, "\(count) \(what), the limit is \(limit)")
        }
    }

    static var derLimits: DERLimits { DERLimits(maxInputSize: maxMessageSize) }
}

extension DERElement {
    /// A BOOLEAN with DEFAULT FALSE: DER forbids encoding the default (X.690 §11.5); tolerant
    /// rules accept it, recording it.
    func booleanDefaultFalse(_ what: String) throws -> Bool {
        let v = try boolean()
        if !v {
            try rules.tolerate(
                .defaultValueEncoded, at: offset, "\(what) FALSE is the DEFAULT and must be omitted in DER")
        }
        return v
    }
}
