import EvidentDER

/// The message digests Evident knows, with their OIDs (RFC 5754, NIST CSOR) and sizes.
public enum DigestAlgorithm: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case sha1, sha224, sha256, sha384, sha512
    case sha3_224 = "sha3-224", sha3_256 = "sha3-256", sha3_384 = "sha3-384", sha3_512 = "sha3-512"

    /// The algorithm's OID (parsed once: an OID literal is parsed on every evaluation).
    public var oid: OID { DigestAlgorithm.oids[self]! }

    public init?(oid: OID) {
        guard let a = DigestAlgorithm.byOID[oid] else { return nil }
        self = a
    }

    static let oids: [DigestAlgorithm: OID] = [
        .sha1: "1.3.14.3.2.26",
        .sha224: "2.16.840.1.101.3.4.2.4",
        .sha256: "2.16.840.1.101.3.4.2.1",
        .sha384: "2.16.840.1.101.3.4.2.2",
        .sha512: "2.16.840.1.101.3.4.2.3",
        .sha3_224: "2.16.840.1.101.3.4.2.7",
        .sha3_256: "2.16.840.1.101.3.4.2.8",
        .sha3_384: "2.16.840.1.101.3.4.2.9",
        .sha3_512: "2.16.840.1.101.3.4.2.10",
    ]
    static let byOID: [OID: DigestAlgorithm] = Dictionary(uniqueKeysWithValues: oids.map { ($1, $0) })

    /// Digest length in bytes.
    public var outputSize: Int {
        switch self {
        case .sha1: return 20
        case .sha224, .sha3_224: return 28
        case .sha256, .sha3_256: return 32
        case .sha384, .sha3_384: return 48
        case .sha512, .sha3_512: return 64
        }
    }

    /// The name OpenSSL uses (also what `openssl ts -text` prints).
    public var opensslName: String {
        switch self {
        case .sha1: return "SHA1"
        case .sha224: return "SHA224"
        case .sha256: return "SHA256"
        case .sha384: return "SHA384"
        case .sha512: return "SHA512"
        case .sha3_224: return "SHA3-224"
        case .sha3_256: return "SHA3-256"
        case .sha3_384: return "SHA3-384"
        case .sha3_512: return "SHA3-512"
        }
    }

    public var description: String { rawValue }
}
