import EvidentTestSupport
import Foundation
import Testing

/// `evident export` and `evident verify BUNDLE` end to end: exit statuses 0 / 1 / 2 / 3.
@Suite struct BundleCLITests {
    @Test func exportVerifyAndExitStatuses() throws {
        let f = try LedgerCLITests.fixture()
        _ = try LedgerCLITests.mint(f, LedgerCLITests.flags(f))
        _ = try LedgerCLITests.mint(f, LedgerCLITests.flags(f, decision: "deny"))
        let out = f.dir.appendingPathComponent("period.evb").path

        // No checkpoint yet: bad input, nothing written.
        let early = try TestSupport.evident(["export", "--dir", f.ledger, "-o", out])
        #expect(early.status == 2 && early.stderrText.contains("evident checkpoint"), "\(early.stderrText)")
        #expect(!FileManager.default.fileExists(atPath: out))

        #expect(try TestSupport.evident(["checkpoint", "--dir", f.ledger, "--key", f.key]).status == 0)
        let e = try TestSupport.evident(["export", "--dir", f.ledger, "-o", out, "--keys", f.pub])
        #expect(e.status == 0, "\(e.stderrText)")

        let tsa = f.dir.appendingPathComponent("tsa").path
        #expect(try TestSupport.evident(["tsa", "init", "--dir", tsa, "--subject", "/O=Evident Tests/CN=TSA"]).status == 0)
        let roots = tsa + "/root.pem"

        // No anchors: indeterminate (exit 3), and the report says why.
        let v = try TestSupport.evident(["verify", out, "--tsa-roots", roots, "--ledger-key", f.pub])
        #expect(v.status == 3, "\(v.stdoutText)\(v.stderrText)")
        #expect(v.stdoutText.contains("anchor-coverage") && v.stdoutText.contains("receipts: 2 (allow 1, deny 1)"))
        let j = try TestSupport.evident(["verify", out, "--tsa-roots", roots, "--ledger-key", f.pub, "--json"])
        let report = try JSONSerialization.jsonObject(with: j.stdout) as? [String: Any]
        #expect(report?["verdict"] as? String == "indeterminate")

        // Tampered: invalid (exit 1) naming the check.
        var bytes = try Data(contentsOf: URL(fileURLWithPath: out))
        let marker = Data("search:web".utf8)
        let r = try #require(bytes.range(of: marker))
        bytes.replaceSubrange(r, with: Data("search:wex".utf8))
        let bad = f.dir.appendingPathComponent("bad.evb").path
        try bytes.write(to: URL(fileURLWithPath: bad))
        let t = try TestSupport.evident(["verify", bad, "--tsa-roots", roots, "--ledger-key", f.pub])
        #expect(t.status == 1 && t.stdoutText.hasPrefix("bundle invalid: manifest-digest"), "\(t.stdoutText)")

        // Bad input: exit 2.
        let missing = try TestSupport.evident(["verify", f.dir.appendingPathComponent("nope.evb").path, "--tsa-roots", roots, "--ledger-key", f.pub])
        #expect(missing.status == 2)
    }
}
