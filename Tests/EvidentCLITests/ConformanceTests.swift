import EvidentTestSupport
import Foundation
import Testing

/// The conformance corpus (testdata/conformance, made by scripts/make-conformance; its README.md
/// says how any verifier runs it; docs/verification.md): every case through `evident verify` with
/// exactly the options its manifest row names — no trust input is added here. Each must give its
/// expected exit status, first failing (or undetermined) check and DER-deviation warnings; the
/// genuine bundles must stay valid (zero false rejects); no output may carry a control character
/// that a terminal would obey.
@Suite struct ConformanceTests {
    struct Case: Sendable, CustomStringConvertible {
        let name: String
        let kind: String
        let bundle: String
        let options: [String]
        let status: Int32
        let check: String
        let warnings: Set<String>
        let what: String
        var description: String { name }
    }

    static let folder = "conformance"
    static let columns = ["case", "class", "bundle", "options", "status", "check", "warnings", "what"]
    static let classes: Set<String> = ["valid", "tamper", "forgery", "indeterminate", "malformed", "bad-input"]

    static let manifestLines: [String] = {
        guard let text = try? String(contentsOf: TestSupport.testdata("\(folder)/manifest.tsv"), encoding: .utf8) else {
            return []
        }
        return text.split(separator: "\n").map(String.init)
    }()

    static let cases: [Case] = manifestLines.dropFirst().map { line in
        let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        guard f.count == columns.count else {
            return Case(
                name: "malformed row: \(line)", kind: "", bundle: "", options: [], status: -1, check: "", warnings: [],
                what: "")
        }
        return Case(
            name: f[0], kind: f[1], bundle: f[2], options: f[3].split(separator: " ").map(String.init),
            status: Int32(f[4]) ?? -1, check: f[5],
            warnings: f[6] == "-" ? [] : Set(f[6].split(separator: ",").map(String.init)), what: f[7])
    }

    static func path(_ name: String) -> String { TestSupport.testdata("\(folder)/\(name)").path }

    /// The options that take a corpus file as their value; every other option takes a word.
    static let fileOptions: Set<String> = ["--tsa-roots", "--ledger-key", "--crl", "--ocsp", "--policy"]

    /// The `evident verify` arguments for a case: its bundle and exactly its manifest options.
    static func arguments(_ c: Case) -> [String] {
        var args = ["verify", path(c.bundle)]
        var previous = ""
        for word in c.options {
            args.append(fileOptions.contains(previous) ? path(word) : word)
            previous = word
        }
        return args
    }

    static func verify(_ c: Case, json: Bool) throws -> TestSupport.ProcessResult {
        try TestSupport.evident(arguments(c) + (json ? ["--json"] : []))
    }

    @Test func theCorpusIsThereAndCoversEveryClass() {
        #expect(Self.manifestLines.first?.split(separator: "\t").map(String.init) == Self.columns)
        let names = Set(Self.cases.map(\.name))
        #expect(names.count == Self.cases.count, "case names are unique")
        #expect(Self.cases.count >= 65, "\(Self.cases.count) cases")
        for c in Self.cases {
            #expect(Self.classes.contains(c.kind), "\(c.name): class \(c.kind)")
            #expect([0, 1, 2, 3].contains(c.status), "\(c.name): status \(c.status)")
            #expect((c.status == 0 || c.status == 2) == (c.check == "-"), "\(c.name): check \(c.check)")
            #expect(c.kind != "valid" || c.status == 0, "\(c.name)")
        }
        for kind in Self.classes {
            #expect(Self.cases.contains { $0.kind == kind }, "no case of class \(kind)")
        }
        for required in [
            // valid
            "genuine-full", "genuine-period", "genuine-filtered", "genuine-ltv", "revocation-policy-none", "two-tsas",
            "two-tsas-same-root-name", "deviation-ordering-false-written", "deviation-signed-attributes-unsorted",
            "deviation-both",
            // forgeries (the forgery suite's, kept)
            "fork-equal-sizes", "fork-other-pair", "checkpoint-of-another-log", "dropped-receipt-contiguous-false",
            "filters-lied", "boundary-removed", "time-backdated", "time-postdated", "journal-revocation-removed",
            "journal-rotation-removed", "revocation-missing", "tsa-revoked-before-gentime", "ltv-revocation-emptied",
            "anchor-relabelled", "escapes-in-labels", "oversized-note", "not-a-bundle", "format-v1",
            "key-revoked-rotated-by-thief", "key-revoked-backdated", "key-retired-rotated-again",
            "invisible-stream-names", "stale-crl-carried", "anchor-listed-twice", "setuid-entry",
            "script-as-public-key",
            // tampering
            "receipt-body-edited", "receipt-signature-flipped", "receipt-not-canonical", "receipt-duplicate-key",
            "proof-path-altered", "proof-leaf-index-changed", "proofs-line-missing", "receipts-reordered",
            "stream-chain-broken", "note-signature-flipped", "note-body-edited", "consistency-proof-altered",
            "token-byte-flipped", "token-of-another-checkpoint", "chain-of-another-tsa", "manifest-digest-stale",
            "manifest-duplicate-key", "manifest-count-lie",
            // indeterminate
            "unknown-tsa-root", "ledger-key-not-given", "key-known-only-through-carried-record", "unanchored-all",
            "unanchored-tail",
            // malformed archives
            "archive-truncated", "archive-bad-header-checksum", "archive-dotdot-path", "archive-absolute-path",
            "archive-duplicate-entry", "archive-symlink-entry", "archive-trailing-data", "archive-manifest-not-first",
            "archive-oversize-name-gnu", "archive-directory-entry", "archive-empty-file", "archive-gzip",
            // witnesses (bundle v3, --policy; witness/, scripts/make-conformance-witness)
            "witness-quorum-met-2of3", "witness-quorum-met-no-policy", "witness-quorum-met-policy-quorum-none",
            "witness-below-quorum", "witness-policy-lists-another-log-key", "witness-cosignature-flipped",
            "witness-cosigned-prefix-differs", "witness-cosignatures-copied-from-older-checkpoints",
            "witness-impostor-with-policy-witness-name", "witness-cosignature-duplicated", "witness-v2-under-policy",
            "witness-split-view-fork",
            // evidence records (bundle v4; ers/, scripts/make-conformance-ers)
            "ers-renewed-before-expiry", "ers-records-removed", "ers-record-byte-flipped", "ers-records-swapped",
            "ers-record-for-unknown-anchor",
        ] {
            #expect(names.contains(required), "missing case \(required)")
        }
    }

