import EvidentTestSupport
import Foundation
import Testing

/// Every real-world token in testdata/tsa, verified by the CLI at its genTime, against the
/// verdict recorded in testdata/tsa/verdicts.tsv (see docs/real-tokens.md for the reasons).
@Suite struct RealTokenTests {
    /// One row of verdicts.tsv. Paths are relative to testdata/tsa.
    struct Row: Sendable, CustomTestStringConvertible {
        var file: String
        var flags: [String]
        var data: String?
        var digest: String?
        var caFile: String
        var verdict: String
        var check: String?
        var openssl: String

        var testDescription: String { ([file] + flags).joined(separator: " ") }

        /// The `evident ts verify` arguments for this row; validation time pinned at genTime.
        var arguments: [String] {
            var args = [
                "ts", "verify", "--in", RealTokenTests.path(file), "--tsa-roots", RealTokenTests.path(caFile), "--at",
                "gentime", "--json",
            ]
            var i = 0
            while i < flags.count {
                args.append(flags[i])
                if flags[i] == "--untrusted", i + 1 < flags.count {
                    args.append(RealTokenTests.path(flags[i + 1]))
                    i += 1
                }
                i += 1
            }
            if let data { args += ["--data", RealTokenTests.path(data)] }
            if let digest { args += ["--digest", digest] }
            // Rows without the stamped data check the token alone, and say so.
            if data == nil && digest == nil { args.append("--imprint-unchecked") }
            return args
        }

        var expectedStatus: Int32 {
            switch verdict {
            case "valid": return 0
            case "invalid": return 1
            default: return 3
            }
        }
    }

    static let table = TestSupport.testdata("tsa/verdicts.tsv")

    static func path(_ relative: String) -> String { TestSupport.testdata("tsa/" + relative).path }

    static let rows: [Row] = {
        guard let text = try? String(contentsOf: table, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line -> Row? in
            if line.hasPrefix("#") || line.allSatisfy(\.isWhitespace) { return nil }
            let c = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard c.count == 8 else {
                return Row(file: "malformed row: \(line)", flags: [], caFile: "", verdict: "", openssl: "")
            }
            func opt(_ s: String) -> String? { s == "-" ? nil : s }
            return Row(
                file: c[0], flags: c[1] == "-" ? [] : c[1].split(separator: " ").map(String.init),
                data: opt(c[2]), digest: opt(c[3]), caFile: c[4], verdict: c[5], check: opt(c[6]), openssl: c[7])
        }
    }()

