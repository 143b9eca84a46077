import EvidentCrypto
import EvidentDER
import EvidentLedger
import EvidentTestSupport
import Foundation
import Testing

/// The ledger asks witnesses for cosignatures (issue #17): `ledger witness add/list/remove`,
/// `checkpoint` and `anchor` collecting them (with `--min-witnesses`), `status`, and bundles
/// that carry them checked with `verify --policy` — against spec-following witnesses on loopback.
@Suite(.serialized) struct WitnessLedgerTests {
    static let origin = "evident.test/cli"

    static func logKey(_ f: LedgerCLITests.Fixture) throws -> NoteVerifierKey {
        try NoteVerifierKey(
            name: origin, publicKey: LedgerKeyFile.decodePublic(TestSupport.read(URL(fileURLWithPath: f.pub))))
    }

    /// A ledger with one receipt and witnesses in the given modes, added to it.
    static func setup(_ modes: [LoopbackWitness.Mode]) throws -> (LedgerCLITests.Fixture, [LoopbackWitness]) {
        let f = try LedgerCLITests.fixture()
        _ = try LedgerCLITests.mint(f, LedgerCLITests.flags(f))
        let witnesses = try modes.enumerated().map { n, mode in
            try LoopbackWitness(name: "w\(n + 1).witness.test", logKey: logKey(f), mode: mode)
        }
        for w in witnesses {
            let r = try TestSupport.evident([
                "ledger", "witness", "add", "--dir", f.ledger, "--url", w.url, "--vkey", w.vkey,
            ])
            #expect(r.status == 0, "\(r.stderrText)")
        }
        return (f, witnesses)
    }

    static func checkpoint(_ f: LedgerCLITests.Fixture, _ extra: [String] = []) throws -> TestSupport.ProcessResult {
        try TestSupport.evident(
            ["checkpoint", "--dir", f.ledger, "--signing-key", f.key, "--witness-retries", "2"] + extra)
    }

    static func status(_ f: LedgerCLITests.Fixture) throws -> [[String: Any]] {
        let r = try TestSupport.evident(["status", "--dir", f.ledger, "--json"])
        #expect(r.status == 0, "\(r.stderrText)")
        let o = try JSONSerialization.jsonObject(with: Data(r.stdoutText.utf8)) as? [String: Any]
        return o?["witnesses"] as? [[String: Any]] ?? []
    }

