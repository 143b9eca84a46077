import EvidentCore
import EvidentCrypto
import EvidentDER
import EvidentLedger
import EvidentTestSupport
import Foundation
import Testing

/// Key ids, key files, rotation and revocation records, and the key ring (docs/keys.md).
@Suite struct KeyTests {
    typealias M = ReceiptFixtures
    /// Cheap Argon2id costs for tests (the CLI uses SealedSecret's defaults).
    static func cheap(_ pass: String) -> LedgerKeyFile.Protection {
        .passphrase(Array(pass.utf8), opsLimit: 1, memLimitKiB: 8 * 1024)
    }

    static func t(_ s: String) -> ReceiptTime { try! ReceiptTime(s) }

    @Test func keyIDIsPrefixAndTruncatedSHA256() throws {
        let pk = M.key.publicKey.rawRepresentation
        #expect(M.key.keyID == "ed25519:" + Hex.encode(try Digest.hash(.sha256, pk).prefix(16)))
        #expect(M.key.keyID == "ed25519:56475aa75463474c0285df5dbf2bcab7")
        #expect(LedgerKey.isValidKeyID(M.key.keyID))
        #expect(!LedgerKey.isValidKeyID("ed25519:56475AA75463474C0285DF5DBF2BCAB7"))
        #expect(!LedgerKey.isValidKeyID("ed25519:56475aa7"))
        #expect(!"\(M.key)".contains(Hex.encode(M.seed)))
    }

    @Test func sealedKeyFileRoundTrip() throws {
        let file = try LedgerKeyFile.encode(M.key, protection: Self.cheap("correct horse"))
        let text = String(decoding: file, as: UTF8.self)
        #expect(!text.contains(Base64.encode(M.seed)) && text.contains("\"sealed\""))
        #expect(try !LedgerKeyFile.isPlaintext(file))
        let key = try LedgerKeyFile.decode(file) { Array("correct horse".utf8) }
        #expect(key.keyID == M.key.keyID)
        #expect(try LedgerKeyFile.decodePublic(file) == M.key.publicKey)
        expectCode(KeyError.Code.wrongPassphrase) { _ = try LedgerKeyFile.decode(file) { Array("wrong".utf8) } }
    }

