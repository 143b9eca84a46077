internal import CSodium

/// HMAC-SHA-256 (RFC 2104 with SHA-256, as in RFC 4231) through libsodium's
/// `crypto_auth_hmacsha256_*`, which accepts keys of any length.
///
/// The ledger uses it as a keyed hash for receipt fields marked sensitive (docs/receipt.md).
public enum HMACSHA256 {
    public static let macLength = 32
    /// The key length this project generates and expects (libsodium's `crypto_auth_hmacsha256_KEYBYTES`).
    public static let keyLength = 32

    /// The 32-byte MAC of `message` under `key`.
    public static func authenticationCode(key: [UInt8], message: some ContiguousBytes) -> [UInt8] {
        CryptoLibraries.initialize()
        var state = crypto_auth_hmacsha256_state()
        var mac = [UInt8](repeating: 0, count: macLength)
        // An empty key still needs a valid pointer.
        let k = key.isEmpty ? [0] : key
        _ = crypto_auth_hmacsha256_init(&state, k, key.count)
        message.withUnsafeBytes { m in
            if let base = m.baseAddress {
                _ = crypto_auth_hmacsha256_update(&state, base.assumingMemoryBound(to: UInt8.self), UInt64(m.count))
            }
        }
        _ = crypto_auth_hmacsha256_final(&state, &mac)
        // The state holds key-derived pads.
        withUnsafeMutableBytes(of: &state) { sodium_memzero($0.baseAddress, $0.count) }
        return mac
    }

    /// Compares two MACs in constant time (libsodium `sodium_memcmp`); false when lengths differ.
    public static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        if a.isEmpty { return true }
        return sodium_memcmp(a, b, a.count) == 0
    }
}
