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
        try LedgerAudit(ledger: ledger, checkpointKeys: [signer.verifierKey]) { _ in }.run(batch: 7)
    }

    @Test func cleanLedgerPasses() throws {
        let (ledger, signer, _) = try Self.ledger()
        let s = try Self.audit(ledger, signer)
        #expect(s.entries == 40 && s.streams == 4 && s.checkpoints == 1)
        // The checkpoint is idempotent for an unchanged log.
        #expect(try ledger.checkpoint(signers: [signer], nowMillis: 2).createdAtMillis == 1)
    }

    static func tamper(_ path: String, _ sql: String) throws {
        let q = try DatabaseQueue(path: path)
        try q.write { try $0.execute(sql: sql) }
    }

    @Test(arguments: [
        ("UPDATE receipts SET body = CAST('{}' AS BLOB) WHERE idx = 5", "hash"),
        ("UPDATE receipts SET seq = 99 WHERE idx = 9", "chain"),
        ("UPDATE receipts SET prev = NULL WHERE idx = 12", "chain"),
        ("UPDATE merkle_nodes SET hash = zeroblob(32) WHERE level = 1 AND idx = 3", "tree"),
        ("UPDATE streams SET seq = 1 WHERE stream = 's2'", "head"),
        ("UPDATE checkpoints SET root = zeroblob(32)", "checkpoint"),
    ])
    func tamperingIsNamed(_ sql: String, _ check: String) throws {
        let (ledger, signer, path) = try Self.ledger()
        try Self.tamper(path, sql)
        let problem = #expect(throws: LedgerAudit.Problem.self) { try Self.audit(ledger, signer) }
        #expect(problem?.check == check, "\(problem.map(\.description) ?? "")")
    }

    @Test func checkpointSignedByAnotherKeyFails() throws {
        let (ledger, _, _) = try Self.ledger()
        let other = try NoteSigner(name: "evident.test/ledger", key: Ed25519.SecretKey())
        let problem = #expect(throws: LedgerAudit.Problem.self) { try Self.audit(ledger, other) }
        #expect(problem?.check == "checkpoint-signature")
    }

    @Test func receiptCheckFailureIsNamed() throws {
        let (ledger, signer, _) = try Self.ledger()
        struct Bad: Error, CustomStringConvertible { var description: String { "bad signature" } }
        let problem = #expect(throws: LedgerAudit.Problem.self) {
            try LedgerAudit(ledger: ledger, checkpointKeys: [signer.verifierKey]) { e in if e.index == 17 { throw Bad() } }.run()
        }
        #expect(problem?.check == "receipt" && problem?.object.contains("index 17") == true)
    }
}
