import ArgumentParser
import EvidentBundle
import EvidentCore
import EvidentCrypto
import EvidentDER
import EvidentLedger
import EvidentTSP

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `evident export`: an audit-period bundle (docs/bundle.md).
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export receipts, proofs, checkpoints, anchors and keys as one bundle (docs/bundle.md).",
        discussion:
            "The newest checkpoint must cover the selected receipts, and an anchor too unless --allow-unanchored: run `evident checkpoint` and `evident anchor` first. Exit 2 otherwise."
    )
    @OptionGroup var ledger: LedgerOptions
    @Option(help: "Issued at or after (RFC 3339 UTC).") var from: String?
    @Option(help: "Issued before (RFC 3339 UTC).") var to: String?
    @Option var stream: String?
    @Option(help: "allow or deny.") var decision: String?
    @Option var action: String?
    @Option(name: .customLong("ledger-key"), help: "Ledger public key files to include under keys/ (informative).")
    var keys: [String] = []
    @Option(name: .shortAndLong, help: "The bundle file to write (- for standard output).") var output: String
    @OptionGroup var outputs: OutputOptions
    @Flag(
        help:
            "Export even when some selected receipts are covered by no anchor yet (the bundle can then only verify as indeterminate for them)."
    ) var allowUnanchored = false
    @Flag(
        help:
            "Write the older layout with an inclusion proof per receipt (format v2-v4) instead of one multi-proof (v5): for compatibility tests and benchmarks."
    ) var perReceiptProofs = false

    func validate() throws {
        if let decision, decision != "allow" && decision != "deny" {
            throw ValidationError("--decision must be allow or deny")
        }
    }

    func run() throws {
        try CLI.guarding {
            let l = try ledger.open()
            var exporter = BundleExporter(
                ledger: l,
                scope: .init(
                    from: try CLI.millis(from, "--from"), to: try CLI.millis(to, "--to"), stream: stream,
                    decision: decision, action: action))
            exporter.publicKeyFiles = try keys.map { try CLI.readFile($0, limit: 1 << 16) }
            exporter.allowUnanchored = allowUnanchored
            if perReceiptProofs { exporter.proofLayout = .perReceipt }
            if isatty(2) != 0 {
                exporter.progress = { done, total in
                    CLI.writeAll(2, Array(ProgressBar.line(done: done, total: total, what: "receipts").utf8))
                }
            }
            do {
                let s = try exporter.export(
                    to: output, existing: outputs.existing, nowMillis: WallClock.seconds() * 1000)
                if isatty(2) != 0 { CLI.writeAll(2, Array("\n".utf8)) }
                let line =
                    "bundle \(output): \(s.receipts) receipts in \(s.streams) stream(s), \(s.checkpoints) checkpoint(s), \(s.anchors) anchor(s), \(s.bytes) bytes"
                // With -o - the bundle is standard output: the summary goes to standard error.
                if output == "-" { CLI.printError(line) } else { print(line) }
            }
        }
    }
}
