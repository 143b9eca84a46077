import EvidentTestSupport
import Foundation
import Testing

/// `ts verify` with many tokens in one process (issue #19, goal 4; docs/verifier.md, "Many tokens
/// in one process"): each token's report is the one it gets alone, a bad or missing file among
/// good ones is named and does not stop the others, and the exit status is the worst verdict.
@Suite(.serialized) struct TSVerifyManyTests {
    /// Two files stamped by the built-in TSA on loopback: each token with its own request.
    struct Fixture {
        let dir: URL
        let roots: String
        let first: (token: String, request: String)
        let second: (token: String, request: String)
        var base: [String] { ["ts", "verify", "--tsa-roots", roots] }
    }

    static let fixture: Fixture = {
        do {
            let tsaDir = try TSAServerTests.makeDirectory()
            let server = try TSAServerTests.Server(dir: tsaDir)
            defer { _ = server.stop() }
            let dir = try TestSupport.temporaryDirectory()
            let roots = tsaDir.appendingPathComponent("root.pem").path
            var pairs: [(token: String, request: String)] = []
            for name in ["first.txt", "second.txt"] {
                let data = dir.appendingPathComponent(name)
                try Data("\(name)\n".utf8).write(to: data)
                let r = try TestSupport.evident([
                    "stamp", data.path, "--tsa", server.base + "/", "--tsa-roots", roots, "-o", dir.path,
                ])
                precondition(r.status == 0, r.stderrText)
                pairs.append(
                    (dir.appendingPathComponent(name + ".tsr").path, dir.appendingPathComponent(name + ".tsq").path))
            }
            return Fixture(dir: dir, roots: roots, first: pairs[0], second: pairs[1])
        } catch {
            preconditionFailure("fixture: \(error)")
        }
    }()

    /// The report of one token verified alone (its whole stdout).
    static func alone(_ token: String, _ request: String) throws -> TestSupport.ProcessResult {
        try TestSupport.evident(fixture.base + ["--in", token, "--queryfile", request])
    }