    /// No false comfort (issue #14, item 3): with nothing to compare the imprint with, `ts verify`
    /// is a usage error; with --imprint-unchecked it runs and says the imprint was not checked.
    @Test func anImprintIsNeverSilentlyUnchecked() throws {
        let token = Self.path("trailofbits-rfc3161-client/test_tsa/response.tsr")
        let roots = Self.path("trailofbits-rfc3161-client/test_tsa/ts_chain.pem")
        let base = ["ts", "verify", "--in", token, "--tsa-roots", roots, "--at", "gentime"]
        let refused = try TestSupport.evident(base)
        #expect(refused.status == 64 && refused.stderrText.contains("--imprint-unchecked"), "\(refused.stderrText)")
        #expect(refused.stdout.isEmpty)
        let unchecked = try TestSupport.evident(base + ["--imprint-unchecked"])
        #expect(unchecked.stdoutText.contains("imprint: NOT CHECKED (--imprint-unchecked)"), "\(unchecked.stdoutText)")
        let json = try TestSupport.evident(base + ["--imprint-unchecked", "--json"])
        let checks =
            (try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any])?["checks"] as? [[String: Any]]
        let imprint = checks?.first { $0["check"] as? String == "imprint" }
        #expect(
            imprint?["outcome"] as? String == "skipped"
                && (imprint?["detail"] as? String)?.hasPrefix("NOT CHECKED") == true)
        let both = try TestSupport.evident(
            base + ["--imprint-unchecked", "--digest", String(repeating: "00", count: 32)])
        #expect(both.status == 64)
    }

    /// A real qualified token with a DEFAULT written out (EuroCert's `critical FALSE`): by default
    /// the deviation is a warning in text and JSON, and the judgement goes on to the real problem;
    /// `--strict-der` stops at it; `ts inspect` says it on stderr (issue #14, item 1).
    @Test func toleratedDeviationsAreShownAsWarnings() throws {
        let base = [
            "ts", "verify", "--in", Self.path("dss/tst-two-refs.tst"), "--token", "--tsa-roots",
            Self.path("tsa-certs/notation-core-go/timestamp_root.crt"), "--imprint-unchecked",
        ]
        let text = try TestSupport.evident(base)
        #expect(
            text.stdoutText.contains(
                "Warning: DER deviation accepted: default-value-encoded at offset 340: in TSTInfo: critical FALSE"),
            "\(text.stdoutText)")
        let json = try TestSupport.evident(base + ["--json"])
        let report = try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any]
        let warnings = report?["warnings"] as? [[String: Any]]
        #expect(warnings?.count == 1 && warnings?.first?["code"] as? String == "default-value-encoded")
        #expect(warnings?.first?["offset"] as? Int == 340)
        let strict = try TestSupport.evident(base + ["--strict-der", "--json"])
        let strictReport = try JSONSerialization.jsonObject(with: strict.stdout) as? [String: Any]
        #expect(strict.status == 1 && (strictReport?["first_problem"] as? [String: Any])?["check"] as? String == "der")
        #expect((strictReport?["warnings"] as? [Any])?.isEmpty == true)
        let inspect = try TestSupport.evident(["ts", "inspect", "--token", Self.path("dss/tst-two-refs.tst")])
        #expect(inspect.status == 0 && inspect.stderrText.contains("warning: default-value-encoded at offset 340"))
        // The other class: SET OF out of DER order (Go's encoder), pinned on a real token.
        let unsorted = try TestSupport.evident([
            "ts", "inspect", "--token",
            Self.path("notaryproject-tspclient-go/testdata/TimeStampTokenWithSigningCertificateV1NoCert.p7s"),
        ])
        #expect(
            unsorted.stderrText.contains(
                "warning: set-of-not-sorted at offset 4828: SET OF elements are not in ascending DER order"),
            "\(unsorted.stderrText)")
        let contradict = try TestSupport.evident(base + ["--strict-der", "--ber"])
        #expect(contradict.status == 64)
    }

    /// A site's algorithm policy replaces the built-in table and is named in the report; the
    /// deprecated --allow-sha1 says what it does (issue #14, item 2).
    @Test func aSiteAlgorithmPolicyIsUsedAndNamed() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let policy = dir.appendingPathComponent("policy.txt")
        try Data("# test\nname site-allows-sha1\nsha1 -\nsha256 -\nrsa 2040-12-31 site rule\n".utf8).write(to: policy)
        let base = [
            "ts", "verify", "--in", Self.path("authenticode-extracted/DigiCert-Timestamp-2022-2__b4a8d40a57.tst.der"),
            "--token", "--tsa-roots", Self.path("tsa-certs/notation-core-go/timestamp_root.crt"), "--digest",
            "9146af38a85a576a21521468e58c25413992ed40",
        ]
        let builtIn = try TestSupport.evident(base)
        #expect(builtIn.status == 1 && builtIn.stdoutText.contains("Algorithm policy: evident-builtin-"))
        let site = try TestSupport.evident(base + ["--algorithm-policy", policy.path, "--json"])
        let report = try JSONSerialization.jsonObject(with: site.stdout) as? [String: Any]
        #expect(
            site.status == 0 && (report?["algorithm_policy"] as? String)?.hasPrefix("site-allows-sha1 (file ") == true,
            "\(site.stdoutText)")
        // A site's file cannot pass for the built-in table.
        try Data("name evident-builtin-2026-12\nsha1 -\n".utf8).write(to: policy)
        let spoof = try TestSupport.evident(base + ["--algorithm-policy", policy.path])
        #expect(
            spoof.status == 2 && spoof.stderrText.contains("reserved for the built-in table"), "\(spoof.stderrText)")
        let alias = try TestSupport.evident(base + ["--allow-sha1"])
        #expect(alias.status == 0 && alias.stderrText.contains("--allow-sha1 is deprecated"))
        try Data("sha256 someday\n".utf8).write(to: policy)
        let bad = try TestSupport.evident(base + ["--algorithm-policy", policy.path])
        #expect(bad.status == 2 && bad.stderrText.contains("is not a date"), "\(bad.stderrText)")
    }

    @Test func tableIsWellFormed() throws {
        #expect(Self.rows.count >= 80)
        for row in Self.rows {
            #expect(!row.file.hasPrefix("malformed row"), "\(row.file)")
            #expect(["valid", "invalid", "indeterminate"].contains(row.verdict), "\(row.file): verdict \(row.verdict)")
            #expect((row.verdict == "valid") == (row.check == nil), "\(row.file): a first problem iff not valid")
            #expect(row.data == nil || row.digest == nil, "\(row.file): data or digest, not both")
            #expect(
                row.openssl == "OK" || row.openssl == "PARSE-FAIL" || row.openssl.hasPrefix("FAIL: "),
                "\(row.file): openssl \(row.openssl)")
            for p in [row.file, row.caFile] + [row.data].compactMap({ $0 }) {
                #expect(FileManager.default.fileExists(atPath: Self.path(p)), "\(p) is missing")
            }
        }
    }

    /// Every response or token file of the corpus has at least one row (requests and the two
    /// plain, non-token CMS SignedData files are left out on purpose).
    @Test func everyTokenHasARow() {
        let notTokens: Set<String> = [
            "trailofbits-rfc3161-client/sigstage/request.der",
            "trailofbits-rfc3161-client/test_tsa/request.der",
            "trailofbits-rfc3161-client/test_tsa/other_request.der",
            "notaryproject-tspclient-go/internal/cms/testdata/Sha1SignedData.p7s",
            "notaryproject-tspclient-go/internal/cms/testdata/SignedDataWithoutSignedAttributes.p7s",
        ]
        let covered = Set(Self.rows.map(\.file))
        let files = TestSupport.files(under: "tsa", extensions: [".tsr", ".tst", ".der", ".p7s", ".tsq"])
            .map { TestSupport.relative($0, to: "tsa") }
            .filter { !notTokens.contains($0) }
        #expect(files.count >= 75)
        for f in files { #expect(covered.contains(f), "\(f) has no row in verdicts.tsv") }
    }

    /// The OpenSSL column is OpenSSL's answer today: scripts/openssl-verdicts runs the stock
    /// `openssl ts -verify` for every row (docs/real-tokens.md gives the command) and fails on
    /// any row whose recorded column differs.
    @Test func opensslColumnIsWhatOpenSSLSays() throws {
        let r = try TestSupport.run(
            "/usr/bin/python3", [TestSupport.repoRoot.appendingPathComponent("scripts/openssl-verdicts").path])
        #expect(r.status == 0, "\(r.stdoutText)\(r.stderrText)")
        #expect(r.stdoutText.contains("- 0 row(s) differ"), "\(r.stdoutText)")
    }

    @Test(arguments: RealTokenTests.rows) func verdictAtGenTime(_ row: Row) throws {
        let r = try TestSupport.evident(row.arguments)
        let json = try #require(
            try JSONSerialization.jsonObject(with: r.stdout) as? [String: Any], "\(r.stdoutText)\(r.stderrText)")
        let first = json["first_problem"] as? [String: Any]
        #expect(json["verdict"] as? String == row.verdict, "\(first ?? [:])")
        #expect(first?["check"] as? String == row.check, "\(first ?? [:])")
        #expect(r.status == row.expectedStatus)
    }
}
