import EvidentTestSupport
import Foundation
import Testing

/// The forgery suite (testdata/forgeries, made by scripts/make-forgeries; docs/verification.md):
/// every case through `evident verify` as a regulator runs it, with the committed trust inputs.
/// Each must give its expected exit status and first failing (or undetermined) check; the genuine
/// bundles must stay valid (zero false rejects); no output may carry a control character that a
/// terminal would obey.
@Suite struct ForgeryTests {
    struct Case: Sendable, CustomStringConvertible {
        let name: String
        let bundle: String
        let options: [String]
        let status: Int32
        let check: String
        let what: String
        var description: String { name }
    }

    static let folder = "forgeries"

    static let cases: [Case] = {
        guard let text = try? String(contentsOf: TestSupport.testdata("\(folder)/expected.tsv"), encoding: .utf8) else {
            return []
        }
        return text.split(separator: "\n").dropFirst().map { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return Case(
                name: f[0], bundle: f[1], options: f[2].split(separator: " ").map(String.init),
                status: Int32(f[3]) ?? -1, check: f[4], what: f[5])
        }
    }()

    static func path(_ name: String) -> String { TestSupport.testdata("\(folder)/\(name)").path }

    static func verify(_ c: Case, json: Bool) throws -> TestSupport.ProcessResult {
        var args = [
            "verify", path(c.bundle), "--tsa-roots", path("root.pem"), "--ledger-key", path("old-key.pub.json"),
            "--ledger-key", path("ledger-key.pub.json"),
        ]
        args += c.options.map { $0.hasSuffix(".pem") || $0.hasSuffix(".json") ? path($0) : $0 }
        if json { args.append("--json") }
        return try TestSupport.evident(args)
    }

    @Test func theSuiteIsThereAndCoversEveryClass() {
        let names = Set(Self.cases.map(\.name))
        #expect(Self.cases.count >= 30, "\(Self.cases.count) cases")
        for required in [
            "genuine-full", "genuine-period", "genuine-filtered", "fork-equal-sizes", "fork-other-pair",
            "checkpoint-of-another-log",
            "dropped-receipt-contiguous-false", "filters-lied", "boundary-removed", "time-backdated", "time-postdated",
            "journal-revocation-removed", "journal-rotation-removed", "revocation-missing",
            "tsa-revoked-before-gentime",
            "ltv-revocation-emptied", "anchor-relabelled", "escapes-in-labels", "oversized-note", "not-a-bundle",
            "format-v1",
            "key-revoked-rotated-by-thief", "key-revoked-backdated", "key-retired-rotated-again",
            "invisible-stream-names",
            "stale-crl-carried", "anchor-listed-twice", "setuid-entry", "script-as-public-key",
        ] {
            #expect(names.contains(required), "missing case \(required)")
        }
    }

