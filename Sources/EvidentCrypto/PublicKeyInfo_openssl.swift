internal import COpenSSL

/// What kind of public key a certificate holds and how strong it is, for the dated algorithm
/// policy (EvidentTSP's AlgorithmPolicy): the type, the size in bits, and for EC the curve.
public struct PublicKeyInfo: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        case rsa, ec, ed25519, ed448, other
    }

    public let kind: Kind
    public let bits: Int
    /// For EC: the NIST name when it has one (P-256…), else OpenSSL's group name.
    public let curve: String?

    public init(kind: Kind, bits: Int, curve: String? = nil) {
        self.kind = kind
        self.bits = bits
        self.curve = curve
    }

    public var description: String {
        switch kind {
        case .rsa: return "RSA \(bits)"
        case .ec: return "ECDSA \(curve ?? "\(bits)-bit curve")"
        case .ed25519: return "Ed25519"
        case .ed448: return "Ed448"
        case .other: return "a \(bits)-bit key of another type"
        }
    }
}

extension X509Certificate {
    /// The certificate's public key: type, size and curve (nil when OpenSSL cannot read it).
    public var publicKeyInfo: PublicKeyInfo? {
        guard let key = X509_get0_pubkey(ref) else { return nil }
        let bits = Int(EVP_PKEY_get_bits(key))
        switch EVP_PKEY_get_base_id(key) {
        case EVP_PKEY_RSA, EVP_PKEY_RSA_PSS: return PublicKeyInfo(kind: .rsa, bits: bits)
        case EVP_PKEY_ED25519: return PublicKeyInfo(kind: .ed25519, bits: bits)
        case EVP_PKEY_ED448: return PublicKeyInfo(kind: .ed448, bits: bits)
        case EVP_PKEY_EC:
            var name = [CChar](repeating: 0, count: 80)
            var length = 0
            let group =
                EVP_PKEY_get_group_name(key, &name, name.count, &length) == 1
                ? String(decoding: name.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self) : nil
            let nist = [
                "prime192v1": "P-192", "secp224r1": "P-224", "prime256v1": "P-256", "secp384r1": "P-384",
                "secp521r1": "P-521",
            ]
            return PublicKeyInfo(kind: .ec, bits: bits, curve: group.map { nist[$0] ?? $0 })
        default: return PublicKeyInfo(kind: .other, bits: bits)
        }
    }
}
