import EvidentCrypto
import EvidentDER
import EvidentLedger
import EvidentTestSupport
import Foundation
import Testing

/// The worked examples in docs/receipt.md and docs/keys.md are test vectors.
@Suite struct ReceiptDocsTests {
    typealias M = ReceiptFixtures

    @Test func receiptWorkedExample() throws {
        let v = try DocsVectorTests.vectors("receipt.md")
        #expect(v["receipt-key-id"] == M.key.keyID)
        let signed = try M.draft("basic").sign(with: M.key)
        #expect(v["receipt-signed"] == signed.canonicalJSON)
        #expect(v["receipt-sha256"] == signed.receiptHashHex)
        let read = try Receipt(json: utf8(v["receipt-signed"]!))
        #expect(read.verify(with: M.key.publicKey) == .valid)
        // What signing returns is what a reader gets from its bytes.
        #expect(read.draft == signed.draft && read.keyID == signed.keyID && read.signature == signed.signature)
        #expect(
            read.canonicalBytes == signed.canonicalBytes && read.signedBytes == signed.signedBytes && read.isCanonical
                && signed.isCanonical)
        let sensitive = try M.draft("sensitive").protecting(
            [.actor, .resource], with: SensitiveFieldKey(bytes: M.fieldKeyBytes)
        ).sign(with: M.key)
        #expect(v["receipt-sensitive"] == sensitive.canonicalJSON)
    }

    /// docs/receipt.md, "Reading and writing on bytes": the sig member the signed bytes leave
    /// out, and a non-canonical spelling the byte reader leaves to the tree.
    @Test func bytesReaderExample() throws {
        let v = try DocsVectorTests.vectors("receipt.md")
        let bytes = utf8(v["receipt-signed"]!)
        let read = try #require(Receipt.readingBytes(bytes))
        let member = utf8(v["receipt-sig-member"]!)
        let at = try #require(bytes.firstRange(of: member))
        #expect(read.signedBytes == Array(bytes[..<at.lowerBound]) + Array(bytes[at.upperBound...]))
        #expect(read == (try Receipt.readingTree(bytes)))
        let variant = utf8(v["receipt-not-canonical"]!)
        #expect(Receipt.readingBytes(variant) == nil)
        let tree = try Receipt.readingTree(variant)
        #expect(!tree.isCanonical && tree.canonicalBytes == bytes && tree.signedBytes == read.signedBytes)
        let ring = try KeyRing(publicKeys: [M.key.publicKey], records: [])
        #expect(ReceiptVerification.verify(bytes: variant, ring: ring).outcome.error?.code == .notCanonical)
        #expect(ReceiptVerification.verify(bytes: bytes, ring: ring).outcome == .valid)
    }

    @Test func keysWorkedExample() throws {
        let v = try DocsVectorTests.vectors("keys.md")
        #expect(
            v["key-public-file"].map { $0 + "\n" }
                == String(decoding: try LedgerKeyFile.encodePublic(M.key.publicKey), as: UTF8.self))
        #expect(
            v["key-plaintext-file"].map { $0 + "\n" }
                == String(decoding: try LedgerKeyFile.encode(M.key, protection: .plaintext), as: UTF8.self))
        let rotation = KeyRecord.rotation(from: M.key, to: M.otherKey, at: try ReceiptTime("2025-06-01T00:00:00.000Z"))
        #expect(v["key-rotation"] == String(decoding: try rotation.encoded(), as: UTF8.self))
        let revocation = try KeyRecord.revocation(
            of: M.key.keyID, from: try ReceiptTime("2025-07-01T00:00:00.000Z"), reason: "key file leaked",
            at: try ReceiptTime("2025-07-02T08:00:00.000Z"), signedBy: M.otherKey)
        #expect(v["key-revocation"] == String(decoding: try revocation.encoded(), as: UTF8.self))
        // The documented records build a ring that judges the documented cases.
        let ring = try KeyRing(
            publicKeys: [M.key.publicKey],
            records: [try KeyRecord(json: utf8(v["key-rotation"]!)), try KeyRecord(json: utf8(v["key-revocation"]!))])
        #expect(
            ring.status(of: M.key.keyID, at: try ReceiptTime("2025-06-01T12:00:00.000Z")) == .valid(M.key.publicKey))
        #expect(
            ring.status(of: M.otherKey.keyID, at: try ReceiptTime("2025-05-31T12:00:00.000Z"))
                == .notYetValid(from: try ReceiptTime("2025-06-01T00:00:00.000Z")))
    }
}
