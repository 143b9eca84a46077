import EvidentCrypto
import EvidentLedger
import EvidentTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The ledger against real witnesses (`evident witness init/serve`, branch `witness`): a 2-of-3
/// quorum met with one witness down and not with two, and the split view — a fork of one key and
/// origin refused by both witnesses, its bundle failing the policy.
@Suite(.serialized) struct RealWitnessTests {
    /// `evident witness serve` for the fixture's log, on loopback.
    final class RealWitness: @unchecked Sendable {
        let process = Process()
        let vkey: String
        let url: String
        private(set) var running = true

        init(_ f: LedgerCLITests.Fixture, name: String) throws {
            let dir = try TestSupport.temporaryDirectory().appendingPathComponent("witness")
            let r = try TestSupport.evident(["witness", "init", "--dir", dir.path, "--name", name, "--plaintext"])
            guard r.status == 0 else { throw NSError(domain: "witness init: \(r.stderrText)", code: 1) }
            vkey = r.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
            try Data("log \(try WitnessLedgerTests.logKey(f).vkey)\nquorum none\n".utf8).write(
                to: dir.appendingPathComponent("logs.policy"))
            let portFile = dir.appendingPathComponent("port")
            process.executableURL = URL(fileURLWithPath: TestSupport.evidentBinary)
            process.arguments = [
                "witness", "serve", "--dir", dir.path, "--listen", "127.0.0.1:0", "--port-file", portFile.path,
                "--threads", "2",
            ]
            let port = try TestSupport.startServer(process, portFile: portFile)
            url = "http://127.0.0.1:\(port)"
        }

        func stop() {
            guard running else { return }
            running = false
            process.terminate()
            process.waitUntilExit()
        }
    }

    static func witnesses(_ f: LedgerCLITests.Fixture, _ n: Int, dir: String? = nil) throws -> [RealWitness] {
        let ws = try (1...n).map { try RealWitness(f, name: "w\($0).real.test") }
        for w in ws { try add(w, to: dir ?? f.ledger) }
        return ws
    }

    static func add(_ w: RealWitness, to ledger: String) throws {
        let r = try TestSupport.evident(["ledger", "witness", "add", "--dir", ledger, "--url", w.url, "--vkey", w.vkey])
        #expect(r.status == 0, "\(r.stderrText)")
    }

