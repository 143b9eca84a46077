import EvidentCrypto
import EvidentDER

/// The ledger key file and public key file formats (docs/keys.md).
///
/// Secret key file, written 0600:
/// `{"kind":"evident-ledger-key","key_id":…,"public_key":base64,"sealed":base64}` where `sealed`
/// is a ``SealedSecret`` (Argon2id + XSalsa20-Poly1305) of the 32-byte seed; or, only when asked
/// for explicitly, `"seed":base64` instead of `"sealed"`.
///
/// Public key file: `{"kind":"evident-ledger-public-key","key_id":…,"public_key":base64}`.
public enum LedgerKeyFile {
    public static let secretKind = "evident-ledger-key"
    public static let publicKind = "evident-ledger-public-key"

    /// How the seed is stored.
    public enum Protection {
        /// Sealed under a passphrase; the costs default to ``SealedSecret``'s (Argon2id MODERATE).
        case passphrase(
            [UInt8], opsLimit: UInt32 = SealedSecret.opsLimit, memLimitKiB: UInt32 = SealedSecret.memLimitKiB)
        /// The seed in the clear (base64): only on explicit request.
        case plaintext
    }

    /// The secret key file for `key`.
    public static func encode(_ key: LedgerKey, protection: Protection) throws -> [UInt8] {
        var seed = key.secretKey.withUnsafeSeed { [UInt8]($0) }
        defer { SealedSecret.wipe(&seed) }
        var members: [JCSObject.Member] = [
            .init("kind", .string(secretKind)), .init("key_id", .string(key.keyID)),
            .init("public_key", .string(Base64.encode(key.publicKey.rawRepresentation))),
        ]
        switch protection {
        case .passphrase(let passphrase, let ops, let mem):
            let sealed: [UInt8]
            do {
                sealed = try SealedSecret.seal(seed, passphrase: passphrase, opsLimit: ops, memLimitKiB: mem)
            } catch let e as SealedSecret.Failure {
                throw KeyError(.io, "sealing the key failed: \(e)")
            }
            members.append(.init("sealed", .string(Base64.encode(sealed))))
        case .plaintext:
            // The base64 text is a copy of the secret that String cannot wipe; plaintext is opt-in.
            members.append(.init("seed", .string(Base64.encode(seed))))
        }
        return try JCS.serialize(.object(try JCSObject(members))) + [0x0A]
    }

    /// The public key file for `publicKey`.
    public static func encodePublic(_ publicKey: Ed25519.PublicKey) throws -> [UInt8] {
        try JCS.serialize(
            .object(
                try JCSObject([
                    .init("kind", .string(publicKind)), .init("key_id", .string(LedgerKey.keyID(for: publicKey))),
                    .init("public_key", .string(Base64.encode(publicKey.rawRepresentation))),
                ]))) + [0x0A]
    }

    /// True when the file holds its seed in the clear.
    public static func isPlaintext(_ bytes: [UInt8]) throws -> Bool {
        let o = try object(bytes, kinds: [secretKind])
        return o["seed"] != nil
    }

    /// Opens a secret key file. `passphrase` is called only for a sealed file; a plaintext file
    /// opens without it. The seed is wiped after the key is derived from it.
    public static func decode(_ bytes: [UInt8], passphrase: () throws -> [UInt8]) throws -> LedgerKey {
        let o = try object(bytes, kinds: [secretKind])
        let (keyID, publicKey) = try publicPart(o)
        var seed: [UInt8]
        switch (o["sealed"], o["seed"]) {
        case (.string(let sealed)?, nil):
            guard let box = Base64.decode(sealed) else { throw KeyError(.invalidKeyFile, "sealed is not base64") }
            var pass = try passphrase()
            defer { SealedSecret.wipe(&pass) }
            do { seed = try SealedSecret.open(box, passphrase: pass) } catch let e as SealedSecret.Failure {
                throw KeyError(.wrongPassphrase, "cannot open the sealed key \(keyID): \(e)")
            }
        case (nil, .string(let text)?):
            guard let s = Base64.decode(text) else { throw KeyError(.invalidKeyFile, "seed is not base64") }
            seed = s
        default:
            throw KeyError(.invalidKeyFile, "a key file has exactly one of sealed and seed")
        }
        defer { SealedSecret.wipe(&seed) }
        guard seed.count == Ed25519.seedLength else {
            throw KeyError(.invalidKeyFile, "the seed is \(seed.count) bytes, not 32")
        }
        let key = try LedgerKey(seed: seed)
        guard key.publicKey == publicKey else {
            throw KeyError(.keyMismatch, "the seed does not give the public key of \(keyID)")
        }
        return key
    }

    /// The key id and public key of a public key file or a secret key file (whose secret part is
    /// not touched).
    public static func decodePublic(_ bytes: [UInt8]) throws -> Ed25519.PublicKey {
        try publicPart(try object(bytes, kinds: [secretKind, publicKind])).publicKey
    }

    static func object(_ bytes: [UInt8], kinds: Set<String>) throws -> JCSObject {
        guard bytes.count <= KeyFileIO.maxFileSize else {
            throw KeyError(.tooLarge, "key file larger than \(KeyFileIO.maxFileSize) bytes")
        }
        let value: JCSValue
        do { value = try JCS.parse(bytes) } catch let e as JCSError {
            throw KeyError(.invalidKeyFile, "not JSON: \(e)")
        }
        guard case .object(let o) = value, case .string(let kind)? = o["kind"] else {
            throw KeyError(.invalidKeyFile, "not an evident key file (no kind)")
        }
        guard kinds.contains(kind) else {
            throw KeyError(
                .invalidKeyFile, "kind \"\(kind.prefix(40))\" is not \(kinds.sorted().joined(separator: " or "))")
        }
        let allowed: Set<String> =
            kind == secretKind ? ["kind", "key_id", "public_key", "sealed", "seed"] : ["kind", "key_id", "public_key"]
        if let extra = o.keys.first(where: { !allowed.contains($0) }) {
            throw KeyError(.invalidKeyFile, "unknown member \"\(extra.prefix(40))\"")
        }
        return o
    }

    static func publicPart(_ o: JCSObject) throws -> (keyID: String, publicKey: Ed25519.PublicKey) {
        guard case .string(let keyID)? = o["key_id"], case .string(let pk)? = o["public_key"],
            let raw = Base64.decode(pk), raw.count == Ed25519.publicKeyLength
        else { throw KeyError(.invalidKeyFile, "key_id and public_key (base64 of 32 bytes) are required") }
        let publicKey = try Ed25519.PublicKey(rawRepresentation: raw)
        guard LedgerKey.keyID(for: publicKey) == keyID else {
            throw KeyError(.keyMismatch, "key_id \(keyID.prefix(60)) is not the id of the file's public key")
        }
        return (keyID, publicKey)
    }
}
