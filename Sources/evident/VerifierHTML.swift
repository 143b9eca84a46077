import ArgumentParser
import EvidentBundle
import EvidentCore
import EvidentCrypto

/// `evident verifier-html -o FILE`: writes the browser verifier (docs/browser-verifier.md), the
/// same bytes scripts/build-verifier builds from Sources/verifier-web/ and the docs fingerprint.
struct VerifierHTML: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verifier-html",
        abstract: "Write evident-verifier.html, the offline browser verifier for bundles.",
        discussion: """
            One self-contained HTML file: open it from disk in a current browser (no network, nothing \
            to install), give it the bundle, the TSA roots and the ledger keys, and it verifies the \
            bundle with its own implementation. Check the file's SHA-256 against docs/browser-verifier.md.
            """)

    @Option(name: [.short, .customLong("output")], help: "Where to write the page (- for standard output).")
    var output: String
    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        try CLI.guarding {
            let bytes = Array(BrowserAssets.verifierHTML.utf8)
            try CLI.writeFileAtomically(output, bytes, existing: outputOptions.existing)
            if output != "-" {
                let digest = Hex.encode(try Digest.hash(.sha256, bytes))
                CLI.printError("wrote \(DisplayText.safe(output)): \(bytes.count) bytes, SHA-256 \(digest)")
            }
        }
    }
}
