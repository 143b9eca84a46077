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