    @Test func plaintextKeyFileAndPublicFile() throws {
        let file = try LedgerKeyFile.encode(M.key, protection: .plaintext)
        #expect(try LedgerKeyFile.isPlaintext(file))
        var asked = false
        let key = try LedgerKeyFile.decode(file) {
            asked = true; return []
        }
        #expect(!asked && key.keyID == M.key.keyID)
        let pub = try LedgerKeyFile.encodePublic(M.key.publicKey)
        #expect(
            String(decoding: pub, as: UTF8.self)
                == #"{"key_id":"ed25519:56475aa75463474c0285df5dbf2bcab7","kind":"evident-ledger-public-key","public_key":"A6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg="}"#
                + "\n")
        #expect(try LedgerKeyFile.decodePublic(pub) == M.key.publicKey)
        expectCode(KeyError.Code.invalidKeyFile) { _ = try LedgerKeyFile.decode(pub) { [] } }
    }

    @Test func damagedKeyFiles() throws {
        let good = String(decoding: try LedgerKeyFile.encode(M.key, protection: .plaintext), as: UTF8.self)
        let otherID = M.otherKey.keyID
        expectCode(KeyError.Code.keyMismatch) {
            _ = try LedgerKeyFile.decode(Array(good.replacingOccurrences(of: M.key.keyID, with: otherID).utf8)) { [] }
        }
        let otherSeed = Base64.encode(Array(32..<64) as [UInt8])
        expectCode(KeyError.Code.keyMismatch) {
            _ = try LedgerKeyFile.decode(
                Array(good.replacingOccurrences(of: Base64.encode(M.seed), with: otherSeed).utf8)
            ) { [] }
        }
        expectCode(KeyError.Code.invalidKeyFile) { _ = try LedgerKeyFile.decode(utf8("[]")) { [] } }
        expectCode(KeyError.Code.invalidKeyFile) {
            _ = try LedgerKeyFile.decode(Array(good.replacingOccurrences(of: "evident-ledger-key", with: "x").utf8)) {
                []
            }
        }
        // A seal that is not one (here the bare seed) is reported like a wrong passphrase.
        expectCode(KeyError.Code.wrongPassphrase) {
            _ = try LedgerKeyFile.decode(Array(good.replacingOccurrences(of: "\"seed\"", with: "\"sealed\"").utf8)) {
                []
            }
        }
        expectCode(KeyError.Code.invalidKeyFile) {
            _ = try LedgerKeyFile.decode(Array(good.replacingOccurrences(of: "\"seed\"", with: "\"seeds\"").utf8)) {
                []
            }
        }
        expectCode(KeyError.Code.tooLarge) {
            _ = try LedgerKeyFile.decode([UInt8](repeating: 0x20, count: KeyFileIO.maxFileSize + 1)) { [] }
        }
    }

    @Test func writeNewIsPrivateAndNoClobber() throws {
        let dir = try TestSupport.temporaryDirectory()
        let path = dir.appendingPathComponent("k.json").path
        try KeyFileIO.writeNew(path, [1, 2, 3], mode: 0o600)
        let attrs = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attrs[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try KeyFileIO.readFile(path) == [1, 2, 3])
        expectCode(KeyError.Code.fileExists) { try KeyFileIO.writeNew(path, [4], mode: 0o600) }
        #expect(try KeyFileIO.readFile(path) == [1, 2, 3])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["k.json"])
    }

    // MARK: rotation and revocation

    static func receipt(_ key: LedgerKey, _ time: String, seq: Int64 = 1, prev: String? = nil) throws -> Receipt {
        var d = try M.draft("basic")
        d.issuedAt = t(time)
        d.expiresAt = nil
        d.sequence = seq
        d.previous = prev
        return try d.sign(with: key)
    }

    @Test func rotationRecordRoundTripAndSignatures() throws {
        let r = KeyRecord.rotation(from: M.key, to: M.otherKey, at: Self.t("2025-06-01T00:00:00.000Z"))
        let read = try KeyRecord(json: try r.encoded())
        #expect(read == r)
        #expect(read.isSigned(by: M.key.publicKey) && read.isSigned(by: M.otherKey.publicKey))
        #expect(read.signatures.count == 2)
    }

    /// The chain continues across a rotation: old key before (and within the overlap), new key after.
    @Test func rotationKeepsTheChainValid() throws {
        let rotation = KeyRecord.rotation(from: M.key, to: M.otherKey, at: Self.t("2025-06-01T00:00:00.000Z"))
        let ring = try KeyRing(publicKeys: [M.key.publicKey], records: [rotation])
        let r1 = try Self.receipt(M.key, "2025-05-31T12:00:00.000Z")
        let r2 = try Self.receipt(M.otherKey, "2025-06-01T00:00:00.000Z", seq: 2, prev: r1.receiptHashHex)
        let overlap = try Self.receipt(M.key, "2025-06-01T23:59:59.999Z", seq: 3, prev: r2.receiptHashHex)
        #expect(ring.verify(r1) == .valid)
        #expect(ring.verify(r2) == .valid)
        #expect(ring.verify(overlap) == .valid)
        #expect(r2.draft.previous == r1.receiptHashHex)
        // After the overlap the old key no longer signs; before the rotation the new key did not.
        #expect(ring.verify(try Self.receipt(M.key, "2025-06-02T00:00:00.000Z")).error?.code == .keyNotValid)
        #expect(ring.verify(try Self.receipt(M.otherKey, "2025-05-31T23:59:59.999Z")).error?.code == .keyNotValid)
        #expect(
            ring.status(of: M.key.keyID, at: Self.t("2025-06-02T00:00:00.000Z"))
                == .rotatedOut(until: Self.t("2025-06-02T00:00:00.000Z")))
        // Zero overlap.
        let strict = try KeyRing(publicKeys: [M.key.publicKey], records: [rotation], rotationOverlap: 0)
        #expect(strict.verify(overlap).error?.code == .keyNotValid)
    }

    @Test func rotationNeedsBothSignaturesAndAKnownOldKey() throws {
        let at = Self.t("2025-06-01T00:00:00.000Z")
        let good = KeyRecord.rotation(from: M.key, to: M.otherKey, at: at)
        let third = try LedgerKey(seed: [UInt8](repeating: 9, count: 32))
        // Signed by the old key only (the new key's signature replaced by another key's).
        var json = String(decoding: try good.encoded(), as: UTF8.self)
        let newSig = Base64.encode(good.signatures[1].signature)
        json = json.replacingOccurrences(of: newSig, with: Base64.encode(third.signature(for: good.signedBytes)))
        expectCode(KeyError.Code.badRecordSignature) {
            _ = try KeyRing(publicKeys: [M.key.publicKey], records: [try KeyRecord(json: Array(json.utf8))])
        }
        // A rotation away from a key the verifier does not know: not applied, undecided.
        let away = try KeyRing(publicKeys: [third.publicKey], records: [good])
        #expect(away.unverified.count == 1 && away.status(of: M.otherKey.keyID, at: at) == .unknown)
        // A changed time breaks both signatures.
        let moved = String(decoding: try good.encoded(), as: UTF8.self).replacingOccurrences(
            of: "2025-06-01", with: "2025-01-01")
        expectCode(KeyError.Code.badRecordSignature) {
            _ = try KeyRing(publicKeys: [M.key.publicKey], records: [try KeyRecord(json: Array(moved.utf8))])
        }
    }

    /// Receipts issued at or after `from` are invalid; before, valid.
    @Test func revocation() throws {
        let rev = try KeyRecord.revocation(
            of: M.key.keyID, from: Self.t("2025-07-01T00:00:00.000Z"), reason: "laptop stolen",
            at: Self.t("2025-07-02T00:00:00.000Z"), signedBy: M.key)
        let ring = try KeyRing(publicKeys: [M.key.publicKey], records: [try KeyRecord(json: try rev.encoded())])
        #expect(ring.verify(try Self.receipt(M.key, "2025-06-30T23:59:59.999Z")) == .valid)
        let at = ring.verify(try Self.receipt(M.key, "2025-07-01T00:00:00.000Z"))
        #expect(at.error?.code == .keyNotValid)
        #expect(at.description.contains("laptop stolen"))
        #expect(ring.verify(try Self.receipt(M.key, "2025-08-01T00:00:00.000Z")).error?.code == .keyNotValid)
    }

    @Test func revocationBySuccessorOrNobodyElse() throws {
        let rotation = KeyRecord.rotation(from: M.key, to: M.otherKey, at: Self.t("2025-06-01T00:00:00.000Z"))
        let bySuccessor = try KeyRecord.revocation(
            of: M.key.keyID, from: Self.t("2025-05-01T00:00:00.000Z"), reason: "compromised",
            at: Self.t("2025-06-02T00:00:00.000Z"), signedBy: M.otherKey)
        // Records in any order.
        let ring = try KeyRing(publicKeys: [M.key.publicKey], records: [bySuccessor, rotation])
        #expect(ring.verify(try Self.receipt(M.key, "2025-05-02T00:00:00.000Z")).error?.code == .keyNotValid)
        #expect(ring.verify(try Self.receipt(M.key, "2025-04-30T00:00:00.000Z")) == .valid)
        let stranger = try LedgerKey(seed: [UInt8](repeating: 7, count: 32))
        let byStranger = try KeyRecord.revocation(
            of: M.key.keyID, from: Self.t("2025-05-01T00:00:00.000Z"), reason: "x",
            at: Self.t("2025-06-02T00:00:00.000Z"), signedBy: stranger)
        expectCode(KeyError.Code.badRecordSignature) {
            _ = try KeyRing(publicKeys: [M.key.publicKey, stranger.publicKey], records: [byStranger])
        }
        // A revocation of a key not given: not applied, undecided (never a reason to refuse the ring).
        let unrelated = try KeyRing(publicKeys: [stranger.publicKey], records: [byStranger])
        #expect(unrelated.unverified.count == 1 && unrelated.unverifiedRevocations.isEmpty)
        // Signed only by a successor the verifier does not know (the rotation not given): K's
        // receipts from `from` on are indeterminate, earlier ones valid.
        let unproven = try KeyRing(publicKeys: [M.key.publicKey], records: [bySuccessor])
        #expect(unproven.unverified.count == 1)
        #expect(unproven.verify(try Self.receipt(M.key, "2025-05-02T00:00:00.000Z")).verdict == .indeterminate)
        #expect(unproven.verify(try Self.receipt(M.key, "2025-04-30T00:00:00.000Z")) == .valid)
        #expect(unproven.validityEnd(of: M.key.keyID) == Self.t("2025-05-01T00:00:00.000Z"))
    }

    /// The key-end rule every verifier uses (bundles at genTime plus accuracy, single receipts and
    /// untimed notes at now): an end reached at the very millisecond the object is proven to exist
    /// has passed; one a millisecond later has not. `hasEnded` is the same rule by public key.
    @Test func aKeysEndHasPassedFromItsOwnMillisecond() throws {
        let end = Self.t("2025-05-01T00:00:00.000Z")
        let revocation = try KeyRecord.revocation(
            of: M.key.keyID, from: end, reason: "compromised", at: Self.t("2025-05-02T00:00:00.000Z"), signedBy: M.key)
        let ring = try KeyRing(publicKeys: [M.key.publicKey, M.otherKey.publicKey], records: [revocation])
        let at = end.millisecondsSinceEpoch
        #expect(ring.validityEnd(of: M.key.keyID, passedBy: at) == end)
        #expect(ring.validityEnd(of: M.key.keyID, passedBy: at - 1) == nil)
        #expect(ring.hasEnded(M.key.publicKey, by: at) && !ring.hasEnded(M.key.publicKey, by: at - 1))
        // A key with no end, and a key the ring does not hold, have not ended.
        #expect(!ring.hasEnded(M.otherKey.publicKey, by: Int64.max))
        let stranger = try LedgerKey(seed: [UInt8](repeating: 9, count: 32))
        #expect(!ring.hasEnded(stranger.publicKey, by: Int64.max))
    }

    @Test func unknownKeyIsIndeterminateAndExpiryIsChecked() throws {
        let ring = try KeyRing(publicKeys: [M.otherKey.publicKey], records: [])
        let r = try M.basic()
        guard case .indeterminate(let e) = ring.verify(r) else { Issue.record("expected indeterminate"); return }
        #expect(e.code == .unknownKeyID)
        let mine = try KeyRing(publicKeys: [M.key.publicKey], records: [])
        #expect(mine.verify(r, now: Self.t("2025-03-14T10:00:00.000Z")) == .valid)
        #expect(mine.verify(r, now: Self.t("2025-03-14T10:26:53.589Z")).error?.code == .expired)
    }

    @Test func recordLimitsAndShape() throws {
        let long = String(repeating: "r", count: KeyRecord.maxReasonLength + 1)
        expectCode(ReceiptError.Code.stringTooLong) {
            _ = try KeyRecord.revocation(
                of: M.key.keyID, from: Self.t("2025-01-01T00:00:00.000Z"), reason: long,
                at: Self.t("2025-01-01T00:00:00.000Z"), signedBy: M.key)
        }
        let rev = try KeyRecord.revocation(
            of: M.key.keyID, from: Self.t("2025-01-01T00:00:00.000Z"), reason: "r",
            at: Self.t("2025-01-01T00:00:00.000Z"), signedBy: M.key)
        let json = String(decoding: try rev.encoded(), as: UTF8.self)
        expectCode(KeyError.Code.invalidRecord) {
            _ = try KeyRecord(json: Array(json.replacingOccurrences(of: "\"r\"", with: "\"\(long)\"").utf8))
        }
        expectCode(KeyError.Code.invalidRecord) {
            _ = try KeyRecord(json: Array(json.replacingOccurrences(of: "key-revocation", with: "key-party").utf8))
        }
        expectCode(KeyError.Code.invalidRecord) {
            _ = try KeyRecord(json: Array(json.replacingOccurrences(of: ".000Z\",\"key_id", with: "Z\",\"key_id").utf8))
        }
        let sig = "{\"key_id\":\"\(M.key.keyID)\",\"sig\":\"\(Base64.encode(rev.signatures[0].signature))\"}"
        let five = json.replacingOccurrences(
            of: sig, with: Array(repeating: sig, count: KeyRecord.maxSignatures + 1).joined(separator: ","))
        expectCode(KeyError.Code.invalidRecord) { _ = try KeyRecord(json: Array(five.utf8)) }
        expectCode(KeyError.Code.invalidRecord) {
            _ = try KeyRecord(json: Array(json.replacingOccurrences(of: sig, with: "").utf8))
        }
    }
}
