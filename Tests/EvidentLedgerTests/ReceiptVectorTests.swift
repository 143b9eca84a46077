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
              case .string(let seed)? = m["seed"], case .string(let fk)? = m["field_key"], case .array(let list)? = m["vectors"]
        else { throw ReceiptError(.invalidJSON, "bad manifest") }
        let vectors = list.compactMap { v -> Vector? in
            guard case .object(let o) = v, case .string(let name)? = o["name"], case .string(let h)? = o["sha256"] else { return nil }
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

    /// Regenerates the vector files (run with EVIDENT_WRITE_RECEIPT_VECTORS=1; review the diff).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["EVIDENT_WRITE_RECEIPT_VECTORS"] == "1"))
    func writeVectors() throws {
        let fieldKey = try SensitiveFieldKey(bytes: ReceiptFixtures.fieldKeyBytes)
        let specs: [(String, [SensitiveField])] = [("basic", []), ("chained", []), ("sensitive", [.actor, .resource])]
        var entries: [JCSValue] = []
        for (name, sensitive) in specs {
            let r = try ReceiptFixtures.draft(name).protecting(Set(sensitive), with: fieldKey).sign(with: ReceiptFixtures.key)
            try Data(r.canonicalBytes + [0x0A]).write(to: TestSupport.testdata("receipts/\(name).receipt.json"))
            var o: [JCSObject.Member] = [.init("name", .string(name)), .init("sha256", .string(r.receiptHashHex))]
            if !sensitive.isEmpty { o.append(.init("sensitive", .array(sensitive.map { .string($0.rawValue) }))) }
            entries.append(.object(try JCSObject(o)))
        }
        let manifest = try JCSObject([
            .init("seed", .string(Hex.encode(ReceiptFixtures.seed))), .init("field_key", .string(Hex.encode(ReceiptFixtures.fieldKeyBytes))),
            .init("key_id", .string(ReceiptFixtures.key.keyID)), .init("public_key", .string(Base64.encode(ReceiptFixtures.key.publicKey.rawRepresentation))),
            .init("vectors", .array(entries)),
        ])
        try Data(try JCS.serialize(.object(manifest)) + [0x0A]).write(to: TestSupport.testdata("receipts/vectors.json"))
    }
}
