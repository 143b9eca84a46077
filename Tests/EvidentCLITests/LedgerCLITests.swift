import EvidentCrypto
import EvidentDER
import EvidentLedger
import EvidentTestSupport
import Foundation
import Testing

/// The ledger commands end to end: init, mint (flags, JSON, JSON lines), checkpoint, proofs,
/// search, get, verify — and tampering caught by `ledger verify`.
@Suite struct LedgerCLITests {
    struct Fixture {
        let dir: URL
        var ledger: String { dir.appendingPathComponent("ledger").path }
        var key: String { dir.appendingPathComponent("key.json").path }
        var pub: String { dir.appendingPathComponent("key.pub.json").path }
        var policy: String { dir.appendingPathComponent("policy.txt").path }
    }

    /// The CLI over both stores: the embedded SQLite file, or a shared PostgreSQL schema.
    enum Store: String, CaseIterable, Sendable { case sqlite, postgres }

    static func fixture(_ store: Store = .sqlite) throws -> Fixture {
        let f = Fixture(dir: try TestSupport.temporaryDirectory())
        let key = try LedgerKey.generate()
        try Data(try LedgerKeyFile.encode(key, protection: .plaintext)).write(to: URL(fileURLWithPath: f.key))
        try Data(try LedgerKeyFile.encodePublic(key.publicKey)).write(to: URL(fileURLWithPath: f.pub))
        try Data("agents may call search tools\n".utf8).write(to: URL(fileURLWithPath: f.policy))
        let shared = store == .postgres ? ["--store", TestPostgres.freshURL()] : []
        let r = try TestSupport.evident(["ledger", "init", "--dir", f.ledger, "--origin", "evident.test/cli"] + shared)
        precondition(r.status == 0, r.stderrText)
        return f
    }

