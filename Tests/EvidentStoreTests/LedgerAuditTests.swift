import EvidentCore
import EvidentCrypto
import EvidentLedger
import EvidentSQLite
import EvidentTestSupport
import Foundation
import GRDB
import Testing

/// `LedgerAudit` over a real SQLite ledger: clean ledgers pass; each kind of tampering done
/// behind the store's back is named (object and check).
@Suite struct LedgerAuditTests {
    static func ledger() throws -> (Ledger, NoteSigner, String) {
        let dir = try TestSupport.temporaryDirectory().appendingPathComponent("ledger")
        let ledger = try LedgerDirectory(path: dir.path).initialize(origin: "evident.test/ledger")
        for i in 0..<40 { _ = try ledger.store.append([LedgerStoreTests.request("s\(i % 4)", "\(i)")]) }
        let signer = try NoteSigner(name: "evident.test/ledger", key: Ed25519.SecretKey())
        _ = try ledger.checkpoint(signers: [signer], nowMillis: 1)
        return (ledger, signer, dir.appendingPathComponent("ledger.sqlite").path)
    }

    static func audit(_ ledger: Ledger, _ signer: NoteSigner) throws -> LedgerAudit.Summary {
        try LedgerAudit(ledger: ledger, checkpointKeys: [signer.verifierKey]) { _ in .valid }.run(batch: 7)
    }

    @Test func cleanLedgerPasses() throws {
        let (ledger, signer, _) = try Self.ledger()
        let s = try Self.audit(ledger, signer)
        #expect(s.entries == 40 && s.streams == 4 && s.checkpoints == 1)
        // The checkpoint is idempotent for an unchanged log.
        #expect(try ledger.checkpoint(signers: [signer], nowMillis: 2).createdAtMillis == 1)
    }

    /// Streams whose names are canonically equivalent but spelt differently are audited as two
    /// streams, each chain on its own (red team round 12).
    @Test func streamsAreAuditedByTheirBytes() throws {
        let dir = try TestSupport.temporaryDirectory().appendingPathComponent("ledger")
        let ledger = try LedgerDirectory(path: dir.path).initialize(origin: "evident.test/ledger")
        for i in 0..<6 {
            _ = try ledger.store.append([LedgerStoreTests.request(i % 2 == 0 ? "caf\u{E9}" : "cafe\u{301}", "\(i)")])
        }
        let signer = try NoteSigner(name: "evident.test/ledger", key: Ed25519.SecretKey())
        _ = try ledger.checkpoint(signers: [signer], nowMillis: 1)
        let s = try Self.audit(ledger, signer)
        #expect(s.entries == 6 && s.streams == 2)
    }

    static func tamper(_ path: String, _ sql: String) throws {
        let q = try DatabaseQueue(path: path)
        try q.write { try $0.execute(sql: sql) }
    }

    @Test(arguments: [
        ("UPDATE receipts SET body = CAST('{}' AS BLOB) WHERE idx = 5", CheckName.entryHash),
        ("UPDATE receipts SET seq = 99 WHERE idx = 9", .streamChain),
        ("UPDATE receipts SET prev = NULL WHERE idx = 12", .streamChain),
        ("UPDATE merkle_nodes SET hash = zeroblob(32) WHERE level = 1 AND idx = 3", .merkleTree),
        // A node that a whole tile also holds (what proofs read), and the tile.
        ("UPDATE merkle_nodes SET hash = zeroblob(32) WHERE level = 0 AND idx = 2", .merkleTree),
        ("UPDATE merkle_tiles SET hashes = zeroblob(512) WHERE level = 0 AND idx = 1", .merkleTree),
        ("DELETE FROM merkle_nodes WHERE level = 0 AND idx = 17", .merkleTree),
        ("UPDATE streams SET seq = 1 WHERE stream = 's2'", .streamHead),
        ("UPDATE checkpoints SET root = zeroblob(32)", .checkpoint),
    ])
    func tamperingIsNamed(_ sql: String, _ check: CheckName) throws {
        let (ledger, signer, path) = try Self.ledger()
        try Self.tamper(path, sql)
        let problem = #expect(throws: LedgerAudit.Problem.self) { try Self.audit(ledger, signer) }
        #expect(problem?.check == check, "\(problem.map(\.description) ?? "")")
    }

    /// A ledger made before `merkle_tiles`: proofs are read from the nodes until its first
    /// append fills the table (in that transaction); then from the tiles, the same proofs; and
    /// the audit checks both copies.
    @Test func aLedgerWithoutTilesGetsThemOnItsFirstAppend() throws {
        let (ledger, signer, path) = try Self.ledger()
        try Self.tamper(path, "DROP TABLE merkle_tiles")
        var reference = InMemoryMerkleTree()
        for i in 0..<40 { try reference.append(leafData: try #require(try ledger.store.entry(index: UInt64(i))).body) }
        func proofsMatch(_ store: SQLiteLedgerStore, size: UInt64) throws {
            for leaf in stride(from: UInt64(0), to: size, by: 3) {
                #expect(
                    try store.merkle.inclusionProof(leafIndex: leaf, treeSize: size).path
                        == reference.inclusionProof(leafIndex: leaf, treeSize: size).path)
            }
            #expect(
                try store.merkle.consistencyProof(from: 17, to: size).path
                    == reference.consistencyProof(from: 17, to: size).path)
        }
        let before = try SQLiteLedgerStore(path: path)
        try proofsMatch(before, size: 40)
        let tiles = {
            try DatabaseQueue(path: path).read { db in
                try db.tableExists("merkle_tiles") ? Int.fetchOne(db, sql: "SELECT COUNT(*) FROM merkle_tiles") : nil
            }
        }
        #expect(try tiles() == nil)
        let e = try before.append([LedgerStoreTests.request("s9", "40")])[0]
        try reference.append(leafData: e.body)
        #expect(try tiles() == 2, "tiles 0/0 and 0/1 of 41 leaves")
        try proofsMatch(try SQLiteLedgerStore(path: path), size: 41)
        _ = try ledger.checkpoint(signers: [signer], nowMillis: 2)
        #expect(try Self.audit(ledger, signer).entries == 41)
    }