    @Test(arguments: ForgeryTests.cases) func verdictAndFirstCheck(_ c: Case) throws {
        let r = try Self.verify(c, json: true)
        #expect(r.status == c.status, "\(c.name) (\(c.what)): exit \(r.status)\n\(r.stdoutText)\(r.stderrText)")
        if c.status == 2 {
            #expect(r.stderrText.contains("evident: error:") && r.stdout.isEmpty, "\(r.stderrText)")
            return
        }
        let report = try #require(try JSONSerialization.jsonObject(with: r.stdout) as? [String: Any])
        let first = (report["findings"] as? [[String: Any]])?.first?["check"] as? String ?? "-"
        #expect(first == c.check, "\(c.name) (\(c.what)): first check \(first)\n\(r.stdoutText)")
        if c.status == 0 { #expect(report["verdict"] as? String == "valid") }
    }

    @Test(arguments: ForgeryTests.cases) func textOutputObeysNoControlCharacter(_ c: Case) throws {
        let r = try Self.verify(c, json: false)
        #expect(r.status == c.status)
        let bytes = [UInt8](r.stdout) + [UInt8](r.stderr)
        #expect(
            !bytes.contains { ($0 < 0x20 && $0 != 0x0A && $0 != 0x09) || $0 == 0x7F },
            "\(c.name): a control character reached the output")
        let text = r.stdoutText + r.stderrText
        let unsafe: [ClosedRange<UInt32>] = [
            0x80...0x9F, 0xAD...0xAD, 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2069, 0x3164...0x3164,
            0xFEFF...0xFEFF, 0xE0000...0xE007F,
        ]
        #expect(
            !text.unicodeScalars.contains { u in unsafe.contains { $0.contains(u.value) } },
            "\(c.name): an invisible or control code point reached the output")
        if c.status == 0 {
            // Valid never hides what is not proven or only claimed.
            #expect(text.contains("selection (claimed by the manifest)") && text.contains("completeness: "), "\(text)")
            #expect(
                !text.contains("by TSA https://") && !text.contains("by https://"), "a TSA label shown as fact: \(text)"
            )
        }
    }

    @Test func filteredAndRelabelledSelectionsSayTheyAreNotProvenComplete() throws {
        for name in ["genuine-filtered", "deploys-dropped-claimed-filter"] {
            let c = try #require(Self.cases.first { $0.name == name })
            let r = try Self.verify(c, json: false)
            #expect(
                r.status == 0 && r.stdoutText.contains("completeness: NOT PROVEN: a filtered selection"),
                "\(r.stdoutText)")
        }
        let full = try #require(Self.cases.first { $0.name == "genuine-full" })
        #expect(try Self.verify(full, json: false).stdoutText.contains("completeness: proven"))
        let none = try #require(Self.cases.first { $0.name == "revocation-policy-none" })
        #expect(try Self.verify(none, json: false).stdoutText.contains("TSA revocation: NOT CHECKED"))
        let relabelled = try #require(Self.cases.first { $0.name == "anchor-relabelled" })
        let t = try Self.verify(relabelled, json: false).stdoutText
        #expect(t.contains("by TSA CN=Forgery Suite TSA") || t.contains("Forgery Suite TSA"), "\(t)")
        #expect(t.contains("(claimed: https://qualified-tsa.example/)"), "\(t)")
    }

    /// File names reach error lines escaped (red team: a bundle or trust file named with a
    /// newline and ANSI escapes painted "bundle valid" on stderr).
    @Test func fileNamesInErrorsAreEscaped() throws {
        let dir = try TestSupport.temporaryDirectory()
        let evil = "x\n\u{1B}[2K\u{1B}[1Gbundle valid\u{1B}[8m\u{200B}"
        let copy = dir.appendingPathComponent(evil + ".evb")
        try FileManager.default.copyItem(atPath: Self.path("genuine-full.evb"), toPath: copy.path)
        let missingRoot = dir.appendingPathComponent(evil + "root.pem").path
        for args in [
            ["verify", copy.path, "--tsa-roots", missingRoot, "--ledger-key", Self.path("ledger-key.pub.json")],
            [
                "verify", dir.appendingPathComponent(evil + "-missing.evb").path, "--tsa-roots", Self.path("root.pem"),
                "--ledger-key", Self.path("ledger-key.pub.json"),
            ],
        ] {
            let r = try TestSupport.evident(args)
            #expect(r.status == 2, "\(r.stderrText)")
            let bytes = [UInt8](r.stderr)
            #expect(bytes.filter { $0 == 0x0A }.count == 1 && !bytes.contains(0x1B), "\(r.stderrText)")
            #expect(!r.stderrText.unicodeScalars.contains { $0.value == 0x200B })
        }
    }

    /// The bundle's VERIFY file, run as a regulator would (issue #21 item 5): unpacked with stock
    /// tar, every `sha256sum` line gives the digest it names, and every `openssl ts -verify` command
    /// (TSA-ROOTS.pem replaced by the root) says "Verification: OK".
    @Test func verifyFileCommandsRunWithStockTools() throws {
        let dir = try TestSupport.temporaryDirectory()
        let untar = try TestSupport.run("/usr/bin/tar", ["-xf", Self.path("genuine-full.evb"), "-C", dir.path])
        #expect(untar.status == 0, "\(untar.stderrText)")
        let text = try String(contentsOf: dir.appendingPathComponent("VERIFY"), encoding: .utf8)
        var commands = 0, digests = 0
        for line in text.split(separator: "\n").map(String.init) {
            if line.hasPrefix("sha256sum ") {
                let parts = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
                guard parts.count >= 4, parts[2] == "#" else { Issue.record("odd line: \(line)"); continue }
                let r = try TestSupport.run("/bin/sh", ["-c", "cd '\(dir.path)' && sha256sum \(parts[1])"])
                #expect(
                    r.status == 0 && r.stdoutText.hasPrefix(parts[3] + " "), "\(line): \(r.stdoutText)\(r.stderrText)")
                digests += 1
            } else if line.hasPrefix("openssl ts -verify ") {
                let command = line.replacingOccurrences(of: "TSA-ROOTS.pem", with: "'\(Self.path("root.pem"))'")
                let r = try TestSupport.run("/bin/sh", ["-c", "cd '\(dir.path)' && \(command)"])
                #expect(
                    r.status == 0 && r.stdoutText.contains("Verification: OK"),
                    "\(command): \(r.stdoutText)\(r.stderrText)")
                commands += 1
            }
        }
        // Three anchors: one digest line and two commands (-digest, -queryfile) each.
        #expect(digests == 3 && commands == 6, "\(digests) digest lines, \(commands) commands")
    }
}
