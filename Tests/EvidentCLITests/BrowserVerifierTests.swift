import EvidentTestSupport
import Foundation
import Testing

/// The browser verifier (docs/browser-verifier.md): the file the CLI writes is the file the
/// sources build, its fingerprint is the one the docs publish, it admits nothing from outside,
/// and in headless Chromium it gives the same verdict and first failing check as `evident verify`
/// on every case of the conformance corpus (testdata/conformance/manifest.tsv).
@Suite(.serialized) struct BrowserVerifierTests {
    static let script = TestSupport.repoRoot.appendingPathComponent("scripts/verifier-test.py").path

    static func builtPage() throws -> URL {
        let dir = try TestSupport.temporaryDirectory()
        let page = dir.appendingPathComponent("evident-verifier.html")
        let r = try TestSupport.evident(["verifier-html", "-o", page.path])
        #expect(r.status == 0, "\(r.stderrText)")
        return page
    }

    @Test func committedAssetsAreWhatTheSourcesBuild() throws {
        let r = try TestSupport.run(
            "/usr/bin/python3", [TestSupport.repoRoot.appendingPathComponent("scripts/build-verifier").path, "--check"])
        #expect(r.status == 0, "\(r.stderrText)")
    }

    @Test func cliWritesTheFileTheDocsFingerprint() throws {
        let page = try Self.builtPage()
        let bytes = try TestSupport.read(page)
        let digest = try #require(
            try TestSupport.openssl(["dgst", "-sha256", "-r", page.path]).stdoutText.split(separator: " ").first)
        let docs = String(
            decoding: try TestSupport.read(TestSupport.repoRoot.appendingPathComponent("docs/browser-verifier.md")),
            as: UTF8.self)
        #expect(
            docs.contains("<!-- verifier-sha256 -->`\(digest)`"), "docs/browser-verifier.md does not publish \(digest)")
        // Refuses to replace an existing file without --force.
        let again = try TestSupport.evident(["verifier-html", "-o", page.path])
        #expect(again.status == 2 && again.stderrText.contains("exists"), "\(again.stderrText)")
        let html = String(decoding: bytes, as: UTF8.self)
        // Nothing outside the file: a CSP of default-src 'none', scripts and styles by hash only,
        // no URL the page could load, no way to send anything anywhere.
        #expect(html.contains("default-src 'none'; script-src 'sha256-"))
        #expect(!html.contains("'unsafe-inline'") && !html.contains("'unsafe-eval'"))
        for forbidden in [
            "fetch(", "XMLHttpRequest", "WebSocket", "sendBeacon", "EventSource", "import(", "src=\"http",
            "href=\"http",
        ] {
            #expect(!html.contains(forbidden), "the page contains \(forbidden)")
        }
    }

    @Test func conformanceCorpusInHeadlessChromium() throws {
        let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
        _ = try #require(chromium, "Debian's chromium is not installed (scripts/test installs it)")
        let page = try Self.builtPage()
        let shots = TestSupport.artifacts.appendingPathComponent("browser-verifier")
        try? FileManager.default.removeItem(at: shots)
        let r = try TestSupport.run(
            "/usr/bin/timeout",
            [
                "-s", "KILL", "1200", "/usr/bin/python3", Self.script, "corpus", "--html", page.path, "--corpus",
                TestSupport.testdata("conformance").path, "--shots", shots.path, "--evident",
                TestSupport.evidentBinary,
            ])
        let lines = r.stdoutText.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let summary = try #require(lines.last, "no summary: \(r.stderrText)")
        let cases = summary["cases"] as? Int ?? 0
        #expect(cases >= 60, "the corpus has \(cases) cases")
        for row in lines.dropLast() where row["agree"] as? Bool != true {
            Issue.record("browser verifier disagrees: \(row)")
        }
        #expect(r.status == 0 && summary["disagreements"] as? Int == 0, "\(r.stderrText)")
    }
}
