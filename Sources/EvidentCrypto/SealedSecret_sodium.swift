internal import CSodium
import EvidentCore

/// A secret sealed with a passphrase: Argon2id (libsodium `crypto_pwhash`, MODERATE limits)
/// derives a key, XSalsa20-Poly1305 (`crypto_secretbox`) encrypts and authenticates.
///
/// Format (docs/tsa.md, "Sealed keys"; vector testdata/vectors/sealed-secret.bin): `"EVSEAL1\0"` ‖ opslimit (u32 BE) ‖ memlimit (u32 BE,
/// KiB) ‖ salt (16) ‖ nonce (24) ‖ ciphertext+tag. Derived keys and plaintexts are zeroed after use.
public enum SealedSecret {
    static let magic: [UInt8] = Array("EVSEAL1".utf8) + [0]
    /// Argon2id costs: libsodium's MODERATE (3 passes, 256 MiB).
    public static let opsLimit: UInt32 = 3
    public static let memLimitKiB: UInt32 = 256 * 1024
    /// Largest cost accepted when opening (a file must not make us allocate without bound).
    public static let maxMemLimitKiB: UInt32 = 1024 * 1024
    public static let maxOpsLimit: UInt32 = 16

    /// What fails here: a code to match on and a detail that reads as a sentence.
    public typealias Failure = CodedFailure<SealedSecret>

    public static func seal(
        _ plaintext: [UInt8], passphrase: [UInt8], opsLimit: UInt32 = opsLimit, memLimitKiB: UInt32 = memLimitKiB
    ) throws -> [UInt8] {
        CryptoLibraries.initialize()
        var salt = [UInt8](repeating: 0, count: Int(crypto_pwhash_saltbytes()))
        var nonce = [UInt8](repeating: 0, count: Int(crypto_secretbox_noncebytes()))
        randombytes_buf(&salt, salt.count)
        randombytes_buf(&nonce, nonce.count)
        var key = try derive(passphrase, salt: salt, ops: opsLimit, memKiB: memLimitKiB)
        defer { sodium_memzero(&key, key.count) }
        var out = [UInt8](repeating: 0, count: plaintext.count + Int(crypto_secretbox_macbytes()))
        guard crypto_secretbox_easy(&out, plaintext, UInt64(plaintext.count), nonce, key) == 0 else {
            throw Failure(.sodium, "crypto_secretbox_easy failed")
        }
        return magic + be32(opsLimit) + be32(memLimitKiB) + salt + nonce + out
    }

    public static func open(_ sealed: [UInt8], passphrase: [UInt8]) throws -> [UInt8] {
        CryptoLibraries.initialize()
        let saltLen = Int(crypto_pwhash_saltbytes()), nonceLen = Int(crypto_secretbox_noncebytes()),
            mac = Int(crypto_secretbox_macbytes())
        let header = magic.count + 8
        guard sealed.count >= header + saltLen + nonceLen + mac, Array(sealed.prefix(magic.count)) == magic else {
            throw Failure(.notSealed, "not a sealed secret (bad header)")
        }
        let ops = u32(sealed, magic.count), mem = u32(sealed, magic.count + 4)
        guard ops >= 1, ops <= maxOpsLimit, mem >= 8, mem <= maxMemLimitKiB else {
            throw Failure(
                .costOutOfRange,
                "sealed secret asks for Argon2id costs outside the accepted range (ops \(ops), memory \(mem) KiB)")
        }
        let salt = Array(sealed[header..<(header + saltLen)])
        let nonce = Array(sealed[(header + saltLen)..<(header + saltLen + nonceLen)])
        let body = Array(sealed[(header + saltLen + nonceLen)...])
        var key = try derive(passphrase, salt: salt, ops: ops, memKiB: mem)
        defer { sodium_memzero(&key, key.count) }
        var out = [UInt8](repeating: 0, count: body.count - mac)
        guard crypto_secretbox_open_easy(&out, body, UInt64(body.count), nonce, key) == 0 else {
            throw Failure(.wrongPassphrase, "wrong passphrase or damaged sealed secret")
        }
        return out
    }

    /// Zeroes a buffer that held a secret.
    public static func wipe(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { sodium_memzero($0.baseAddress, $0.count) }
    }

    static func derive(_ passphrase: [UInt8], salt: [UInt8], ops: UInt32, memKiB: UInt32) throws -> [UInt8] {
        var key = [UInt8](repeating: 0, count: Int(crypto_secretbox_keybytes()))
        // An empty passphrase still needs a valid pointer.
        let pw = passphrase.isEmpty ? [0] : passphrase
        let rc = pw.withUnsafeBytes { raw in
            crypto_pwhash(
                &key, UInt64(key.count), raw.baseAddress!.assumingMemoryBound(to: CChar.self), UInt64(passphrase.count),
                salt,
                UInt64(ops), Int(memKiB) * 1024, crypto_pwhash_alg_argon2id13())
        }
        guard rc == 0 else { throw Failure(.sodium, "Argon2id key derivation failed (out of memory?)") }
        return key
    }

    static func be32(_ v: UInt32) -> [UInt8] {
        [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)]
    }
    static func u32(_ b: [UInt8], _ i: Int) -> UInt32 { b[i..<(i + 4)].reduce(0) { $0 << 8 | UInt32($1) } }
}

extension ErrorCode where Owner == SealedSecret {
    public static let sodium = Self("sodium")
    public static let notSealed = Self("not-sealed")
    public static let costOutOfRange = Self("cost-out-of-range")
    public static let wrongPassphrase = Self("wrong-passphrase")
}
