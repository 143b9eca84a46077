import EvidentCore
import EvidentCrypto
import EvidentLedger
import EvidentSQLite
import EvidentTestSupport
import Foundation
import GRDB
import Testing

/// Witnesses and cosignatures in both stores (issue #17): configured per ledger, seen by a
/// second connection (another writer of a shared ledger), cosignatures idempotent per
/// (size, witness key), the newest per witness; and a ledger made before the tables existed.
@Suite struct LedgerWitnessStoreTests {
    static func witness(_ name: String, url: String = "http://127.0.0.1:1/w") throws -> LedgerWitness {
        let key = try Ed25519.SecretKey()
        return try LedgerWitness(
            key: NoteVerifierKey(name: name, publicKey: key.publicKey, type: .cosignatureV1), url: url,
            addedAtMillis: 5)
    }

    static func cosignature(_ w: LedgerWitness, size: UInt64, timestamp: UInt64 = 1_800_000_000) -> StoredCosignature {
        StoredCosignature(
            treeSize: size, witnessName: w.name, keyHash: w.key.keyHash, line: "— \(w.name) AAAA\(size)",
            timestamp: timestamp, collectedAtMillis: 7)
    }

    static func checkpoint(_ size: UInt64) -> StoredCheckpoint {
        StoredCheckpoint(
            treeSize: size, rootHash: Array(repeating: UInt8(size), count: 32), note: Array("note \(size)\n".utf8),
            createdAtMillis: 1)
    }

    @Test(arguments: StoreKind.allCases) func witnessesAndCosignatures(kind: StoreKind) throws {
        let (store, reopen) = try kind.make()
        #expect(try store.witnesses().isEmpty && store.cosignatures(treeSize: nil).isEmpty)
        #expect(try store.newestCosignatures().isEmpty)
        #expect(try store.removeWitness(name: "nobody") == false)
        let a = try Self.witness("w1.example"), b = try Self.witness("w2.example", url: "https://w2.example/")
        try store.addWitness(b)
        try store.addWitness(a)
        let twice = #expect(throws: LedgerStoreError.self) { try store.addWitness(Self.witness("w1.example")) }
        #expect(twice?.code == .witnessExists)
        // Another connection (another process of a shared ledger) sees the same witnesses.
        let other = try reopen()
        #expect(try other.witnesses() == [a, b])
        #expect(b.addCheckpointURL == "https://w2.example/add-checkpoint")

        for size in [3, 8] as [UInt64] { try store.saveCheckpoint(Self.checkpoint(size)) }
        let a3 = Self.cosignature(a, size: 3), a8 = Self.cosignature(a, size: 8), b3 = Self.cosignature(b, size: 3)
        try store.saveCosignatures([a3, b3])
        try other.saveCosignatures([a8])
        // Idempotent: the first cosignature of a (size, witness key) stays.
        try store.saveCosignatures([Self.cosignature(a, size: 3, timestamp: 1_900_000_000)])
        #expect(try store.cosignatures(treeSize: 3) == [a3, b3])
        #expect(try store.cosignatures(treeSize: nil) == [a3, b3, a8])
        #expect(try store.newestCosignatures() == [a8, b3])
        #expect(a8.isBy(a) && !a8.isBy(b))
        // A cosignature must be of a stored checkpoint; a failing batch records nothing.
        #expect(throws: LedgerStoreError.self) {
            try store.saveCosignatures([Self.cosignature(b, size: 8), Self.cosignature(b, size: 99)])
        }
        #expect(try store.cosignatures(treeSize: 8) == [a8])

