import EvidentTestSupport
import Foundation
import Testing

/// One spelling per concept (docs/cli.md): every old spelling in the document's alias table still
/// works, with a deprecation warning, and maps to an option the command has; unknown commands
/// and options get a "did you mean".
@Suite struct SpellingTests {
    struct Alias: Sendable, CustomTestStringConvertible {
        let command: [String]
        let old: String
        let new: String
        var testDescription: String { "\(command.joined(separator: " ")) \(old)" }
    }

    static let aliases: [Alias] = {
        guard
            let doc = try? String(
                contentsOf: TestSupport.repoRoot.appendingPathComponent("docs/cli.md"), encoding: .utf8),
            let a = doc.range(of: "<!-- aliases:begin -->"), let b = doc.range(of: "<!-- aliases:end -->")
        else { return [] }
        return doc[a.upperBound..<b.lowerBound].split(separator: "\n").compactMap { line in
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 3, cells[1].hasPrefix("--"), cells[1].contains(where: \.isLetter) else { return nil }
            return Alias(command: cells[0].split(separator: " ").map(String.init), old: cells[1], new: cells[2])
        }
    }()

    @Test func theTableIsRead() { #expect(Self.aliases.count == 23) }

    @Test(arguments: SpellingTests.aliases) func oldSpellingWarnsAndMapsToTheNewOne(_ alias: Alias) throws {
        // `serve` runs its default subcommand, `serve run`: its options are in that one's help.
        let help = try TestSupport.evident(
            (alias.command == ["serve"] ? ["serve", "run"] : alias.command) + ["--help"])
        #expect(help.status == 0)
        #expect(
            help.stdoutText.contains(alias.new), "\(alias.new) is not an option of \(alias.command): \(help.stdoutText)"
        )
        for form in [[alias.old, "x"], ["\(alias.old)=x"]] {
            let r = try TestSupport.evident(alias.command + form + ["--help"])
            #expect(r.status == 0, "\(r.stderrText)")
            #expect(
                r.stderrText.contains(
                    "evident: warning: \(alias.old) is deprecated here; use \(alias.new) (docs/cli.md)"),
                "\(r.stderrText)")
        }
    }

    /// An old spelling does real work, not just parse: the same verdict either way.
    @Test func anOldSpellingStillVerifies() throws {
        let token = TestSupport.testdata("tsa/trailofbits-rfc3161-client/test_tsa/response.tsr").path
        let roots = TestSupport.testdata("tsa/trailofbits-rfc3161-client/test_tsa/ts_chain.pem").path
        try #require(FileManager.default.fileExists(atPath: token))
        let new = try TestSupport.evident([
            "ts", "verify", "--in", token, "--tsa-roots", roots, "--at", "gentime", "--imprint-unchecked",
        ])
        let old = try TestSupport.evident([
            "ts", "verify", "--in", token, "--ca-file", roots, "--at", "gentime", "--imprint-unchecked",
        ])
        #expect(new.status == old.status && new.stdoutText == old.stdoutText)
        #expect(!new.stderrText.contains("deprecated") && old.stderrText.contains("--ca-file is deprecated"))
    }

    @Test func unknownCommandsAndOptionsGetASuggestion() throws {
        let cases: [([String], String)] = [
            (["ledger", "verfy"], "'verfy' is not a command of 'evident ledger'; did you mean 'verify'?"),
            (["anchr"], "'anchr' is not a command of 'evident'; did you mean 'anchor'?"),
            (
                ["ts", "verify", "--tsa-root", "x"],
                "unknown option '--tsa-root' for 'evident ts verify'; did you mean '--tsa-roots'?"
            ),
            (
                ["ts", "verify", "--ca-fil", "x"],
                "unknown option '--ca-fil' for 'evident ts verify'; did you mean '--tsa-roots'?"
            ),
            (
                ["mint", "--sigining-key", "x"],
                "unknown option '--sigining-key' for 'evident mint'; did you mean '--signing-key'?"
            ),
            (["verify", "--frobnicate"], "unknown option '--frobnicate' for 'evident verify'"),
        ]
        for (args, message) in cases {
            let r = try TestSupport.evident(args)
            #expect(r.status == 64, "\(args)")
            #expect(r.stderrText.contains("evident: error: \(message)"), "\(r.stderrText)")
        }
        // Values after `--` and option values are never judged as options.
        #expect(try TestSupport.evident(["ts", "inspect", "--", "--not-an-option"]).status == 2)
    }
}