    /// Each row carries every option it is run with: trust inputs and the revocation policy only,
    /// each file in the corpus. Nothing is implied, so another verifier runs it from the row alone.
    @Test(arguments: ConformanceTests.cases) func optionsAreExplicitTrustInputs(_ c: Case) {
        #expect(FileManager.default.fileExists(atPath: Self.path(c.bundle)), "\(c.name): \(c.bundle) missing")
        var i = 0
        while i < c.options.count {
            let option = c.options[i]
            #expect(
                Self.fileOptions.contains(option) || option == "--revocation-policy", "\(c.name): option \(option)")
            guard i + 1 < c.options.count else {
                Issue.record("\(c.name): \(option) without a value")
                break
            }
            let value = c.options[i + 1]
            if option == "--revocation-policy" {
                #expect(["require", "none"].contains(value), "\(c.name): \(value)")
            } else {
                #expect(FileManager.default.fileExists(atPath: Self.path(value)), "\(c.name): \(value) missing")
            }
            i += 2
        }
        if c.status != 2 {
            #expect(c.options.contains("--tsa-roots") && c.options.contains("--ledger-key"), "\(c.name)")
        }
    }

    @Test(arguments: ConformanceTests.cases) func verdictAndFirstCheck(_ c: Case) throws {
        let r = try Self.verify(c, json: true)
        #expect(r.status == c.status, "\(c.name) (\(c.what)): exit \(r.status)\n\(r.stdoutText)\(r.stderrText)")
        if c.status == 2 {
            #expect(r.stderrText.contains("evident: error:") && r.stdout.isEmpty, "\(r.stderrText)")
            return
        }
        let report = try #require(try JSONSerialization.jsonObject(with: r.stdout) as? [String: Any])
        let first = (report["findings"] as? [[String: Any]])?.first?["check"] as? String ?? "-"
        #expect(first == c.check, "\(c.name) (\(c.what)): first check \(first)\n\(r.stdoutText)")
        let verdict = ["valid", "invalid", "", "indeterminate"][Int(c.status)]
        #expect(report["verdict"] as? String == verdict, "\(c.name)")
        // The DER deviations of the anchors' tokens, by code ("CODE at offset N: detail").
        let anchors = (report["summary"] as? [String: Any])?["anchors"] as? [[String: Any]] ?? []
        let codes = Set(
            anchors.flatMap { $0["warnings"] as? [String] ?? [] }.map {
                String($0.prefix { $0 != " " })
            })
        #expect(codes == c.warnings, "\(c.name): warnings \(codes.sorted())")
    }

    @Test(arguments: ConformanceTests.cases) func textOutputObeysNoControlCharacter(_ c: Case) throws {
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
                !text.contains("by TSA https://") && !text.contains("by https://")
                    && !text.contains("by TSA http://") && !text.contains("by http://"),
                "a TSA label shown as fact: \(text)")
        }
        for code in c.warnings {
            #expect(text.contains("DER deviation accepted in its token: \(code)"), "\(c.name): \(text)")
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
        #expect(t.contains("by TSA CN=Conformance TSA A"), "\(t)")
        #expect(t.contains("(claimed: https://qualified-tsa.example/)"), "\(t)")
        // Two TSAs: each anchor named by its own verified certificate.
        let two = try #require(Self.cases.first { $0.name == "two-tsas" })
        let t2 = try Self.verify(two, json: false).stdoutText
        #expect(t2.contains("by TSA CN=Conformance TSA A") && t2.contains("by TSA CN=Conformance TSA B"), "\(t2)")
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
