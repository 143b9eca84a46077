import EvidentCore
import EvidentCrypto
import EvidentDER
import EvidentLedger
import EvidentTestSupport
import Foundation
import Testing

/// Any change to a signed receipt makes it invalid; keyed hashes hide sensitive values.
@Suite struct ReceiptTamperTests {
    typealias M = ReceiptFixtures

    static let hashB = JCSValue.string(String(repeating: "b", count: 64))

    /// One schema-valid change per field; each must break the signature.
    @Test func anyFieldChangedIsInvalid() throws {
        let changes: [(String, JCSValue)] = [
            ("v", .string("1.1")), ("stream", .string("deploy/other")), ("seq", .number(2)),
            ("issued_at", .string("2025-03-14T09:26:53.590Z")),
            ("decision", .string("deny")), ("actor", .string("mallory@example.org")), ("action", .string("delete")),
            ("resource", .string("k8s://prod/other")),
            ("scope", .object(try JCSObject(["env": .string("staging"), "region": .string("eu-west-1")]))),
            (
                "policy",
                .object(try JCSObject(["id": .string("deploy-policy"), "version": .string("8"), "hash": Self.hashB]))
            ),
            ("evidence", .array([])), ("approvals", .array([])), ("parents", .array([Self.hashB])),
            ("expires_at", .string("2026-03-14T10:26:53.589Z")), ("anchor", Self.hashB),
        ]
        for (name, value) in changes {
            let json = try M.mutated {
                $0[name] = value; if name == "seq" { $0["prev"] = Self.hashB }
            }
            let verdict = Receipt.verify(json: json, with: M.key.publicKey)
            #expect(verdict.error?.code == .badSignature, "\(name): \(verdict)")
        }
        // Removing an optional field, or adding one, breaks it too.
        #expect(
            Receipt.verify(json: try M.mutated { $0["expires_at"] = nil }, with: M.key.publicKey).error?.code
                == .badSignature)
        #expect(
            Receipt.verify(json: try M.mutated { $0["anchor"] = Self.hashB }, with: M.key.publicKey).error?.code
                == .badSignature)
    }

    @Test func everySignatureBitFlipIsInvalid() throws {
        let r = try M.basic()
        for bit in stride(from: 0, to: Ed25519.signatureLength * 8, by: 7) {
            var sig = r.signature
            sig[bit / 8] ^= 1 << UInt8(bit % 8)
            let json = try M.mutated { $0["sig"] = .string(Base64.encode(sig)) }
            #expect(Receipt.verify(json: json, with: M.key.publicKey).error?.code == .badSignature, "bit \(bit)")
        }
    }

    @Test func swappedKeyIDIsInvalid() throws {
        let swapped = try M.mutated { $0["key_id"] = .string(M.otherKey.keyID) }
        // Checked with the original key: the ids differ.
        #expect(Receipt.verify(json: swapped, with: M.key.publicKey).error?.code == .keyIDMismatch)
        // Checked with the key it now names: the signature is not that key's.
        #expect(Receipt.verify(json: swapped, with: M.otherKey.publicKey).error?.code == .badSignature)
        // The untouched receipt under the wrong key.
        #expect(try M.basic().verify(with: M.otherKey.publicKey).error?.code == .keyIDMismatch)
    }

    @Test func validReceiptVerifies() throws {
        #expect(try M.basic().verify(with: M.key.publicKey) == .valid)
        #expect(try M.basic().verify(with: M.key.publicKey).isValid)
    }

    /// RFC 4231 §4.3 test case 2 (and §4.2 case 1) for the keyed hash primitive.
    @Test func hmacSHA256Vectors() {
        #expect(
            Hex.encode(HMACSHA256.authenticationCode(key: utf8("Jefe"), message: utf8("what do ya want for nothing?")))
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(
            Hex.encode(
                HMACSHA256.authenticationCode(key: [UInt8](repeating: 0x0b, count: 20), message: utf8("Hi There")))
                == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        #expect(
            HMACSHA256.equal([1, 2], [1, 2]) && !HMACSHA256.equal([1, 2], [1, 3]) && !HMACSHA256.equal([1], [1, 2]))
    }

    @Test func sensitiveFieldsAreKeyedHashes() throws {
        let key = try SensitiveFieldKey(bytes: M.fieldKeyBytes)
        let clear = try M.draft("basic")
        let d = clear.protecting([.actor, .resource, .scope, .approvers], with: key)
        let r = try d.sign(with: M.key)
        let text = r.canonicalJSON
        for secret in ["ci@example.org", "k8s://prod/payments-api", "eu-west-1", "alice@example.org"] {
            #expect(!text.contains(secret), "\(secret) leaked")
        }
        #expect(text.contains("\"action\":\"deploy\""))
        #expect(SensitiveFieldKey.isProtected(r.draft.actor))
        #expect(r.draft.actor.hasPrefix("hmac-sha256:") && r.draft.actor.utf8.count == 12 + 64)
        #expect(key.matches(clear: "ci@example.org", protected: r.draft.actor))
        #expect(!key.matches(clear: "ci@example.com", protected: r.draft.actor))
        #expect(r.draft.approvals[0].who == key.protect("alice@example.org"))
        // Idempotent, deterministic per ledger key, different under another key.
        #expect(d.protecting([.actor], with: key) == d)
        let other = try SensitiveFieldKey(bytes: [UInt8](repeating: 1, count: 32))
        #expect(other.protect("ci@example.org") != key.protect("ci@example.org"))
        #expect(r.verify(with: M.key.publicKey) == .valid)
        expectCode(ReceiptError.Code.invalidFieldKey) { _ = try SensitiveFieldKey(bytes: [1, 2, 3]) }
    }
}