        #expect(try store.removeWitness(name: "w1.example"))
        #expect(try other.witnesses() == [b])
        // Its cosignatures stay with their checkpoints.
        #expect(try store.cosignatures(treeSize: 8) == [a8])
    }

    /// A ledger made before witnesses existed (no tables) reads as having none and gains the
    /// tables on first write, its other data untouched.
    @Test func aLedgerFromBeforeWitnessesMigratesOnFirstWrite() throws {
        let path = try TestSupport.temporaryDirectory().appendingPathComponent("ledger.sqlite").path
        do {
            let store = try SQLiteLedgerStore(path: path, create: true)
            try store.saveCheckpoint(Self.checkpoint(2))
        }
        // The schema as it was: drop what this build creates lazily, if anything.
        let db = try DatabaseQueue(path: path)
        try db.write { try $0.execute(sql: "DROP TABLE IF EXISTS cosignatures; DROP TABLE IF EXISTS witnesses") }
        try db.close()
        let store = try SQLiteLedgerStore(path: path)
        #expect(try store.witnesses().isEmpty && store.newestCosignatures().isEmpty)
        let w = try Self.witness("w.example")
        try store.addWitness(w)
        try store.saveCosignatures([Self.cosignature(w, size: 2)])
        #expect(try store.witnesses() == [w])
        #expect(try store.checkpoints() == [Self.checkpoint(2)])
        #expect(try store.cosignatures(treeSize: 2).count == 1)
    }

    /// `ledger verify` (LedgerAudit) checks each stored cosignature by a configured witness over
    /// its checkpoint's text; one changed in the store fails, naming it.
    @Test func theAuditChecksStoredCosignatures() throws {
        let path = try TestSupport.temporaryDirectory().appendingPathComponent("ledger.sqlite").path
        let store = try SQLiteLedgerStore(path: path, create: true)
        let ledger = Ledger(store: store, origin: "evident.test/audit")
        let key = try LedgerKey.generate()
        let checkpoint = try ledger.checkpoint(
            signers: [try NoteSigner(name: ledger.origin, key: key.secretKey)], nowMillis: 1)
        let signer = try NoteSigner(name: "w.example", key: Ed25519.SecretKey(), type: .cosignatureV1)
        try store.addWitness(LedgerWitness(key: signer.verifierKey, url: "http://127.0.0.1:1/w", addedAtMillis: 1))
        let line = try signer.cosignature(for: SignedNote.parse(checkpoint.note).text, timestamp: 1_800_000_000)
        try store.saveCosignatures([StoredCosignature(treeSize: 0, signature: line, collectedAtMillis: 2)])
        func audit() throws -> LedgerAudit.Summary {
            try LedgerAudit.audited(ledger: ledger, publicKeys: [key.publicKey], records: []).run()
        }
        #expect(try audit().cosignatures == 1)
        var bad = line.signature
        bad[bad.count - 1] ^= 1
        let tampered = SignedNote.Signature(name: line.name, keyHash: line.keyHash, signature: bad).line
        let db = try DatabaseQueue(path: path)
        try db.write { try $0.execute(sql: "UPDATE cosignatures SET line = ?", arguments: [tampered]) }
        try db.close()
        let e = #expect(throws: LedgerAudit.Problem.self) { try audit() }
        #expect(
            e?.check == .cosignature && e?.object == "cosignature of checkpoint 0 by w.example",
            "\(String(describing: e))")
        // A witness removed: its cosignatures are counted, not checked (its key is gone).
        #expect(try store.removeWitness(name: "w.example"))
        #expect(try audit().cosignaturesUnchecked == 1)
    }

    @Test func aWitnessIsACosignerKeyWithAnHTTPURL() throws {
        let key = try Ed25519.SecretKey()
        let logKey = try NoteVerifierKey(name: "w.example", publicKey: key.publicKey)
        let cosigner = try NoteVerifierKey(name: "w.example", publicKey: key.publicKey, type: .cosignatureV1)
        #expect(throws: LedgerStoreError.self) { try LedgerWitness(key: logKey, url: "http://x/", addedAtMillis: 0) }
        for bad in ["ftp://x/", "http://x /", "w.example", "http://x/\n"] {
            #expect(throws: LedgerStoreError.self) { try LedgerWitness(key: cosigner, url: bad, addedAtMillis: 0) }
        }
        #expect(
            try LedgerWitness(key: cosigner, url: "HTTPS://x", addedAtMillis: 0).addCheckpointURL
                == "HTTPS://x/add-checkpoint")
    }
}
