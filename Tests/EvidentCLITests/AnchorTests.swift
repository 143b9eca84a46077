import EvidentTestSupport
import Foundation
import Testing

/// `evident anchor` against the built-in TSA on loopback, and `evident status`.
@Suite(.serialized) struct AnchorTests {
    static func setup() throws -> (LedgerCLITests.Fixture, TSAServerTests.Server, URL) {
        let f = try LedgerCLITests.fixture()
        _ = try LedgerCLITests.mint(f, LedgerCLITests.flags(f))
        let tsaDir = try TSAServerTests.makeDirectory()
        return (f, try TSAServerTests.Server(dir: tsaDir), tsaDir)
    }

    static func anchor(_ f: LedgerCLITests.Fixture, _ extra: [String]) throws -> TestSupport.ProcessResult {
        try TestSupport.evident(["anchor", "--dir", f.ledger, "--signing-key", f.key, "--json"] + extra)
    }

    @Test func anchorsIdempotentlyAndAgainAfterGrowth() throws {
        let (f, server, tsaDir) = try Self.setup()
        defer { _ = server.stop() }
        let root = tsaDir.appendingPathComponent("root.pem").path
        let first = try Self.anchor(f, ["--tsa", server.base + "/", "--tsa-roots", root])
        #expect(first.status == 0, "\(first.stderrText)")
        #expect(first.stdoutText.contains("\"status\":\"anchored\"") && first.stdoutText.contains("\"tree_size\":1"))
        let again = try Self.anchor(f, ["--tsa", server.base + "/", "--tsa-roots", root])
        #expect(again.stdoutText.contains("\"status\":\"already-anchored\""), "\(again.stdoutText)")
        let after = try LedgerCLITests.mint(f, LedgerCLITests.flags(f))
        // A receipt minted after an anchor references it: it provably postdates that genTime.
        #expect(((after.first?["receipt"] as? [String: Any])?["anchor"] as? String)?.count == 64)
        let grown = try Self.anchor(f, ["--tsa", server.base + "/", "--tsa-roots", root])
        #expect(
            grown.stdoutText.contains("\"status\":\"anchored\"") && grown.stdoutText.contains("\"tree_size\":2"),
            "\(grown.stdoutText)")
        let status = try TestSupport.evident(["status", "--dir", f.ledger, "--ledger-key", f.pub, "--json"])
        #expect(
            status.stdoutText.contains("\"anchored_share\": 1.0")
                && status.stdoutText.contains("\"anchors\": 2"), "\(status.stdoutText)")
        // ledger verify checks that each anchor time-stamps its stored checkpoint.
        let verify = try TestSupport.evident(["ledger", "verify", "--dir", f.ledger, "--ledger-key", f.pub])
        #expect(verify.status == 0 && verify.stdoutText.contains("2 checkpoints, 2 anchors"), "\(verify.stdoutText)")
    }

    /// A pipeline's anchor loop (issue #14, item 4): each round's line reaches a reader through a
    /// pipe while the loop runs (not held in a buffer), starting with an RFC 3339 time; a failed
    /// round writes its line too; SIGTERM lets the round finish and the command exits 0.
    @Test func anchorLoopWritesEachRoundAtOnceAndStopsOnSIGTERM() throws {
        let (f, server, tsaDir) = try Self.setup()
        defer { _ = server.stop() }
        let root = tsaDir.appendingPathComponent("root.pem").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestSupport.evidentBinary)
        process.arguments = [
            "anchor", "--dir", f.ledger, "--signing-key", f.key, "--tsa", server.base + "/", "--tsa-roots", root,
            "--every", "1s", "--json",
        ]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Read lines as they come, on a thread of their own.
        final class Lines: @unchecked Sendable {
            var items: [String] = []
            let lock = NSLock()
        }
        let lines = Lines()
        let reader = Thread {
            var buffer = Data()
            while true {
                let chunk = out.fileHandleForReading.availableData
                if chunk.isEmpty { return }
                buffer += chunk
                while let nl = buffer.firstIndex(of: 0x0A) {
                    let line = String(decoding: buffer[buffer.startIndex..<nl], as: UTF8.self)
                    buffer = Data(buffer[(nl + 1)...])
                    lines.lock.withLock { lines.items.append(line) }
                }
            }
        }
        reader.start()
        func waitFor(_ count: Int, seconds: Double) -> [String] {
            let until = Date().addingTimeInterval(seconds)
            while Date() < until {
                if lines.lock.withLock({ lines.items.count }) >= count { break }
                Thread.sleep(forTimeInterval: 0.05)
            }
            return lines.lock.withLock { lines.items }
        }
        let first = waitFor(1, seconds: 15)
        #expect(first.count >= 1, "no round line while the loop runs")
        let object = first.first.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(object?["status"] as? String == "anchored" && (object?["time"] as? String)?.hasSuffix("Z") == true)
        _ = try LedgerCLITests.mint(f, LedgerCLITests.flags(f))
        let more = waitFor(3, seconds: 15)
        #expect(more.contains { $0.contains("\"status\":\"anchored\"") && $0.contains("\"tree_size\":2") }, "\(more)")
        process.terminate()  // SIGTERM
        let stopped = Date()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0 && Date().timeIntervalSince(stopped) < 10)
    }

    /// `--deadline` bounds the time spent on one TSA, all attempts together: a TSA that never
    /// answers costs about the deadline, not attempts × timeout; the failed round's line says why.
    @Test func aHungTSAIsCutOffAtTheDeadline() throws {
        let f = try LedgerCLITests.fixture()
        _ = try LedgerCLITests.mint(f, LedgerCLITests.flags(f))
        let start = Date()
        let r = try TestSupport.evident([
            "anchor", "--dir", f.ledger, "--signing-key", f.key, "--tsa", FakeTSA.shared.url("timeout"),
            "--tsa-roots", FakeTSA.shared.caFile, "--retries", "5", "--timeout", "30", "--deadline", "2",
        ])
        let elapsed = Date().timeIntervalSince(start)
        #expect(r.status == 1 && elapsed < 20, "\(elapsed) s: \(r.stderrText)")
        #expect(r.stdoutText.contains(" anchor failed: ") && r.stdoutText.hasPrefix("20"), "\(r.stdoutText)")
        // Cut off at 2 s, before the first "still waiting" report (every 5 s).
        #expect(!r.stderrText.contains("still waiting"))
        // Without a deadline, a hung TSA is reported while it hangs.
        let slow = try TestSupport.evident([
            "anchor", "--dir", f.ledger, "--signing-key", f.key, "--tsa", FakeTSA.shared.url("timeout"),
            "--tsa-roots", FakeTSA.shared.caFile, "--retries", "1", "--timeout", "7",
        ])
        #expect(
            slow.status == 1
                && slow.stderrText.contains("still waiting for \(FakeTSA.shared.url("timeout")) (attempt 1, 5 s)"),
            "\(slow.stderrText)")
    }

    @Test func notEnoughTSAsRecordsNothing() throws {
        let (f, server, tsaDir) = try Self.setup()
        defer { _ = server.stop() }
        let root = tsaDir.appendingPathComponent("root.pem").path
        let r = try Self.anchor(
            f,
            [
                "--tsa", server.base + "/", "--tsa", "http://127.0.0.1:1/", "--min-tsas", "2", "--tsa-roots", root,
                "--retries", "1",
            ])
        #expect(r.status == 1)
        #expect(
            r.stderrText.contains("anchored by 1 TSA(s), 2 required; nothing recorded: http://127.0.0.1:1/: "),
            "\(r.stderrText)")
        let status = try TestSupport.evident(["status", "--dir", f.ledger, "--json"])
        #expect(status.stdoutText.contains("\"anchors\": 0"), "\(status.stdoutText)")
    }

    @Test func untrustedTSARecordsNothing() throws {
        let (f, server, _) = try Self.setup()
        defer { _ = server.stop() }
        let other = try TSAServerTests.makeDirectory()
        let r = try Self.anchor(
            f,
            [
                "--tsa", server.base + "/", "--tsa-roots", other.appendingPathComponent("root.pem").path, "--retries",
                "1",
            ])
        #expect(r.status == 1)
        #expect(r.stderrText.contains("no path to a trusted root"), "\(r.stderrText)")
        #expect(try TestSupport.evident(["status", "--dir", f.ledger, "--json"]).stdoutText.contains("\"anchors\": 0"))
    }

    /// An anchor made by `evident anchor` (its request writes NULL digest parameters, as OpenSSL
    /// does) exports into a bundle that verifies valid offline; without the TSA root it is
    /// indeterminate, never valid.
    @Test func anchoredPeriodExportsAndVerifiesOffline() throws {
        let (f, server, tsaDir) = try Self.setup()
        defer { _ = server.stop() }
        let root = tsaDir.appendingPathComponent("root.pem").path
        #expect(try Self.anchor(f, ["--tsa", server.base + "/", "--tsa-roots", root]).status == 0)
        let bundle = f.dir.appendingPathComponent("period.evb").path
        let e = try TestSupport.evident(["export", "--dir", f.ledger, "--ledger-key", f.pub, "-o", bundle])
        #expect(e.status == 0, "\(e.stderrText)")
        // Without revocation data for the TSA certificate: indeterminate (fail closed).
        let noCRL = try TestSupport.evident(["verify", bundle, "--tsa-roots", root, "--ledger-key", f.pub])
        #expect(noCRL.status == 3 && noCRL.stdoutText.contains("no revocation data"), "\(noCRL.stdoutText)")
        // Revocation data proves good status only when issued at or after genTime plus the
        // token's accuracy (1 s; docs/verification.md, "TSA revocation").
        Thread.sleep(forTimeInterval: 2)
        let crl = f.dir.appendingPathComponent("tsa-crl.pem").path
        #expect(try TestSupport.evident(["tsa", "crl", "--dir", tsaDir.path, "-o", crl]).status == 0)
        let v = try TestSupport.evident(["verify", bundle, "--tsa-roots", root, "--crl", crl, "--ledger-key", f.pub])
        #expect(v.status == 0 && v.stdoutText.hasPrefix("bundle valid"), "\(v.stdoutText)\(v.stderrText)")
        // The TSA certificate revoked (key compromise) an hour before the anchor: invalid.
        let revoked = f.dir.appendingPathComponent("tsa-crl-revoked.pem").path
        let hourAgo = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-3600))
        #expect(
            try TestSupport.evident([
                "tsa", "crl", "--dir", tsaDir.path, "--revoke-tsa", "--revoked-at", hourAgo, "-o", revoked,
            ]).status == 0)
        let r = try TestSupport.evident([
            "verify", bundle, "--tsa-roots", root, "--crl", revoked, "--ledger-key", f.pub,
        ])
        #expect(r.status == 1 && r.stdoutText.hasPrefix("bundle invalid: anchor"), "\(r.stdoutText)")
        let otherRoot = try TSAServerTests.makeDirectory().appendingPathComponent("root.pem").path
        let u = try TestSupport.evident(["verify", bundle, "--tsa-roots", otherRoot, "--ledger-key", f.pub])
        #expect(u.status == 3, "\(u.stdoutText)")
    }

    /// Offline means offline: `evident verify` runs in a network namespace with no interfaces
    /// (no connection can be made) and gives the same verdict, and strace shows it never even
    /// tries to open a socket.
    @Test func bundleVerificationNeedsNoNetwork() throws {
        let (f, server, tsaDir) = try Self.setup()
        let root = tsaDir.appendingPathComponent("root.pem").path
        #expect(try Self.anchor(f, ["--tsa", server.base + "/", "--tsa-roots", root]).status == 0)
        _ = server.stop()
        let bundle = f.dir.appendingPathComponent("period.evb").path
        #expect(try TestSupport.evident(["export", "--dir", f.ledger, "-o", bundle]).status == 0)
        Thread.sleep(forTimeInterval: 2)  // a CRL issued after genTime plus the token's accuracy
        let crl = f.dir.appendingPathComponent("tsa-crl.pem").path
        #expect(try TestSupport.evident(["tsa", "crl", "--dir", tsaDir.path, "-o", crl]).status == 0)
        let args = [
            TestSupport.evidentBinary, "verify", bundle, "--tsa-roots", root, "--crl", crl, "--ledger-key", f.pub,
        ]
        let isolated = try TestSupport.run("/usr/bin/unshare", ["--net"] + args)
        #expect(
            isolated.status == 0 && isolated.stdoutText.hasPrefix("bundle valid"),
            "\(isolated.stdoutText)\(isolated.stderrText)")
        let traced = try TestSupport.run(
            "/usr/bin/strace",
            ["-f", "-e", "trace=socket,connect", "-o", f.dir.appendingPathComponent("trace").path] + args)
        #expect(traced.status == 0)
        let trace = try String(contentsOf: f.dir.appendingPathComponent("trace"), encoding: .utf8)
        #expect(!trace.contains("connect(") && !trace.contains("AF_INET"), "\(trace)")
    }
}
