import EvidentCrypto
import EvidentDER
import EvidentLedger
import EvidentTestSupport
import Foundation
import Testing

/// testdata/receipts/vectors.json: fixed seed key + draft → fixed receipt bytes, signature and hash.
@Suite struct ReceiptVectorTests {
    struct Vector {
        var name: String
        var sensitive: Set<SensitiveField>
        var sha256: String
    }

    static func manifest() throws -> (seed: [UInt8], fieldKey: [UInt8], vectors: [Vector]) {
        guard case .object(let m) = try JCS.parse(testdata("receipts/vectors.json")),
            case .string(let seed)? = m["seed"], case .string(let fk)? = m["field_key"],
            case .array(let list)? = m["vectors"]
        else { throw ReceiptError(.invalidJSON, "bad manifest") }
        let vectors = list.compactMap { v -> Vector? in
            guard case .object(let o) = v, case .string(let name)? = o["name"], case .string(let h)? = o["sha256"]
            else { return nil }
            var sensitive: Set<SensitiveField> = []
            if case .array(let s)? = o["sensitive"] {
                for case .string(let f) in s { sensitive.insert(SensitiveField(rawValue: f)!) }
            }
            return Vector(name: name, sensitive: sensitive, sha256: h)
        }
        return (hex(seed), hex(fk), vectors)
    }

    @Test func manifestUsesTheFixtureKeys() throws {
        let m = try Self.manifest()
        #expect(m.seed == ReceiptFixtures.seed)
        #expect(m.fieldKey == ReceiptFixtures.fieldKeyBytes)
        #expect(m.vectors.count == 3)
    }

    /// Each vector's draft, signed by the seed key, gives exactly the stored receipt bytes.
    @Test func signingReproducesTheStoredReceipts() throws {
        let m = try Self.manifest()
        let key = try LedgerKey(seed: m.seed)
        let fieldKey = try SensitiveFieldKey(bytes: m.fieldKey)
        for v in m.vectors {
            let draft = try ReceiptFixtures.draft(v.name).protecting(v.sensitive, with: fieldKey)
            let signed = try draft.sign(with: key)
            let stored = try testdata("receipts/\(v.name).receipt.json")
            #expect(signed.canonicalBytes + [0x0A] == stored, "\(v.name)")
            #expect(signed.receiptHashHex == v.sha256, "\(v.name)")
            let read = try Receipt(json: Array(stored.dropLast()))
            #expect(read.isCanonical)
            #expect(read.verify(with: key.publicKey) == .valid)
            #expect(read.receiptHashHex == v.sha256)
            #expect(read == signed)
        }
    }

    /// The chained vector links to the basic one.
    @Test func chainedVectorPointsAtBasic() throws {
        let basic = try Receipt(json: Array(testdata("receipts/basic.receipt.json").dropLast()))
        let chained = try Receipt(json: Array(testdata("receipts/chained.receipt.json").dropLast()))
        #expect(chained.draft.previous == basic.receiptHashHex)
        #expect(chained.draft.parents == [basic.receiptHashHex])
        #expect(chained.draft.sequence == basic.draft.sequence + 1)
    }

    /// The Merkle leaf of a receipt is its canonical signed bytes (RFC 9162 leaf hash over them).
    @Test func leafHashIsOverTheCanonicalReceipt() throws {
        let r = try ReceiptFixtures.basic()
        #expect(try r.leafHash() == MerkleHash.leaf(r.canonicalBytes))
        #expect(r.receiptHash == (try Digest.hash(.sha256, r.canonicalBytes)))
    }

    /// An independent implementation (scripts/make-vectors.py: Python's cryptography and rfc8785)
    /// signs the same drafts and writes exactly the committed files.
    @Test func independentImplementationWritesTheSameFiles() throws {
        let python = try #require(
            TestSupport.python, "no Python oracle environment: scripts/test creates .build/test-venv")
        let out = try TestSupport.temporaryDirectory()
        let r = try TestSupport.run(
            python,
            [
                TestSupport.repoRoot.appendingPathComponent("scripts/make-vectors.py").path,
                "receipts", TestSupport.testdata("receipts").path, out.path,
            ])
        #expect(r.status == 0, "\(r.stderrText)")
        for name in ["basic", "chained", "sensitive"].map({ "\($0).receipt.json" }) + ["vectors.json"] {
            #expect(
                try TestSupport.read(out.appendingPathComponent(name)) == (try testdata("receipts/\(name)")), "\(name)")
        }
    }
}