    /// A tlog-policy file naming the ledger's log and the witnesses (vkey, URL) as W1, W2…, with a
    /// group Q of them all at threshold `group` as the quorum.
    static func policy(
        _ f: LedgerCLITests.Fixture, _ witnesses: [(vkey: String, url: String)], group: String
    ) throws
        -> String
    {
        var text = "log \(try logKey(f).vkey)\n"
        for (n, w) in witnesses.enumerated() { text += "witness W\(n + 1) \(w.vkey) \(w.url)\n" }
        text += "group Q \(group) " + witnesses.indices.map { "W\($0 + 1)" }.joined(separator: " ") + "\nquorum Q\n"
        let path = f.dir.appendingPathComponent("witness-policy-\(UUID().uuidString).txt").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func witnessCommands() throws {
        let f = try LedgerCLITests.fixture()
        let w = try LoopbackWitness(name: "w.witness.test", logKey: Self.logKey(f))
        defer { w.stop() }
        let add = ["ledger", "witness", "add", "--dir", f.ledger, "--url", w.url]
        // A log key (type 0x01) is not a witness's key.
        let logType = try TestSupport.evident(add + ["--vkey", Self.logKey(f).vkey])
        #expect(logType.status == 2 && logType.stderrText.contains("type 0x04"), "\(logType.stderrText)")
        let badURL = try TestSupport.evident([
            "ledger", "witness", "add", "--dir", f.ledger, "--url", "w.test", "--vkey", w.vkey,
        ])
        #expect(badURL.status == 2, "\(badURL.stderrText)")
        #expect(try TestSupport.evident(add + ["--vkey", w.vkey]).status == 0)
        let again = try TestSupport.evident(add + ["--vkey", w.vkey])
        #expect(again.status == 2 && again.stderrText.contains("already configured"), "\(again.stderrText)")
        // The same key under another name would count one witness twice (red team, issue #17:
        // ledger-min-witnesses-one-key-twice).
        let key = try NoteVerifierKey(vkey: w.vkey)
        let renamed = try NoteVerifierKey(name: "other.witness.test", publicKey: key.publicKey, type: .cosignatureV1)
        let twice = try TestSupport.evident(add + ["--vkey", renamed.vkey])
        #expect(twice.status == 2 && twice.stderrText.contains("already has this public key"), "\(twice.stderrText)")
        let list = try TestSupport.evident(["ledger", "witness", "list", "--dir", f.ledger])
        #expect(list.stdoutText.contains("w.witness.test  \(w.url)  \(w.vkey)  never cosigned"), "\(list.stdoutText)")
        #expect(
            try TestSupport.evident(["ledger", "witness", "remove", "--dir", f.ledger, "w.witness.test"]).status == 0)
        let gone = try TestSupport.evident(["ledger", "witness", "remove", "--dir", f.ledger, "w.witness.test"])
        #expect(gone.status == 2, "\(gone.stderrText)")
        #expect(
            try TestSupport.evident(["ledger", "witness", "list", "--dir", f.ledger]).stdoutText.contains(
                "no witnesses"))
    }

    /// `checkpoint` collects cosignatures; a grown log is cosigned with a consistency proof the
    /// witness checks; `status` shows each witness's newest size and its age.
    @Test func checkpointsAreCosignedAndStatusShowsIt() throws {
        let (f, ws) = try Self.setup([.honest, .honest])
        defer { ws.forEach { $0.stop() } }
        let first = try Self.checkpoint(f, ["--min-witnesses", "2"])
        #expect(first.status == 0, "\(first.stderrText)")
        #expect(first.stderrText.contains("witness w1.witness.test cosigned size 1"), "\(first.stderrText)")
        _ = try LedgerCLITests.mint(f, LedgerCLITests.flags(f))
        _ = try LedgerCLITests.mint(f, LedgerCLITests.flags(f))
        let grown = try Self.checkpoint(f, ["--min-witnesses", "2"])
        #expect(grown.status == 0, "\(grown.stderrText)")
        #expect(ws.allSatisfy { $0.heldSize == 3 })
        let again = try Self.checkpoint(f)
        #expect(again.stderrText.contains("witness w2.witness.test had cosigned size 3"), "\(again.stderrText)")
        let status = try Self.status(f)
        #expect(status.count == 2)
        for s in status {
            #expect(s["newest_cosigned_size"] as? Int == 3, "\(s)")
            #expect((s["newest_cosignature_age_seconds"] as? Int).map { (0..<120).contains($0) } == true, "\(s)")
        }
        let text = try TestSupport.evident(["status", "--dir", f.ledger])
        #expect(text.stdoutText.contains("witnesses: 2") && text.stdoutText.contains("cosigned size 3, "))
        let audit = try TestSupport.evident(["ledger", "verify", "--dir", f.ledger, "--ledger-key", f.pub])
        #expect(audit.status == 0 && audit.stdoutText.contains("4 witness cosignatures"), "\(audit.stdoutText)")
    }

    /// `--min-witnesses` not reached: exit 1 naming each witness's failure, nothing recorded as
    /// cosigned; a witness whose state moved on anyway answers 409 next time and the client
    /// retries from the size it names.
    @Test func tooFewWitnessesRecordNothingAndA409IsRetried() throws {
        let (f, ws) = try Self.setup([.honest, .unavailable, .wrongKey, .badSignature])
        defer { ws.forEach { $0.stop() } }
        let r = try Self.checkpoint(f, ["--min-witnesses", "2"])
        #expect(r.status == 1, "\(r.stderrText)")
        #expect(r.stderrText.contains("cosigned by 1 witness(es), 2 required; nothing recorded as cosigned"))
        #expect(r.stderrText.contains("w2.witness.test (\(ws[1].url)): HTTP status 503: down for maintenance"))
        #expect(r.stderrText.contains("w3.witness.test (\(ws[2].url)): no cosignature by the configured key"))
        #expect(
            r.stderrText.contains("w4.witness.test (\(ws[3].url)): the cosignature by w4.witness.test does not verify"))
        #expect(ws[1].requests == 2, "503 is retried (--witness-retries 2)")
        #expect(ws[0].heldSize == 1)
        #expect(try Self.status(f).allSatisfy { $0["newest_cosigned_size"] is NSNull })
        // The witness cosigned size 1 although the ledger recorded nothing: 409, then old 1.
        let before = ws[0].requests
        let retry = try Self.checkpoint(f, ["--min-witnesses", "1"])
        #expect(retry.status == 0, "\(retry.stderrText)")
        #expect(ws[0].requests == before + 2)
        #expect(try Self.status(f).first?["newest_cosigned_size"] as? Int == 1)
        // More required than configured.
        let many = try Self.checkpoint(f, ["--min-witnesses", "5"])
        #expect(many.status == 1 && many.stderrText.contains("only 4 witness(es) are configured"), "\(many.stderrText)")
    }

    /// `anchor` collects cosignatures before any TSA is asked; the bundle carries them (v3) and
    /// `verify --policy` with a 2-of-3 quorum is met with one witness down, not with two.
    @Test func anchoredBundlesMeetTwoOfThreeWithOneWitnessDownNotWithTwo() throws {
        let tsaDir = try TSAServerTests.makeDirectory()
        let tsa = try TSAServerTests.Server(dir: tsaDir)
        defer { _ = tsa.stop() }
        let root = tsaDir.appendingPathComponent("root.pem").path
        func run(_ modes: [LoopbackWitness.Mode]) throws -> (TestSupport.ProcessResult, String) {
            let (f, ws) = try Self.setup(modes)
            defer { ws.forEach { $0.stop() } }
            let anchor = try TestSupport.evident([
                "anchor", "--dir", f.ledger, "--signing-key", f.key, "--tsa", tsa.base + "/", "--tsa-roots", root,
                "--json", "--witness-retries", "1",
            ])
            #expect(anchor.status == 0, "\(anchor.stderrText)")
            #expect(anchor.stdoutText.contains("\"witnesses\":[{\"name\":\"w1.witness.test\",\"status\":\"cosigned\""))
            let bundle = f.dir.appendingPathComponent("b.evb").path
            #expect(try TestSupport.evident(["export", "--dir", f.ledger, "-o", bundle]).status == 0)
            let policy = try Self.policy(f, ws.map { ($0.vkey, $0.url) }, group: "2")
            let verify = try TestSupport.evident([
                "verify", bundle, "--tsa-roots", root, "--ledger-key", f.pub, "--revocation-policy", "none",
                "--policy", policy, "--json",
            ])
            return (verify, policy)
        }
        let (met, _) = try run([.honest, .unavailable, .honest])
        #expect(met.status == 0, "\(met.stdoutText)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(met.stdoutText.utf8)) as? [String: Any])
        let w = try #require(report["witnesses"] as? [String: Any])
        #expect(w["quorum_met"] as? Bool == true)
        #expect((w["cosigners"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["W1", "W3"])
        #expect((w["policy"] as? [String: Any])?["sha256"] as? String != nil)

        let (notMet, _) = try run([.honest, .unavailable, .unavailable])
        #expect(notMet.status == 3, "\(notMet.stdoutText)")
        let r2 = try #require(try JSONSerialization.jsonObject(with: Data(notMet.stdoutText.utf8)) as? [String: Any])
        let finding = try #require((r2["findings"] as? [[String: Any]])?.first)
        #expect(finding["check"] as? String == "witness-policy" && finding["outcome"] as? String == "indeterminate")
        #expect((finding["reason"] as? String)?.contains("cosigned by W1 at 20") == true, "\(finding)")
        #expect((r2["witnesses"] as? [String: Any])?["quorum_met"] as? Bool == false)
    }

    /// A split view: two ledgers forked from one key and origin, the same two witnesses. The
    /// first history is cosigned; the fork's checkpoint is refused by both (each holds the first
    /// history's size: 409, then the fork's proof from that size does not verify: 422), nothing
    /// is recorded, and a bundle of the fork does not meet the policy (indeterminate).
    @Test func aForkIsRefusedByTheWitnessesAndItsBundleFailsThePolicy() throws {
        let (f, ws) = try Self.setup([.honest, .honest])
        defer { ws.forEach { $0.stop() } }
        #expect(try Self.checkpoint(f, ["--min-witnesses", "2"]).status == 0)
        // The fork: same origin and key, its own receipts.
        let fork = f.dir.appendingPathComponent("fork").path
        #expect(try TestSupport.evident(["ledger", "init", "--dir", fork, "--origin", Self.origin]).status == 0)
        for resource in ["fork:1", "fork:2"] {
            var flags = LedgerCLITests.flags(f)
            flags[flags.firstIndex(of: "--resource")! + 1] = resource
            #expect(try TestSupport.evident(["mint", "--dir", fork, "--signing-key", f.key] + flags).status == 0)
        }
        for w in ws {
            #expect(
                try TestSupport.evident(["ledger", "witness", "add", "--dir", fork, "--url", w.url, "--vkey", w.vkey])
                    .status == 0)
        }
        let refused = try TestSupport.evident([
            "checkpoint", "--dir", fork, "--signing-key", f.key, "--min-witnesses", "1",
        ])
        #expect(refused.status == 1, "\(refused.stderrText)")
        for w in ws {
            #expect(refused.stderrText.contains("\(w.url)): HTTP status 422"), "\(refused.stderrText)")
            #expect(w.heldSize == 1)
        }
        let status = try TestSupport.evident(["status", "--dir", fork, "--json"])
        #expect(status.stdoutText.contains("\"newest_cosigned_size\": null"), "\(status.stdoutText)")
        let bundle = f.dir.appendingPathComponent("fork.evb").path
        #expect(try TestSupport.evident(["export", "--dir", fork, "--allow-unanchored", "-o", bundle]).status == 0)
        let roots = try TSAServerTests.makeDirectory().appendingPathComponent("root.pem").path
        let verify = try TestSupport.evident([
            "verify", bundle, "--tsa-roots", roots, "--ledger-key", f.pub, "--policy",
            Self.policy(f, ws.map { ($0.vkey, $0.url) }, group: "any"),
            "--json",
        ])
        #expect(verify.status == 3, "\(verify.stdoutText)")
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(verify.stdoutText.utf8)) as? [String: Any])
        let first = try #require((report["findings"] as? [[String: Any]])?.first)
        #expect(first["check"] as? String == "witness-policy", "\(first)")
        #expect((first["reason"] as? String)?.contains("no policy witness cosigned it") == true, "\(first)")
    }

    /// A witness that never answers costs at most the timeout per attempt; the others answer.
    @Test func aHungWitnessTimesOut() throws {
        let (f, ws) = try Self.setup([.silent, .honest])
        defer { ws.forEach { $0.stop() } }
        let started = Date()
        let r = try Self.checkpoint(f, ["--min-witnesses", "2", "--witness-timeout", "1", "--witness-retries", "1"])
        #expect(r.status == 1, "\(r.stderrText)")
        #expect(Date().timeIntervalSince(started) < 20)
        #expect(r.stderrText.contains("w1.witness.test (\(ws[0].url)): "), "\(r.stderrText)")
        #expect(r.stderrText.contains("timed out") && r.stderrText.contains("cosigned by 1 witness(es), 2 required"))
    }

    /// A shared PostgreSQL ledger shares its witnesses: configured through one machine's ledger
    /// directory, used by a checkpoint made through another's, seen in a third's status.
    @Test func aSharedPostgreSQLLedgerSharesItsWitnesses() throws {
        let url = TestPostgres.freshURL()
        let dirs = try (0..<2).map { _ in try TestSupport.temporaryDirectory().appendingPathComponent("ledger").path }
        for (n, dir) in dirs.enumerated() {
            let r = try TestSupport.evident(
                ["ledger", "init", "--dir", dir, "--origin", Self.origin, "--store", url] + (n > 0 ? ["--join"] : []))
            #expect(r.status == 0, "\(r.stderrText)")
        }
        let f = try LedgerCLITests.fixture()
        let mint = try TestSupport.evident(
            ["mint", "--dir", dirs[0], "--signing-key", f.key] + LedgerCLITests.flags(f))
        #expect(mint.status == 0, "\(mint.stderrText)")
        let w = try LoopbackWitness(name: "shared.witness.test", logKey: Self.logKey(f))
        defer { w.stop() }
        let add = try TestSupport.evident([
            "ledger", "witness", "add", "--dir", dirs[0], "--url", w.url, "--vkey", w.vkey,
        ])
        #expect(add.status == 0, "\(add.stderrText)")
        let checkpoint = try TestSupport.evident([
            "checkpoint", "--dir", dirs[1], "--signing-key", f.key, "--min-witnesses", "1",
        ])
        #expect(checkpoint.status == 0, "\(checkpoint.stderrText)")
        let status = try TestSupport.evident(["status", "--dir", dirs[0]])
        #expect(status.stdoutText.contains("shared.witness.test  cosigned size 1"), "\(status.stdoutText)")
    }

    /// A bad policy file is bad input (exit 2); without --policy the text report says so.
    @Test func policyInput() throws {
        let (f, ws) = try Self.setup([.honest])
        defer { ws.forEach { $0.stop() } }
        #expect(try Self.checkpoint(f).status == 0)
        let bundle = f.dir.appendingPathComponent("b.evb").path
        #expect(try TestSupport.evident(["export", "--dir", f.ledger, "--allow-unanchored", "-o", bundle]).status == 0)
        let roots = try TSAServerTests.makeDirectory().appendingPathComponent("root.pem").path
        let bad = f.dir.appendingPathComponent("bad-policy.txt").path
        try Data("quorum nobody\n".utf8).write(to: URL(fileURLWithPath: bad))
        let r = try TestSupport.evident([
            "verify", bundle, "--tsa-roots", roots, "--ledger-key", f.pub, "--policy", bad,
        ])
        #expect(r.status == 2 && r.stderrText.contains("--policy"), "\(r.stderrText)")
        let plain = try TestSupport.evident(["verify", bundle, "--tsa-roots", roots, "--ledger-key", f.pub])
        #expect(plain.stdoutText.contains("witnesses: no witness policy was applied"), "\(plain.stdoutText)")
    }
}
