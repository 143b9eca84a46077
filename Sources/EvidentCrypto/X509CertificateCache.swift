import Synchronization

/// Certificates parsed by OpenSSL once and shared, keyed by their exact DER. OpenSSL 3's
/// `d2i_X509` is costly (most of it is public-key decoder set-up: a third of a token's whole
/// verification in `perf`), and a TSA's certificate comes in every token it issues, so a verifier
/// given many tokens parses it once (issue #19, goal 4). Sound because the parse is a function of
/// the bytes: two certificates with the same DER are the same certificate, and an
/// ``X509Certificate`` is never changed once parsed. Bounded: past ``maxEntries`` it starts again
/// empty.
public final class X509CertificateCache: Sendable {
    public static let maxEntries = 256

    /// DER as a dictionary key, hashed as one run of bytes (an array of bytes feeds the hasher
    /// one element at a time).
    struct Key: Hashable {
        let der: [UInt8]
        func hash(into hasher: inout Hasher) { der.withUnsafeBytes { hasher.combine(bytes: $0) } }
    }

    private let entries = Mutex<[Key: X509Certificate]>([:])

    public init() {}

    /// The certificate with this DER: parsed the first time, shared after.
    public func certificate(_ der: [UInt8]) throws -> X509Certificate {
        let key = Key(der: der)
        if let known = entries.withLock({ $0[key] }) { return known }
        let parsed = try X509Certificate(derEncoded: der)
        entries.withLock {
            if $0.count >= Self.maxEntries { $0.removeAll(keepingCapacity: true) }
            $0[key] = parsed
        }
        return parsed
    }

    /// How many certificates it holds.
    public var count: Int { entries.withLock { $0.count } }
}