    /// Filling the tiles of an older ledger with a node missing leaves that tile out: appends go
    /// on, and the audit names the node.
    @Test func aTileWithAMissingNodeIsLeftOutAndTheNodeNamed() throws {
        let (ledger, signer, path) = try Self.ledger()
        try Self.tamper(path, "DROP TABLE merkle_tiles")
        try Self.tamper(path, "DELETE FROM merkle_nodes WHERE level = 0 AND idx = 2")
        _ = try SQLiteLedgerStore(path: path).append([LedgerStoreTests.request("s9", "40")])
        let tiles = try DatabaseQueue(path: path).read { db in
            try Int.fetchAll(db, sql: "SELECT idx FROM merkle_tiles WHERE level = 0 ORDER BY idx")
        }
        #expect(tiles == [1])
        let problem = #expect(throws: LedgerAudit.Problem.self) { try Self.audit(ledger, signer) }
        #expect(
            problem?.check == .merkleTree && problem?.description.contains("missing from the store") == true,
            "\(String(describing: problem))")
    }

    /// A checkpoint signed by a key the auditor was not given is undecided (as in a bundle), once
    /// its size and root are shown to be the log's: the audit is indeterminate, never valid.
    /// A column the store indexes a receipt by, edited behind the store's back, is named by the
    /// third party's audit (receipt-place): selections, exports and the log's time order read it
    /// (red team round 13: an issued_at lowered in the store let a later receipt go back in time).
    @Test(arguments: [
        // The last receipt's (earlier ones would also break the time order of the next).
        ("issued_at = issued_at + 1", "issued_at"), ("decision = 'deny'", "decision"),
        ("action = 'other'", "action"), ("resource = 'r-other'", "resource"),
        ("key_id = 'ed25519:00000000000000000000000000000000'", "key_id"), ("policy_id = NULL", "policy id"),
    ])
    func anIndexedColumnThatIsNotTheSignedValueIsNamed(_ set: String, _ column: String) throws {
        let dir = try TestSupport.temporaryDirectory().appendingPathComponent("ledger")
        let ledger = try LedgerDirectory(path: dir.path).initialize(origin: "evident.test/ledger")
        let key = try LedgerKey.generate()
        var minter = Minter(ledger: ledger, key: key)
        minter.referenceNewestAnchor = false
        for i in 0..<4 {
            let draft = try Minter.draft(
                json: Array(
                    #"{"stream":"caf\#u{E9}","decision":"allow","actor":"a","action":"tool.call","resource":"r\#(i)","scope":{},"policy":{"id":"p","version":"1","hash":"\#(String(repeating: "ab", count: 32))"}}"#
                        .utf8), nowMillis: 0)
            _ = try minter.mint([draft])
        }
        _ = try ledger.checkpoint(signers: [try NoteSigner(name: ledger.origin, key: key.secretKey)], nowMillis: 1)
        func audit() throws -> LedgerAudit.Summary {
            try LedgerAudit.audited(ledger: ledger, publicKeys: [key.publicKey], records: []).run()
        }
        #expect(try audit().verdict == .valid)
        try Self.tamper(dir.appendingPathComponent("ledger.sqlite").path, "UPDATE receipts SET \(set) WHERE idx = 3")
        let problem = #expect(throws: LedgerAudit.Problem.self) { try audit() }
        #expect(problem?.check == .receiptPlace && problem?.object.contains("index 3") == true)
        #expect(problem?.finding.reason.contains(column) == true, "\(problem.map(\.description) ?? "")")
    }

    @Test func checkpointSignedByAnotherKeyIsUndecided() throws {
        let (ledger, _, _) = try Self.ledger()
        let other = try NoteSigner(name: "evident.test/ledger", key: Ed25519.SecretKey())
        let s = try Self.audit(ledger, other)
        #expect(s.verdict == .indeterminate && s.undecided.map(\.check) == [.checkpointSignature])
    }

    @Test func receiptCheckFailureIsNamed() throws {
        let (ledger, signer, _) = try Self.ledger()
        let problem = #expect(throws: LedgerAudit.Problem.self) {
            try LedgerAudit(ledger: ledger, checkpointKeys: [signer.verifierKey]) { e in
                e.index == 17 ? .invalid(ReceiptError(.badSignature, "bad signature")) : .valid
            }.run()
        }
        #expect(problem?.check == .receiptSignature && problem?.object.contains("index 17") == true)
    }

    /// A receipt whose key the auditor was not given is undecided, not invalid: the audit goes
    /// on, counts it, and the verdict is indeterminate.
    @Test func undecidedReceiptsMakeTheAuditIndeterminate() throws {
        let (ledger, signer, _) = try Self.ledger()
        let s = try LedgerAudit(ledger: ledger, checkpointKeys: [signer.verifierKey]) { e in
            e.index % 10 == 3 ? .indeterminate(ReceiptError(.unknownKeyID, "no such key")) : .valid
        }.run()
        #expect(s.entries == 40 && s.checkpoints == 1)
        #expect(s.undecidedCount == 4 && s.undecided.allSatisfy { $0.check == .receiptKey && !$0.isFailure })
        #expect(s.verdict == .indeterminate)
    }
}
