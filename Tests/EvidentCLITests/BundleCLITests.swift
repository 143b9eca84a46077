import EvidentCore
import EvidentCrypto
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
        let early = try TestSupport.evident(["export", "--dir", f.ledger, "--allow-unanchored", "-o", out])
        #expect(early.status == 2 && early.stderrText.contains("evident checkpoint"), "\(early.stderrText)")
        #expect(!FileManager.default.fileExists(atPath: out))

        #expect(try TestSupport.evident(["checkpoint", "--dir", f.ledger, "--signing-key", f.key]).status == 0)
        // No anchor covers the receipts: such a bundle could only verify indeterminate, so it is
        // refused unless asked for (issue #14, item 6), and nothing is written.
        let unanchored = try TestSupport.evident(["export", "--dir", f.ledger, "-o", out])
        #expect(
            unanchored.status == 2
                && unanchored.stderrText.contains("2 of the 2 selected receipt(s) are covered by no anchor yet")
                && unanchored.stderrText.contains("--allow-unanchored"), "\(unanchored.stderrText)")
        #expect(!FileManager.default.fileExists(atPath: out))
        let e = try TestSupport.evident([
            "export", "--dir", f.ledger, "--allow-unanchored", "-o", out, "--ledger-key", f.pub,
        ])
        #expect(e.status == 0, "\(e.stderrText)")
        // An existing bundle is never replaced without --force (refused before any work, nothing
        // left behind); -o - is standard output (the summary goes to standard error), and a
        // device is written into and stays a device.
        let written = try TestSupport.read(URL(fileURLWithPath: out))
        let again = try TestSupport.evident(["export", "--dir", f.ledger, "--allow-unanchored", "-o", out])
        #expect(again.status == 2 && again.stderrText.contains("exists; not replacing it"), "\(again.stderrText)")
        #expect(try TestSupport.read(URL(fileURLWithPath: out)) == written)
        let stdout = try TestSupport.evident([
            "export", "--dir", f.ledger, "--allow-unanchored", "-o", "-", "--ledger-key", f.pub,
        ])
        #expect(stdout.status == 0 && stdout.stderrText.contains("bundle -: 2 receipts"), "\(stdout.stderrText)")
        #expect(stdout.stdout.count == written.count)
        let device = try TestSupport.evident(["export", "--dir", f.ledger, "--allow-unanchored", "-o", "/dev/null"])
        #expect(device.status == 0, "\(device.stderrText)")
        var st = stat()
        #expect(stat("/dev/null", &st) == 0 && st.st_mode & S_IFMT == S_IFCHR)
        let forced = try TestSupport.evident([
            "export", "--dir", f.ledger, "--allow-unanchored", "-o", out, "--ledger-key", f.pub, "--force",
        ])
        #expect(forced.status == 0, "\(forced.stderrText)")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: f.dir.path).filter {
                $0.contains(".tmp-") || $0.contains(".stage-")
            }.isEmpty)

        let tsa = f.dir.appendingPathComponent("tsa").path
        #expect(
            try TestSupport.evident(["tsa", "init", "--dir", tsa, "--subject", "/O=Evident Tests/CN=TSA"]).status == 0)
        let roots = tsa + "/root.pem"

        // No anchors: indeterminate (exit 3), and the report says why.
        let v = try TestSupport.evident(["verify", out, "--tsa-roots", roots, "--ledger-key", f.pub])
        #expect(v.status == 3, "\(v.stdoutText)\(v.stderrText)")
        #expect(v.stdoutText.contains("anchor-coverage") && v.stdoutText.contains("receipts: 2 (allow 1, deny 1)"))
        // The report names what it trusted, and only that (issue #16): the root and the key given.
        #expect(v.stdoutText.contains("trusted (given to the verifier; nothing in the bundle is trusted):"))
        #expect(v.stdoutText.contains("  TSA root CN=") && v.stdoutText.contains("  ledger key "), "\(v.stdoutText)")
        #expect(v.stdoutText.contains("  TSA root CN=") && v.stdoutText.contains(", SHA-256 "), "\(v.stdoutText)")
        // Per-receipt lines only with --list; advice addressed to the reader; the verdict last.
        #expect(!v.stdoutText.contains("proven time windows"))
        let lines = v.stdoutText.split(separator: "\n")
        #expect(
            lines.last?.hasPrefix("verdict: indeterminate: nothing failed, but anchor-coverage") == true,
            "\(v.stdoutText)")
        #expect(
            v.stdoutText.contains(
                "what you can do: this bundle was exported before its receipts were anchored: ask the sender for a bundle exported after `evident anchor`"
            ))
        let csv = f.dir.appendingPathComponent("receipts.csv").path
        let listed = try TestSupport.evident([
            "verify", out, "--tsa-roots", roots, "--ledger-key", f.pub, "--list", "--report-csv", csv,
        ])
        #expect(listed.stdoutText.contains("proven time windows") && listed.stdoutText.contains("\tdeny\t"))
        let j = try TestSupport.evident(["verify", out, "--tsa-roots", roots, "--ledger-key", f.pub, "--json"])
        let report = try #require(try JSONSerialization.jsonObject(with: j.stdout) as? [String: Any])
        #expect(report["verdict"] as? String == "indeterminate")
        #expect(report["schema"] as? String == "evident.bundle-verification/v2")
        // The bundle named by the SHA-256 of the whole file; trust inputs with fingerprints.
        let bundleFile = try #require(report["bundle"] as? [String: Any])
        #expect(bundleFile["name"] as? String == "period.evb")
        let exported = try TestSupport.read(URL(fileURLWithPath: out))
        #expect(bundleFile["sha256"] as? String == Hex.encode(try Digest.hash(.sha256, Array(exported))))
        #expect((bundleFile["size"] as? Int) == exported.count)
        let summary = try #require(report["summary"] as? [String: Any])
        let trust = try #require(summary["trust_inputs"] as? [[String: Any]])
        #expect(trust.map { $0["kind"] as? String } == ["tsa-root", "ledger-key"], "\(trust)")
        #expect(
            (trust[0]["sha256"] as? String)?.count == 64
                && (trust[1]["key_id"] as? String)?.hasPrefix("ed25519:") == true)
        let windows = try #require(summary["receipts_windows"] as? [[String: Any]])
        #expect(Set(windows.compactMap { $0["decision"] as? String }) == ["allow", "deny"])
        #expect(windows.allSatisfy { $0["actor"] is String && $0["action"] is String && $0["resource"] is String })
        #expect((summary["claimed"] as? [String: Any])?["covering_tree_size"] as? Int == 2)

        // Tampered: invalid (exit 1) naming the check.
        var bytes = try Data(contentsOf: URL(fileURLWithPath: out))
        let marker = Data("search:web".utf8)
        let r = try #require(bytes.range(of: marker))
        bytes.replaceSubrange(r, with: Data("search:wex".utf8))
        let bad = f.dir.appendingPathComponent("bad.evb").path
        try bytes.write(to: URL(fileURLWithPath: bad))
        let html = f.dir.appendingPathComponent("report.html").path
        let t = try TestSupport.evident(["verify", bad, "--tsa-roots", roots, "--ledger-key", f.pub, "--report", html])
        #expect(t.status == 1 && t.stdoutText.hasPrefix("bundle invalid: manifest-digest"), "\(t.stdoutText)")
        #expect(t.stdoutText.split(separator: "\n").last?.hasPrefix("verdict: invalid: manifest-digest failed") == true)
        // The HTML report: one self-contained file; the report object in a JSON data block, the
        // one renderer and its stylesheet inline, allowed by hash and nothing else.
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.hasPrefix("<!DOCTYPE html>") && !page.contains(" src=") && !page.contains("<link"))
        let script = try #require(
            page.components(separatedBy: "<script>").last?.components(separatedBy: "</script>").first)
        let style = try #require(
            page.components(separatedBy: "<style>").last?.components(separatedBy: "</style>").first)
        func hash(_ s: String) throws -> String { Data(try Digest.hash(.sha256, Array(s.utf8))).base64EncodedString() }
        #expect(
            page.contains(
                "content=\"default-src 'none'; script-src 'sha256-\(try hash(script))'; style-src 'sha256-\(try hash(style))'\""
            ))
        #expect(script.contains("E.report = {"))
        let data = try #require(
            page.components(separatedBy: "<script type=\"application/json\" id=\"evident-report\">").last?.components(
                separatedBy: "</script>"
            ).first)
        let embedded = try #require(try JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any])
        #expect(embedded["verdict"] as? String == "invalid")
        #expect(((embedded["findings"] as? [[String: Any]])?.first)?["check"] as? String == "manifest-digest")
        // A failed verification still says what the bundle claims (shown as claimed).
        let claimed = try #require((embedded["summary"] as? [String: Any])?["claimed"] as? [String: Any])
        #expect((claimed["counts"] as? [String: Any])?["receipts"] as? Int == 2)
        // The CSV: every receipt the verification read, RFC 4180 (CRLF), one header row.
        let rows = try String(contentsOfFile: csv, encoding: .utf8).components(separatedBy: "\r\n")
        #expect(rows.first?.hasPrefix("log_position,stream,seq,issued_at,decision,action,resource,actor") == true)
        #expect(rows.count == 2 + 1 + 1, "\(rows)")  // header, 2 receipts, the empty string after the last CRLF

        // Bad input: exit 2.
        let missing = try TestSupport.evident([
            "verify", f.dir.appendingPathComponent("nope.evb").path, "--tsa-roots", roots, "--ledger-key", f.pub,
        ])
        #expect(missing.status == 2)
    }

    /// An anchored bundle as a regulator gets it (issue #16, items 3 and 5): every command of its
    /// VERIFY file runs and passes with stock OpenSSL on the unpacked bundle (checkpoint
    /// signatures with `openssl pkeyutl`, tokens with `openssl ts`), and the HTML report prints
    /// to PDF in headless Chromium with the verdict sentence in its text.
    @Test func anchoredBundleVerifyFileAndPrintedReport() throws {
        let (f, server, tsaDir) = try AnchorTests.setup()
        defer { _ = server.stop() }
        // One action is hostile: a spreadsheet formula that also tries to end the report's script.
        let hostile = "=HYPERLINK(\"x\",\"</script><b>bold\")"
        // And one resource carries a right-to-left override: drawn raw, it read
        // "payments:1+1=;approve-all-order" on the page (red team round 14).
        let reordering = "payments:\u{202e}redro-lla-evorppa;=1+1"
        for (decision, action, resource) in [
            ("deny", hostile, nil), ("allow", "tool.call", reordering), ("allow", "tool.call", nil),
        ] {
            var flags = LedgerCLITests.flags(f, decision: decision, action: action)
            if let resource { flags[try #require(flags.firstIndex(of: "search:web"))] = resource }
            _ = try LedgerCLITests.mint(f, flags)
        }
        let root = tsaDir.appendingPathComponent("root.pem").path
        #expect(try TestSupport.evident(["checkpoint", "--dir", f.ledger, "--signing-key", f.key]).status == 0)
        let anchored = try AnchorTests.anchor(f, ["--tsa", server.base + "/", "--tsa-roots", root])
        #expect(anchored.status == 0, "\(anchored.stderrText)")
        let bundle = f.dir.appendingPathComponent("anchored.evb").path
        let e = try TestSupport.evident(["export", "--dir", f.ledger, "-o", bundle, "--ledger-key", f.pub])
        #expect(e.status == 0, "\(e.stderrText)")

        // VERIFY: the bundle unpacked, the reader's own root and key (the key as PEM, made as
        // VERIFY says: the fixed header, then the public_key of the .pub.json), every command run.
        let work = f.dir.appendingPathComponent("unpacked")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: bundle, toPath: work.appendingPathComponent("THIS-BUNDLE.evb").path)
        try FileManager.default.copyItem(atPath: root, toPath: work.appendingPathComponent("TSA-ROOTS.pem").path)
        let pub = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: f.pub))) as? [String: Any])
        let key = try #require(pub["public_key"] as? String)
        try "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\(key)\n-----END PUBLIC KEY-----\n".write(
            to: work.appendingPathComponent("LEDGER-KEY.pem"), atomically: true, encoding: .utf8)
        #expect(try TestSupport.run("/usr/bin/tar", ["-xf", "THIS-BUNDLE.evb", "VERIFY"], cwd: work).status == 0)
        let verify = try String(contentsOf: work.appendingPathComponent("VERIFY"), encoding: .utf8)
        #expect(!verify.contains("sha256sum") && verify.contains("evident-verifier.html"))
        var ran: [String: Int] = [:]
        for raw in verify.split(separator: "\n") {
            let line = raw.drop { $0 == " " }
            guard line.hasPrefix("openssl ") || line.hasPrefix("tar ") else { continue }
            let parts = line.split(separator: "#", maxSplits: 1)
            let words = parts[0].split(separator: " ").map(String.init)
            let tool = words[0] == "tar" ? "/usr/bin/tar" : "/usr/bin/openssl"
            let r = try TestSupport.run(tool, Array(words.dropFirst()), cwd: work)
            #expect(r.status == 0, "\(line): \(r.stdoutText)\(r.stderrText)")
            let command = words.count > 1 ? words[0] + " " + words[1] : words[0]
            ran[command, default: 0] += 1
            switch command {
            case "openssl pkeyutl":
                #expect(r.stdoutText.contains("Signature Verified Successfully"), "\(line): \(r.stdoutText)")
            case "openssl ts": #expect(r.stdoutText.contains("Verification: OK"), "\(line): \(r.stdoutText)")
            case "openssl dgst" where parts.count == 2:
                let want = parts[1].trimmingCharacters(in: .whitespaces)
                #expect(r.stdoutText.hasSuffix("= \(want)\n"), "\(line): \(r.stdoutText)")
            default: break
            }
        }
        // Every checkpoint's signature and every anchor's token (by both commands) was checked.
        let note = work.appendingPathComponent("checkpoints")
        let notes = try FileManager.default.contentsOfDirectory(atPath: note.path).filter { $0.hasSuffix(".note") }
            .sorted()
        let tokens = try FileManager.default.contentsOfDirectory(atPath: work.appendingPathComponent("anchors").path)
            .filter { $0.hasSuffix(".tsr") }
        #expect(!notes.isEmpty && !tokens.isEmpty)
        #expect(
            ran["openssl pkeyutl"] == notes.count && ran["openssl ts"] == 2 * tokens.count && ran["tar -xf"] == 1,
            "\(ran) \(notes) \(tokens)")
        // A changed note no longer verifies: the commands check something.
        let first = note.appendingPathComponent(notes[0])
        var text = try Data(contentsOf: first)
        text[text.startIndex + 1] ^= 0x01
        try text.write(to: first)
        let cut = try #require(verify.split(separator: "\n").first { $0.contains("-length") && $0.contains(notes[0]) })
        _ = try TestSupport.run("/usr/bin/openssl", cut.split(separator: " ").dropFirst().map(String.init), cwd: work)
        let sig = try #require(verify.split(separator: "\n").first { $0.hasPrefix("openssl pkeyutl") })
        let tampered = try TestSupport.run(
            "/usr/bin/openssl", sig.split(separator: " ").dropFirst().map(String.init), cwd: work)
        #expect(tampered.status != 0 && !tampered.stdoutText.contains("Signature Verified Successfully"))

        // The report, printed to PDF the way a reader would print it.
        let html = f.dir.appendingPathComponent("report.html").path
        let csv = f.dir.appendingPathComponent("report.csv").path
        let v = try TestSupport.evident([
            "verify", bundle, "--tsa-roots", root, "--ledger-key", f.pub, "--revocation-policy", "none",
            "--report", html, "--report-csv", csv,
        ])
        #expect(v.status == 0, "\(v.stdoutText)")
        #expect(
            v.stdoutText.split(separator: "\n").last?.hasPrefix("verdict: valid: these 4 receipts of ledger") == true)
        // The hostile action: in the CSV quoted and never a formula (RFC 4180, ' prefix); in the
        // HTML only inside the JSON block, its `<` escaped, so the block holds one whole object.
        let rows = try String(contentsOfFile: csv, encoding: .utf8).components(separatedBy: "\r\n")
        #expect(
            rows.count == 1 + 4 + 1
                && rows.contains { $0.contains(",\"'=HYPERLINK(\"\"x\"\",\"\"</script><b>bold\"\")\",") })
        // The override: escaped, visible, in the CSV and on the drawn page (every text node).
        let escaped = #"payments:\u{202e}redro-lla-evorppa;=1+1"#
        #expect(rows.contains { $0.contains(escaped) } && !rows.contains { $0.contains("\u{202e}") })
        // And the VERIFY file named as what the bundle gives (docs/verification.md, "Instructions").
        try Self.expectDrawn(
            html,
            containing: escaped,
            "the text this verifier derives from the bundle's checkpoints and anchors (unsigned; not evidence)")
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(!page.contains("</script><b>") && page.contains(#"\u003c/script>\u003cb>bold"#))
        let data = try #require(
            page.components(separatedBy: "id=\"evident-report\">").last?.components(separatedBy: "</script>").first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any])
        let listed = try #require((object["summary"] as? [String: Any])?["receipts_windows"] as? [[String: Any]])
        #expect(listed.contains { $0["action"] as? String == hostile })
        try Self.printReport(html, expecting: "These 4 receipts of ledger")

        // Another TSA's root: the anchor is indeterminate, named by where its chain ends (the
        // real root's subject and fingerprint), with advice for the reader, not OpenSSL's text.
        let other = f.dir.appendingPathComponent("other-tsa").path
        #expect(
            try TestSupport.evident(["tsa", "init", "--dir", other, "--subject", "/O=Other/CN=Other TSA"]).status == 0)
        let wrong = try TestSupport.evident([
            "verify", bundle, "--tsa-roots", other + "/root.pem", "--ledger-key", f.pub, "--revocation-policy", "none",
        ])
        let rootDER = try #require(
            PEM.blocks(Array(try Data(contentsOf: URL(fileURLWithPath: root))), label: "CERTIFICATE").first)
        let fingerprint = Hex.encode(try Digest.hash(.sha256, rootDER))
        #expect(wrong.status == 3, "\(wrong.stdoutText)")
        #expect(
            wrong.stdoutText.contains("the TSA's chain ends at ")
                && wrong.stdoutText.contains(
                    "SHA-256 fingerprint \(fingerprint), which is not among the roots you gave")
                && wrong.stdoutText.contains("what you can do: check that you gave the right TSA root"),
            "\(wrong.stdoutText)")
    }

    /// The page as headless Chromium draws it (`--dump-dom`: the DOM after the report's script
    /// ran) holds `text` in a text node.
    static func expectDrawn(_ html: String, containing texts: String...) throws {
        let chromium = "/usr/bin/chromium"
        guard FileManager.default.isExecutableFile(atPath: chromium) else {
            Issue.record("no \(chromium): the drawn report was not checked")
            return
        }
        let profile = try DurableFile.privateDirectory(in: NSTemporaryDirectory(), prefix: "evident-chromium-")
        defer { try? FileManager.default.removeItem(atPath: profile) }
        let r = try TestSupport.run(
            chromium,
            [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--user-data-dir=\(profile)", "--dump-dom", URL(fileURLWithPath: html).absoluteString,
            ])
        #expect(r.status == 0, "\(r.stderrText)")
        // The JSON data block holds the value raw (RFC 8785 escapes no override); only the
        // renderer writes the escape, into a table cell.
        for text in texts { #expect(r.stdoutText.contains(">" + text + "<"), "\(r.stdoutText.suffix(3000))") }
    }

    /// Prints `html` to PDF in headless Chromium and checks it has pages and (with pdftotext)
    /// that its text holds `sentence`; the PDF and a PNG of each page go to the test artifacts.
    static func printReport(_ html: String, expecting sentence: String) throws {
        let chromium = "/usr/bin/chromium"
        guard FileManager.default.isExecutableFile(atPath: chromium) else {
            Issue.record("no \(chromium): the printed report was not checked")
            return
        }
        let out = TestSupport.artifacts.appendingPathComponent("bundle-report")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let pdf = out.appendingPathComponent("report.pdf")
        try? FileManager.default.removeItem(at: pdf)
        let profile = try DurableFile.privateDirectory(in: NSTemporaryDirectory(), prefix: "evident-chromium-")
        defer { try? FileManager.default.removeItem(atPath: profile) }
        let r = try TestSupport.run(
            chromium,
            [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--user-data-dir=\(profile)", "--no-pdf-header-footer", "--print-to-pdf=\(pdf.path)",
                URL(fileURLWithPath: html).absoluteString,
            ])
        #expect(r.status == 0, "\(r.stderrText)")
        let bytes = try Data(contentsOf: pdf)
        #expect(bytes.starts(with: Data("%PDF-".utf8)))
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/pdfinfo"),
            FileManager.default.isExecutableFile(atPath: "/usr/bin/pdftotext")
        else {
            // Recorded, not silently passed: the text check needs poppler-utils.
            Issue.record("pdfinfo/pdftotext (poppler-utils) not installed: the PDF's pages and text were not checked")
            return
        }
        let info = try TestSupport.run("/usr/bin/pdfinfo", [pdf.path])
        let pages = info.stdoutText.split(separator: "\n").first { $0.hasPrefix("Pages:") }
            .flatMap { Int($0.dropFirst(6).trimmingCharacters(in: .whitespaces)) }
        #expect((pages ?? 0) > 0, "\(info.stdoutText)")
        #expect(info.stdoutText.contains("A4") || info.stdoutText.contains("595."), "\(info.stdoutText)")
        let text = try TestSupport.run("/usr/bin/pdftotext", ["-layout", pdf.path, "-"]).stdoutText
        let flat = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(flat.contains(sentence), "\(flat.prefix(2000))")
        #expect(flat.contains("Glossary") && flat.contains("Trust inputs"))
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/pdftoppm") {
            _ = try TestSupport.run(
                "/usr/bin/pdftoppm", ["-png", "-r", "60", pdf.path, out.appendingPathComponent("page").path])
        }
    }

    /// Key trouble found by the regulator's own key records: a ledger key revoked before the
    /// receipts were issued, and a key used after it was rotated out, make the bundle invalid.
    @Test func revokedOrRotatedOutLedgerKeyIsInvalid() throws {
        let f = try LedgerCLITests.fixture()
        _ = try LedgerCLITests.mint(f, LedgerCLITests.flags(f))
        #expect(try TestSupport.evident(["checkpoint", "--dir", f.ledger, "--signing-key", f.key]).status == 0)
        let out = f.dir.appendingPathComponent("period.evb").path
        #expect(try TestSupport.evident(["export", "--dir", f.ledger, "--allow-unanchored", "-o", out]).status == 0)
        let tsa = f.dir.appendingPathComponent("tsa").path
        #expect(try TestSupport.evident(["tsa", "init", "--dir", tsa]).status == 0)

        let revocation = f.dir.appendingPathComponent("revocation.json").path
        #expect(
            try TestSupport.evident([
                "key", "revoke", "--key", f.key, "--from", "2020-01-01T00:00:00.000Z", "--reason", "stolen", "--output",
                revocation,
            ]).status == 0)
        let revoked = try TestSupport.evident([
            "verify", out, "--tsa-roots", tsa + "/root.pem", "--ledger-key", f.pub, "--ledger-key", revocation,
        ])
        #expect(revoked.status == 1 && revoked.stdoutText.contains("revoked"), "\(revoked.stdoutText)")

        let newKey = f.dir.appendingPathComponent("new.json").path,
            rotation = f.dir.appendingPathComponent("rotation.json").path
        #expect(try TestSupport.evident(["key", "new", "--output", newKey, "--plaintext"]).status == 0)
        #expect(
            try TestSupport.evident([
                "key", "rotate", "--old", f.key, "--new", newKey, "--at", "2020-01-01T00:00:00.000Z", "--output",
                rotation,
            ]).status == 0)
        let rotated = try TestSupport.evident([
            "verify", out, "--tsa-roots", tsa + "/root.pem", "--ledger-key", f.pub, "--ledger-key", rotation,
        ])
        #expect(rotated.status == 1 && rotated.stdoutText.contains("key-not-valid"), "\(rotated.stdoutText)")
    }
}