    static func mint(_ f: Fixture, _ extra: [String]) throws -> [[String: Any]] {
        let r = try TestSupport.evident(["mint", "--dir", f.ledger, "--signing-key", f.key] + extra)
        #expect(r.status == 0, "\(r.stderrText)")
        return r.stdoutText.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    static func flags(
        _ f: Fixture, stream: String = "agent-7", decision: String = "allow", action: String = "tool.call"
    ) -> [String] {
        [
            "--stream", stream, "--decision", decision, "--actor", "agent-7", "--action", action, "--resource",
            "search:web",
            "--scope", "tenant=t1", "--policy-id", "agents", "--policy-version", "3", "--policy-file", f.policy,
        ]
    }

    /// `mint --request-id` (issue #14, item 5): a retry prints the first receipt (exit 0) and
    /// mints nothing; another draft under the same id is refused with exit 1, naming the original.
    /// Red team rounds 15 and 16: an origin a reader would misread (a right-to-left override made
    /// "\u{202e}gol/elpmaxe.knab" show as "bank.example/log"; a Hebrew letter reorders the path;
    /// Cyrillic passes for Latin) is refused before anything is created, named escaped; so are
    /// invisible characters and spaces, Unicode spaces too.
    @Test(arguments: [
        "\u{202e}gol/elpmaxe.knab\u{202c}", "bank.example/\u{200b}log", "bank.example/ log", "",
        "acme.example/\u{05d0}/2025-12", "b\u{0430}nk.example/log", "bank.example/log\u{2003}x",
    ])
    func ledgerInitRefusesAnOriginThatReadsAsAnother(_ origin: String) throws {
        let dir = try TestSupport.temporaryDirectory().appendingPathComponent("ledger").path
        let r = try TestSupport.evident(["ledger", "init", "--dir", dir, "--origin", origin])
        #expect(r.status != 0 && r.stderrText.contains("origin must be printable ASCII without spaces"))
        #expect(!r.stderrText.unicodeScalars.contains { $0.value == 0x202E || $0.value == 0x200B })
        #expect(!FileManager.default.fileExists(atPath: dir))
    }

    @Test func aRequestIDMintsOnce() throws {
        let f = try Self.fixture()
        let first = try Self.mint(f, Self.flags(f) + ["--request-id", "pipeline-run-17"])
        let hash = try #require(first.first?["hash"] as? String)
        let again = try Self.mint(f, Self.flags(f) + ["--request-id", "pipeline-run-17"])
        #expect(again.first?["hash"] as? String == hash)
        let other = try TestSupport.evident(
            ["mint", "--dir", f.ledger, "--signing-key", f.key] + Self.flags(f, decision: "deny")
                + ["--request-id", "pipeline-run-17"])
        #expect(other.status == 1 && other.stderrText.contains("already used for a different draft"))
        #expect(other.stderrText.contains(hash))
        let status = try TestSupport.evident(["ledger", "status", "--dir", f.ledger, "--json"])
        #expect(status.stdoutText.contains("\"size\": 1,"), "\(status.stdoutText)")
        let bad = try TestSupport.evident(
            ["mint", "--dir", f.ledger, "--signing-key", f.key] + Self.flags(f) + ["--request-id", "two words"])
        #expect(bad.status == 64)
    }

    @Test(arguments: Store.allCases) func mintCheckpointProveSearchVerify(store: Store) throws {
        let f = try Self.fixture(store)
        let first = try Self.mint(f, Self.flags(f))
        #expect(first.count == 1 && first[0]["seq"] as? Int == 1)
        let second = try Self.mint(f, Self.flags(f, decision: "deny"))
        #expect(second[0]["seq"] as? Int == 2)
        // The receipt is printed as the JSON object it is (docs/json.md, evident.minted/v1).
        let receipt = try #require(second[0]["receipt"] as? [String: Any])
        #expect(receipt["prev"] as? String == first[0]["hash"] as? String)
        #expect(second[0]["schema"] as? String == "evident.minted/v1")

        // JSON lines: group commit, seq/prev assigned by the ledger.
        let lines =
            (0..<10).map { i in
                "{\"stream\":\"deploy\",\"decision\":\"allow\",\"actor\":\"ci\",\"action\":\"deploy\",\"resource\":\"api-\(i)\",\"scope\":{},\"policy\":{\"id\":\"deploys\",\"version\":\"1\",\"hash\":\"\(String(repeating: "a", count: 64))\"}}"
            }.joined(separator: "\n") + "\n"
        let batch = try TestSupport.evident(
            ["mint", "--dir", f.ledger, "--signing-key", f.key, "--jsonl", "--batch", "4"], input: Data(lines.utf8))
        #expect(batch.status == 0, "\(batch.stderrText)")
        #expect(batch.stdoutText.split(separator: "\n").count == 10)

        let cp = try TestSupport.evident(["checkpoint", "--dir", f.ledger, "--signing-key", f.key])
        #expect(cp.status == 0, "\(cp.stderrText)")
        #expect(cp.stdoutText.hasPrefix("evident.test/cli\n12\n"))

        let proof = try TestSupport.evident(["proof", "inclusion", first[0]["hash"] as! String, "--dir", f.ledger])
        #expect(proof.status == 0, "\(proof.stderrText)")
        #expect(proof.stdoutText.contains("\"tree_size\": 12"))
        let note = f.dir.appendingPathComponent("checkpoint.txt")
        try Data(cp.stdout).write(to: note)
        let viaCheckpoint = try TestSupport.evident([
            "proof", "inclusion", first[0]["hash"] as! String, "--dir", f.ledger, "--checkpoint", note.path,
        ])
        #expect(
            viaCheckpoint.status == 0 && viaCheckpoint.stdoutText.contains("\"tree_size\": 12"),
            "\(viaCheckpoint.stderrText)")
        let consistency = try TestSupport.evident(["proof", "consistency", "2", "12", "--dir", f.ledger])
        #expect(consistency.status == 0, "\(consistency.stderrText)")

        let denies = try TestSupport.evident(["receipts", "search", "--dir", f.ledger, "--decision", "deny", "--jsonl"])
        #expect(denies.stdoutText.split(separator: "\n").count == 1)
        let got = try TestSupport.evident([
            "receipts", "get", "--dir", f.ledger, first[0]["hash"] as! String, String(repeating: "0", count: 64),
        ])
        #expect(got.status == 1 && got.stdoutText.split(separator: "\n").count == 1)

        let verify = try TestSupport.evident(["ledger", "verify", "--dir", f.ledger, "--ledger-key", f.pub])
        #expect(verify.status == 0, "\(verify.stdoutText)\(verify.stderrText)")
        #expect(verify.stdoutText.hasPrefix("ledger valid: 12 receipts in 2 streams, 1 checkpoints, 0 anchors"))
    }

