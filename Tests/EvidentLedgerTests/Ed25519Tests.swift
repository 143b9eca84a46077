import EvidentCrypto
import EvidentDER
import Foundation
import Testing

/// Ed25519 through libsodium against the published vectors in testdata/ed25519.
@Suite struct Ed25519Tests {
    /// ed25519-dalek's TESTVECTORS (SUPERCOP sign.input format; lines 1–3 are RFC 8032 §7.1
    /// TEST 1–3): key derivation, deterministic signatures and verification all match.
    @Test func dalekTestVectors() throws {
        let text = String(decoding: try testdata("ed25519/dalek-TESTVECTORS/TESTVECTORS"), as: UTF8.self)
        var count = 0
        for line in text.split(separator: "\n") {
            let f = line.split(separator: ":", omittingEmptySubsequences: false).map { hex(String($0)) }
            let (secret, publicKey, message, signedMessage) = (f[0], f[1], f[2], f[3])
            let key = try Ed25519.SecretKey(seed: Array(secret.prefix(32)))
            #expect(key.publicKey.rawRepresentation == publicKey, "line \(count + 1)")
            #expect(Array(secret.suffix(32)) == publicKey)
            let signature = key.signature(for: message)
            #expect(signature == Array(signedMessage.prefix(64)), "line \(count + 1)")
            #expect(Array(signedMessage.dropFirst(64)) == message)
            let verifier = try Ed25519.PublicKey(rawRepresentation: publicKey)
            #expect(verifier.isValidSignature(signature, for: message))
            var tampered = message
            if tampered.isEmpty { tampered = [0] } else { tampered[tampered.count / 2] ^= 0x01 }
            #expect(!verifier.isValidSignature(signature, for: tampered))
            count += 1
        }
        #expect(count == 128)
        print("dalek TESTVECTORS: \(count)/\(count) sign and verify")
    }

    /// RFC 8032 §7.1 TEST 1, spelled out (the first TESTVECTORS line).
    @Test func rfc8032Test1() throws {
        let key = try Ed25519.SecretKey(seed: hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"))
        #expect(
            key.publicKey.rawRepresentation == hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"))
        #expect(
            key.signature(for: [UInt8]())
                == hex(
                    """
                    e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b
                    """))
        key.withUnsafeSeed { seed in
            #expect(Array(seed) == hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"))
        }
    }

    /// ed25519-speccheck's 12 edge cases. libsodium 1.0.18 accepts only case 3 (mixed-order A
    /// and R that pass both equations); it rejects small-order A or R (0–2), cofactored-only
    /// signatures (4, 5), S ≥ L (6, 7) and non-canonical R or A (8–11) — the "LibSodium" row of
    /// the speccheck README.
    @Test func speccheckCases() throws {
        struct Case: Decodable { let message: String, pub_key: String, signature: String }
        let cases = try JSONDecoder().decode(
            [Case].self, from: Data(try testdata("ed25519/ed25519-speccheck/cases.json")))
        let accepted = try cases.map { c in
            try Ed25519.PublicKey(rawRepresentation: hex(c.pub_key)).isValidSignature(
                hex(c.signature), for: hex(c.message))
        }
        #expect(accepted == [false, false, false, true, false, false, false, false, false, false, false, false])
    }

    /// Wycheproof ed25519_test.json: every "valid" signature verifies and every "invalid" one
    /// is rejected.
    @Test func wycheproof() throws {
        struct File: Decodable { let testGroups: [Group] }
        struct Group: Decodable { let publicKey: Key, tests: [Vector] }
        struct Key: Decodable { let pk: String }
        struct Vector: Decodable { let tcId: Int, msg: String, sig: String, result: String }
        let file = try JSONDecoder().decode(File.self, from: Data(try testdata("ed25519/wycheproof/ed25519_test.json")))
        var total = 0
        for group in file.testGroups {
            let key = try Ed25519.PublicKey(rawRepresentation: hex(group.publicKey.pk))
            for v in group.tests {
                #expect(key.isValidSignature(hex(v.sig), for: hex(v.msg)) == (v.result == "valid"), "tcId \(v.tcId)")
                total += 1
            }
        }
        #expect(total == 151)
        print("Wycheproof Ed25519: \(total)/\(total) as expected")
    }

    /// C2SP CCTV edge cases: libsodium accepts exactly the vectors without a low-order A or R,
    /// without a non-canonical A or R encoding and without a low-order residue (it checks both
    /// points against its small-order list, requires canonical encodings, and uses the
    /// cofactorless equation). Mixed-order points are accepted.
    @Test func cctvEdgeCases() throws {
        struct Vector: Decodable { let number: Int, key: String, sig: String, msg: String, flags: [String]? }
        let vectors = try JSONDecoder().decode(
            [Vector].self, from: Data(try testdata("ed25519/cctv/ed25519vectors.json")))
        let rejectedFlags: Set = [
            "low_order_A", "low_order_R", "non_canonical_A", "non_canonical_R", "low_order_residue",
        ]
        var accepted = 0
        for v in vectors {
            let verdict = try Ed25519.PublicKey(rawRepresentation: hex(v.key)).isValidSignature(
                hex(v.sig), for: utf8(v.msg))
            let expected = rejectedFlags.isDisjoint(with: v.flags ?? [])
            #expect(verdict == expected, "vector \(v.number) flags \(v.flags ?? [])")
            if verdict { accepted += 1 }
        }
        #expect(vectors.count == 914)
        print("CCTV Ed25519: \(vectors.count) vectors, libsodium accepts \(accepted)")
    }

    @Test func roundTripAndTampering() throws {
        let key = try Ed25519.SecretKey()
        let message = utf8("a receipt")
        let signature = key.signature(for: message)
        #expect(signature.count == Ed25519.signatureLength)
        #expect(key.signature(for: message) == signature, "deterministic (RFC 8032 §5.1.6)")
        #expect(key.publicKey.isValidSignature(signature, for: message))
        for i in [0, 31, 32, 63] {
            var bad = signature
            bad[i] ^= 0x40
            #expect(!key.publicKey.isValidSignature(bad, for: message), "byte \(i)")
        }
        #expect(!key.publicKey.isValidSignature(Array(signature.dropLast()), for: message))
        #expect(!key.publicKey.isValidSignature(signature + [0], for: message))
        #expect(!(try Ed25519.SecretKey()).publicKey.isValidSignature(signature, for: message))
        // A key rebuilt from its seed is the same key.
        let seed = key.withUnsafeSeed { Array($0) }
        #expect(try Ed25519.SecretKey(seed: seed).publicKey == key.publicKey)
    }

    @Test func wrongLengths() {
        expectCode(CryptoError.Code.invalidKey) {
            _ = try Ed25519.PublicKey(rawRepresentation: [UInt8](repeating: 1, count: 31))
        }
        expectCode(CryptoError.Code.invalidKey) { _ = try Ed25519.SecretKey(seed: [UInt8](repeating: 1, count: 33)) }
    }
}
