/// A signature algorithm with everything needed to check a signature.
public enum SignatureScheme: Hashable, Sendable, CustomStringConvertible {
    /// RSASSA-PKCS1-v1_5 (RFC 8017 §8.2) with the given hash.
    case rsaPKCS1(DigestAlgorithm)
    /// RSASSA-PSS (RFC 8017 §8.1; parameters per RFC 4055 §3.1).
    case rsaPSS(hash: DigestAlgorithm, mgf1Hash: DigestAlgorithm, saltLength: Int)
    /// ECDSA with the given hash (the curve comes from the key).
    case ecdsa(DigestAlgorithm)
    /// Pure EdDSA (RFC 8032): the message is signed whole, with no separate hash.
    case ed25519
    case ed448

    /// The hash over the message, when the scheme has one.
    public var hash: DigestAlgorithm? {
        switch self {
        case .rsaPKCS1(let h), .ecdsa(let h): return h
        case .rsaPSS(let h, _, _): return h
        case .ed25519, .ed448: return nil
        }
    }

    public var description: String {
        switch self {
        case .rsaPKCS1(let h): return "RSA PKCS#1 v1.5 with \(h)"
        case .rsaPSS(let h, let m, let s): return "RSA-PSS with \(h), MGF1-\(m), salt \(s)"
        case .ecdsa(let h): return "ECDSA with \(h)"
        case .ed25519: return "Ed25519"
        case .ed448: return "Ed448"
        }
    }
}