    @Test func twoOfThreeRealWitnessesWithOneDownIsMetWithTwoDownIsNot() throws {
        let tsaDir = try TSAServerTests.makeDirectory()
        let tsa = try TSAServerTests.Server(dir: tsaDir)
        defer { _ = tsa.stop() }
        let root = tsaDir.appendingPathComponent("root.pem").path
        /// Anchors with `down` witnesses stopped, exports, verifies with a 2-of-3 policy.
        func run(down: Int) throws -> [String: Any] {
            let f = try LedgerCLITests.fixture()
            _ = try LedgerCLITests.mint(f, LedgerCLITests.flags(f))
            let ws = try Self.witnesses(f, 3)
            defer { ws.forEach { $0.stop() } }
            ws.suffix(down).forEach { $0.stop() }
            let anchor = try TestSupport.evident([
                "anchor", "--dir", f.ledger, "--signing-key", f.key, "--tsa", tsa.base + "/", "--tsa-roots", root,
                "--witness-retries", "1", "--min-witnesses", "\(3 - down)",
            ])
            #expect(anchor.status == 0, "\(anchor.stderrText)")
            #expect(anchor.stdoutText.contains("cosigned by \(3 - down) of 3 witness(es)"), "\(anchor.stdoutText)")
            let bundle = f.dir.appendingPathComponent("b.evb").path
            #expect(try TestSupport.evident(["export", "--dir", f.ledger, "-o", bundle]).status == 0)
            let verify = try TestSupport.evident([
                "verify", bundle, "--tsa-roots", root, "--ledger-key", f.pub, "--revocation-policy", "none",
                "--policy", WitnessLedgerTests.policy(f, ws.map { ($0.vkey, $0.url) }, group: "2"), "--json",
            ])
            #expect(verify.status == (down < 2 ? 0 : 3), "\(verify.stdoutText)")
            return try JSONSerialization.jsonObject(with: Data(verify.stdoutText.utf8)) as? [String: Any] ?? [:]
        }
        let met = try run(down: 1)
        #expect((met["witnesses"] as? [String: Any])?["quorum_met"] as? Bool == true, "\(met)")
        let notMet = try run(down: 2)
        #expect((notMet["witnesses"] as? [String: Any])?["quorum_met"] as? Bool == false, "\(notMet)")
        let finding = (notMet["findings"] as? [[String: Any]])?.first
        #expect(finding?["check"] as? String == "witness-policy")
        #expect(
            (finding?["reason"] as? String)?.contains("cosigned by W1 at ") == true, "\(String(describing: finding))")
    }

    /// Real witnesses cosign a grown log from the size each last cosigned (a consistency proof
    /// they check); when `--min-witnesses` is not met nothing is recorded although a witness
    /// moved on, and the next run gets its 409 and asks again from the size it names.
    @Test func realWitnessesCosignAGrowingLogAndA409IsAnsweredFromTheirSize() throws {
        let f = try LedgerCLITests.fixture()
        _ = try LedgerCLITests.mint(f, LedgerCLITests.flags(f))
        let ws = try Self.witnesses(f, 2)
        defer { ws.forEach { $0.stop() } }
        #expect(try WitnessLedgerTests.checkpoint(f, ["--min-witnesses", "2"]).status == 0)
        for _ in 0..<3 { _ = try LedgerCLITests.mint(f, LedgerCLITests.flags(f)) }
        let grown = try WitnessLedgerTests.checkpoint(f, ["--min-witnesses", "2"])
        #expect(grown.status == 0, "\(grown.stderrText)")
        #expect(grown.stderrText.contains("witness w2.real.test cosigned size 4"), "\(grown.stderrText)")
        // A third witness that is down: 3 required, 2 answer; nothing recorded for size 6.
        let down = try RealWitness(f, name: "w3.real.test")
        try Self.add(down, to: f.ledger)
        down.stop()
        for _ in 0..<2 { _ = try LedgerCLITests.mint(f, LedgerCLITests.flags(f)) }
        let short = try WitnessLedgerTests.checkpoint(f, ["--min-witnesses", "3", "--witness-retries", "1"])
        #expect(short.status == 1, "\(short.stderrText)")
        #expect(short.stderrText.contains("cosigned by 2 witness(es), 3 required; nothing recorded"))
        #expect(try WitnessLedgerTests.status(f).compactMap { $0["newest_cosigned_size"] as? Int } == [4, 4])
        // The two that cosigned size 6 hold it; the ledger still says 4: 409, then from 6.
        let again = try WitnessLedgerTests.checkpoint(f, ["--min-witnesses", "2", "--witness-retries", "1"])
        #expect(again.status == 0, "\(again.stderrText)")
        #expect(try WitnessLedgerTests.status(f).compactMap { $0["newest_cosigned_size"] as? Int } == [6, 6])
        let audit = try TestSupport.evident(["ledger", "verify", "--dir", f.ledger, "--ledger-key", f.pub])
        #expect(audit.status == 0 && audit.stdoutText.contains("6 witness cosignatures"), "\(audit.stdoutText)")
    }

    /// The split view with real witnesses: the fork's checkpoint is refused by both with the
    /// witness's conflict evidence (an equivocation proof), nothing is recorded, its bundle does
    /// not meet the policy.
    @Test func aForkIsRefusedByRealWitnesses() throws {
        let f = try LedgerCLITests.fixture()
        _ = try LedgerCLITests.mint(f, LedgerCLITests.flags(f))
        let ws = try Self.witnesses(f, 2)
        defer { ws.forEach { $0.stop() } }
        let first = try WitnessLedgerTests.checkpoint(f, ["--min-witnesses", "2"])
        #expect(first.status == 0, "\(first.stderrText)")
        let fork = f.dir.appendingPathComponent("fork").path
        #expect(
            try TestSupport.evident(["ledger", "init", "--dir", fork, "--origin", WitnessLedgerTests.origin]).status
                == 0)
        // A checkpoint of the same size as the cosigned one, with another root: the witness
        // proves the equivocation (two signed checkpoints of one size) and says so.
        for resource in ["fork:1"] {
            var flags = LedgerCLITests.flags(f)
            flags[flags.firstIndex(of: "--resource")! + 1] = resource
            #expect(try TestSupport.evident(["mint", "--dir", fork, "--signing-key", f.key] + flags).status == 0)
        }
        for w in ws { try Self.add(w, to: fork) }
        let refused = try TestSupport.evident([
            "checkpoint", "--dir", fork, "--signing-key", f.key, "--min-witnesses", "1", "--witness-retries", "1",
        ])
        #expect(refused.status == 1, "\(refused.stderrText)")
        for w in ws {
            #expect(
                refused.stderrText.contains("\(w.url)): HTTP status 422: the witness refused it as inconsistent"),
                "\(refused.stderrText)")
        }
        #expect(refused.stderrText.contains("with an equivocation proof"), "\(refused.stderrText)")
        let status = try TestSupport.evident(["status", "--dir", fork, "--json"])
        #expect(status.stdoutText.contains("\"newest_cosigned_size\": null"), "\(status.stdoutText)")
        let bundle = f.dir.appendingPathComponent("fork.evb").path
        #expect(try TestSupport.evident(["export", "--dir", fork, "--allow-unanchored", "-o", bundle]).status == 0)
        let roots = try TSAServerTests.makeDirectory().appendingPathComponent("root.pem").path
        let verify = try TestSupport.evident([
            "verify", bundle, "--tsa-roots", roots, "--ledger-key", f.pub, "--policy",
            WitnessLedgerTests.policy(f, ws.map { ($0.vkey, $0.url) }, group: "any"),
        ])
        #expect(verify.status == 3, "\(verify.stdoutText)")
        #expect(verify.stdoutText.contains("witness-policy"), "\(verify.stdoutText)")
        #expect(verify.stdoutText.contains("no policy witness cosigned it"), "\(verify.stdoutText)")
        // The honest history is still cosigned by both, and its bundle meets the same policy.
        let honest = f.dir.appendingPathComponent("honest.evb").path
        #expect(try TestSupport.evident(["export", "--dir", f.ledger, "--allow-unanchored", "-o", honest]).status == 0)
        let ok = try TestSupport.evident([
            "verify", honest, "--tsa-roots", roots, "--ledger-key", f.pub, "--policy",
            WitnessLedgerTests.policy(f, ws.map { ($0.vkey, $0.url) }, group: "all"),
            "--json",
        ])
        #expect(ok.stdoutText.contains("\"quorum_met\":true"), "\(ok.stdoutText)")
    }
}
