import EvidentDER
import EvidentTSP
import EvidentTestSupport
import Foundation
import Testing

/// Every request, response and token in testdata/tsa (real TSAs and other projects' negative
/// cases): our strict and lenient results are pinned in testdata/tsa/expectations.tsv, and
/// wherever stock OpenSSL can parse a file, the fields we decode print exactly as
/// `openssl ts -reply|-query -text` prints them.
@Suite struct CorpusTests {
    static let extensions = [".tsr", ".tst", ".der", ".p7s", ".tsq"]
    static let files = TestSupport.files(under: "tsa", extensions: extensions)

    static func outcome(_ bytes: [UInt8], _ rules: DEREncodingRules) -> String {
        do {
            let (m, _) = try TSPMessage.decode(bytes, rules: rules)
            switch m {
            case .request: return "ok:request"
            case .response: return "ok:response"
            case .token: return "ok:token"
            }
        } catch let e as DERError {
            return "\(e.code)@\(e.offset)"
        } catch {
            return "unexpected:\(error)"
        }
    }

    static func expectations() throws -> [String: (String, String)] {
        let text = String(decoding: try TestSupport.read(TestSupport.testdata("tsa/expectations.tsv")), as: UTF8.self)
        var out: [String: (String, String)] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let f = line.split(separator: "\t").map(String.init)
            out[f[0]] = (f[1], f[2])
        }
        return out
    }

    @Test func corpusIsPresent() {
        #expect(Self.files.count >= 80)
    }

    @Test func everyFileMatchesItsPinnedOutcome() throws {
        let expected = try Self.expectations()
        #expect(expected.count == Self.files.count, "expectations.tsv and testdata/tsa disagree on the file list")
        for url in Self.files {
            let name = TestSupport.relative(url, to: "tsa")
            let bytes = try TestSupport.read(url)
            let strict = Self.outcome(bytes, .der)
            let lenient = Self.outcome(bytes, .lenientBER)
            let want = try #require(expected[name], "no expectation for \(name)")
            #expect(strict == want.0, "\(name) strict")
            #expect(lenient == want.1, "\(name) lenient")
        }
    }

    /// Lines of OpenSSL's text dump, without its banner and the trailing Extensions body
    /// (OpenSSL prints extension bodies with X509V3 printers we do not mimic).
    static func opensslLines(_ args: [String]) throws -> [String]? {
        let r = try TestSupport.openssl(args)
        guard r.status == 0 else { return nil }
        return r.stdoutText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            .filter { !$0.hasPrefix("Using configuration") }
    }

    static func section(_ lines: [String], until stop: String = "Extensions:") -> [String] {
        guard let end = lines.firstIndex(of: stop) else { return lines.map(truncateOID) }
        return lines[...end].map(truncateOID)
    }

    /// OpenSSL prints an OID through an 80-character buffer (TS_OBJ_print_bio), so a very long
    /// policy OID is cut there; we print it whole. Compare the first 80 characters.
    static func truncateOID(_ line: String) -> String {
        let prefix = "Policy OID: "
        guard line.hasPrefix(prefix) else { return line }
        return prefix + line.dropFirst(prefix.count).prefix(80)
    }

    @Test func fieldsMatchOpenSSLText() throws {
        var compared = 0
        for url in Self.files {
            let name = TestSupport.relative(url, to: "tsa")
            let bytes = try TestSupport.read(url)
            guard let (message, _) = try? TSPMessage.decode(bytes, rules: .lenientBER) else { continue }
            let ours = message.text().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let theirs: [String]?
            switch message {
            case .request: theirs = try Self.opensslLines(["ts", "-query", "-in", url.path, "-text"])
            case .response: theirs = try Self.opensslLines(["ts", "-reply", "-in", url.path, "-text"])
            case .token: theirs = try Self.opensslLines(["ts", "-reply", "-in", url.path, "-token_in", "-text"])
            }
            // OpenSSL cannot parse some real tokens (attribute certificates, OCSP in crls);
            // expectations.tsv pins what we make of those.
            guard let theirs else { continue }
            if case .token = message {
                // With -token_in OpenSSL still prints a default "Status info" block first.
                let tst = Array(theirs.drop(while: { $0 != "TST info:" }))
                #expect(Self.section(ours) == Self.section(tst), "\(name)")
            } else {
                #expect(Self.section(ours) == Self.section(theirs), "\(name)")
            }
            compared += 1
        }
        // The collector recorded 115 OpenSSL-parseable files in the wider corpus; these folders hold most.
        #expect(compared >= 60, "only \(compared) files compared with OpenSSL")
    }
}