    @Test func eachTokenGetsTheReportItGetsAlone() throws {
        let f = Self.fixture
        let one = try Self.alone(f.first.token, f.first.request)
        let two = try Self.alone(f.second.token, f.second.request)
        #expect(one.status == 0 && two.status == 0, "\(one.stdoutText)\(two.stdoutText)")
        #expect(!one.stdoutText.contains("== ") && !one.stdoutText.contains("tokens:"))
        let many = try TestSupport.evident(
            f.base + [
                "--in", f.first.token, f.second.token, "--queryfile", f.first.request, f.second.request,
            ])
        #expect(many.status == 0, "\(many.stderrText)")
        #expect(
            many.stdoutText
                == "== \(f.first.token)\n\(one.stdoutText)== \(f.second.token)\n\(two.stdoutText)"
                + "2 tokens: 2 valid, 0 invalid, 0 indeterminate\n")
        // The option repeated, and a list file with each token's request after a tab: the same.
        let repeated = try TestSupport.evident(
            f.base + [
                "--in", f.first.token, "--queryfile", f.first.request, "--in", f.second.token,
                "--queryfile", f.second.request,
            ])
        #expect(repeated.stdoutText == many.stdoutText)
        let work = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let list = work.appendingPathComponent("tokens.txt")
        try Data(
            "\(f.first.token)\t\(f.first.request)\n\n\(f.second.token)\t\(f.second.request)\r\n".utf8
        ).write(to: list)
        let listed = try TestSupport.evident(f.base + ["--in-list", list.path])
        #expect(listed.status == 0 && listed.stdoutText == many.stdoutText, "\(listed.stderrText)")
    }

    @Test func aBadFileAmongGoodOnesIsNamedAndTheWorstVerdictIsTheExitStatus() throws {
        let f = Self.fixture
        let work = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let garbage = work.appendingPathComponent("garbage.tsr").path
        try Data("not a token".utf8).write(to: URL(fileURLWithPath: garbage))
        let missing = work.appendingPathComponent("missing.tsr").path

        // A file that is not a token is invalid (the der check); the good ones are still valid.
        let bad = try TestSupport.evident(
            f.base + [
                "--in", f.first.token, garbage, f.second.token, "--queryfile", f.first.request,
                f.first.request, f.second.request,
            ])
        #expect(bad.status == 1)
        #expect(bad.stdoutText.contains("== \(garbage)\nVerification: invalid"), "\(bad.stdoutText)")
        #expect(bad.stdoutText.hasSuffix("3 tokens: 2 valid, 1 invalid, 0 indeterminate\n"), "\(bad.stdoutText)")

        // A file that cannot be read: named on stdout and stderr, the others verified, exit 2.
        let unreadable = try TestSupport.evident(
            f.base + [
                "--in", f.first.token, missing, "--queryfile", f.first.request, f.second.request,
            ])
        #expect(unreadable.status == 2)
        #expect(unreadable.stdoutText.contains("== \(missing)\nerror: \(missing): cannot open"))
        #expect(unreadable.stderrText.contains("evident: error: \(missing): cannot open"))
        #expect(unreadable.stdoutText.hasSuffix("2 tokens: 1 valid, 0 invalid, 0 indeterminate, 1 unreadable\n"))
        // Invalid outranks unreadable.
        let both = try TestSupport.evident(
            f.base + ["--in", garbage, missing, "--queryfile", f.first.request, f.first.request])
        #expect(both.status == 1)

        // Requests paired with the wrong tokens: invalid (the imprint), never valid.
        let swapped = try TestSupport.evident(
            f.base + [
                "--in", f.first.token, f.second.token, "--queryfile", f.second.request, f.first.request,
            ])
        #expect(swapped.status == 1, "\(swapped.stdoutText)")
        #expect(swapped.stdoutText.hasSuffix("2 tokens: 0 valid, 2 invalid, 0 indeterminate\n"))

        // --json: one line per token, each naming its file.
        let json = try TestSupport.evident(
            f.base + [
                "--in", f.first.token, garbage, missing, "--queryfile", f.first.request, f.first.request,
                f.first.request, "--json",
            ])
        #expect(json.status == 1)
        let lines = try json.stdoutText.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(lines.map { $0["file"] as? String } == [f.first.token, garbage, missing])
        #expect(
            lines.map { ($0["verification"] as? [String: Any])?["verdict"] as? String } == ["valid", "invalid", nil])
        #expect((lines[2]["error"] as? String)?.hasPrefix("\(missing): cannot open") == true)
        #expect(lines.allSatisfy { $0["schema"] as? String == "evident.timestamp-verification-file/v1" })
    }

    @Test func usageMistakesAreRefused() throws {
        let f = Self.fixture
        let three = ["--in", f.first.token, f.second.token, f.first.token]
        // Requests must be one per token.
        let r = try TestSupport.evident(f.base + three + ["--queryfile", f.first.request, f.second.request])
        #expect(r.status == 64 && r.stderrText.contains("2 --queryfile for 3 --in"), "\(r.stderrText)")
        let shared = try TestSupport.evident(f.base + three + ["--queryfile", f.first.request])
        #expect(shared.status == 64 && shared.stderrText.contains("each request has its own nonce"))
        // A list line with nothing to compare the imprint with names the line.
        let work = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let list = work.appendingPathComponent("tokens.txt")
        try Data("\(f.first.token)\t\(f.first.request)\n\(f.second.token)\n".utf8).write(to: list)
        let listed = try TestSupport.evident(f.base + ["--in-list", list.path])
        #expect(listed.status == 2 && listed.stderrText.contains("--in-list \(list.path), line 2: nothing to compare"))
        #expect(try TestSupport.evident(f.base).status == 64)

        // A list line's request never stands in for the data the verifier named (red team round
        // 20: the first file's token with its own request was "valid" for the second file's
        // --data or --digest). Refused, naming the line; the single-token form says invalid.
        try Data("\(f.first.token)\t\(f.first.request)\n".utf8).write(to: list)
        let other = f.dir.appendingPathComponent("second.txt").path
        let digest = try #require(
            TestSupport.run("/usr/bin/sha256sum", [other]).stdoutText.split(separator: " ").first.map(String.init))
        for given in [["--data", other], ["--digest", digest]] {
            let both = try TestSupport.evident(f.base + ["--in-list", list.path] + given)
            #expect(both.status == 2 && both.stdout.isEmpty, "\(given): \(both.stdoutText)")
            #expect(
                both.stderrText.contains("--in-list \(list.path), line 1: a request, but \(given[0]) was given"),
                "\(both.stderrText)")
        }
        let alone = try TestSupport.evident(f.base + ["--in", f.first.token, "--data", other])
        #expect(alone.status == 1 && alone.stdoutText.contains("imprint"), "\(alone.stdoutText)")
    }
}