    @Test func verifyNamesAReceiptSignedByAnotherKey() throws {
        let f = try Self.fixture()
        _ = try Self.mint(f, Self.flags(f))
        let other = try LedgerKey.generate()
        let otherPub = f.dir.appendingPathComponent("other.pub.json").path
        try Data(try LedgerKeyFile.encodePublic(other.publicKey)).write(to: URL(fileURLWithPath: otherPub))
        let r = try TestSupport.evident(["ledger", "verify", "--dir", f.ledger, "--ledger-key", otherPub])
        // A key the verifier was not given proves nothing either way: indeterminate, exit 3.
        #expect(r.status == 3)
        #expect(
            r.stdoutText.contains("ledger INDETERMINATE")
                && r.stdoutText.contains("receipt-key indeterminate for receipt agent-7#1"), "\(r.stdoutText)")
    }

    @Test func badDraftsAreRefusedAndNothingIsWritten() throws {
        let f = try Self.fixture()
        let bad = try TestSupport.evident(
            ["mint", "--dir", f.ledger, "--signing-key", f.key, "--jsonl"], input: Data("{\"stream\":\"s\"}\n".utf8))
        #expect(bad.status == 2)
        #expect(bad.stderrText.hasPrefix("evident: error: draft: "))
        let status = try TestSupport.evident(["ledger", "status", "--dir", f.ledger, "--size-only"])
        #expect(status.stdoutText == "0\n")
        let noLedger = try TestSupport.evident(
            ["mint", "--dir", f.dir.appendingPathComponent("none").path, "--signing-key", f.key] + Self.flags(f))
        #expect(noLedger.status == 2 && noLedger.stderrText.contains("holds no ledger"))
    }

    @Test(arguments: Store.allCases) func severalProcessesAppendingAtOnceNeverFork(store: Store) throws {
        let f = try Self.fixture(store)
        var processes: [Process] = []
        for w in 0..<4 {
            let lines =
                (0..<40).map { i in
                    "{\"stream\":\"shared-\(i % 2)\",\"decision\":\"allow\",\"actor\":\"w\(w)\",\"action\":\"tool.call\",\"resource\":\"r\(i)\",\"policy\":{\"id\":\"p\",\"version\":\"1\",\"hash\":\"\(String(repeating: "c", count: 64))\"}}"
                }.joined(separator: "\n") + "\n"
            let input = f.dir.appendingPathComponent("w\(w).jsonl")
            try Data(lines.utf8).write(to: input)
            let p = Process()
            p.executableURL = URL(fileURLWithPath: TestSupport.evidentBinary)
            p.arguments = ["mint", "--dir", f.ledger, "--signing-key", f.key, "--jsonl", "--batch", "\(1 + w * 3)"]
            p.standardInput = try FileHandle(forReadingFrom: input)
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            processes.append(p)
        }
        for p in processes {
            p.waitUntilExit()
            #expect(p.terminationStatus == 0)
        }
        let verify = try TestSupport.evident(["ledger", "verify", "--dir", f.ledger, "--ledger-key", f.pub])
        #expect(verify.status == 0, "\(verify.stdoutText)")
        #expect(verify.stdoutText.hasPrefix("ledger valid: 160 receipts in 2 streams"), "\(verify.stdoutText)")
    }

    @Test func sensitiveFieldsAreStoredOnlyAsKeyedHashes() throws {
        let f = try Self.fixture()
        let attrs = try FileManager.default.attributesOfItem(atPath: f.ledger + "/field.key")
        #expect((attrs[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let minted = try Self.mint(f, Self.flags(f) + ["--sensitive", "actor", "--sensitive", "resource"])
        let receipt = try #require(minted.first?["receipt"] as? [String: Any])
        let actor = try #require(receipt["actor"] as? String), resource = try #require(receipt["resource"] as? String)
        #expect(actor.hasPrefix("hmac-sha256:") && actor.count == 76 && resource.hasPrefix("hmac-sha256:"))
        // The same value hashes the same way in this ledger: searchable by its keyed hash.
        let again = try Self.mint(f, Self.flags(f) + ["--sensitive", "actor", "--sensitive", "resource"])
        #expect((again.first?["receipt"] as? [String: Any])?["actor"] as? String == actor)
        let bad = try TestSupport.evident(
            ["mint", "--dir", f.ledger, "--signing-key", f.key, "--sensitive", "password"] + Self.flags(f))
        #expect(bad.status == 2 && bad.stderrText.contains("unknown field 'password'"))
    }

    @Test func rotationInTheLedgerKeepsChainsAndRevocationIsEnforced() throws {
        let f = try Self.fixture()
        _ = try Self.mint(f, Self.flags(f))
        let newKey = f.dir.appendingPathComponent("new.json").path,
            record = f.dir.appendingPathComponent("rotation.json").path
        #expect(try TestSupport.evident(["key", "new", "--output", newKey, "--plaintext"]).status == 0)
        let rot = try TestSupport.evident(["key", "rotate", "--old", f.key, "--new", newKey, "--output", record])
        #expect(rot.status == 0, "\(rot.stderrText)")
        let add = try TestSupport.evident([
            "ledger", "add-key-record", "--dir", f.ledger, "--record", record, "--ledger-key", f.pub,
        ])
        #expect(add.status == 0, "\(add.stderrText)")
        let r = try TestSupport.evident(["mint", "--dir", f.ledger, "--signing-key", newKey] + Self.flags(f))
        #expect(r.status == 0 && r.stdoutText.contains("\"seq\":2"), "\(r.stderrText)")
        // The verifier is given only the first key: the journal's rotation record introduces the new one.
        let ok = try TestSupport.evident(["ledger", "verify", "--dir", f.ledger, "--ledger-key", f.pub])
        #expect(ok.status == 0, "\(ok.stdoutText)\(ok.stderrText)")
        // Revoke the new key from the past: its receipt now fails verification, by name.
        let revocation = f.dir.appendingPathComponent("revocation.json").path
        #expect(
            try TestSupport.evident([
                "key", "revoke", "--key", newKey, "--from", "2020-01-01T00:00:00.000Z", "--reason", "compromised",
                "--output", revocation,
            ]).status == 0)
        #expect(
            try TestSupport.evident([
                "ledger", "add-key-record", "--dir", f.ledger, "--record", revocation, "--ledger-key", f.pub,
            ]).status == 0)
        let bad = try TestSupport.evident(["ledger", "verify", "--dir", f.ledger, "--ledger-key", f.pub])
        #expect(
            bad.status == 1 && bad.stdoutText.contains("receipt-key failed for receipt agent-7#2"), "\(bad.stdoutText)")
        // A forged record (signed by a key the ledger does not trust) is refused.
        let stranger = f.dir.appendingPathComponent("stranger.json").path,
            forged = f.dir.appendingPathComponent("forged.json").path
        #expect(try TestSupport.evident(["key", "new", "--output", stranger, "--plaintext"]).status == 0)
        #expect(
            try TestSupport.evident([
                "key", "revoke", "--key", stranger, "--from", "2020-01-01T00:00:00.000Z", "--reason", "x", "--output",
                forged,
            ]).status == 0)
        let refused = try TestSupport.evident([
            "ledger", "add-key-record", "--dir", f.ledger, "--record", forged, "--ledger-key", f.pub,
        ])
        #expect(refused.status == 2, "\(refused.stdoutText)")
    }
}
