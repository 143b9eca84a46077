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

/// `evident verify BUNDLE`: offline verification; never touches the network.
struct VerifyBundle: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract:
            "Verify a bundle offline: receipts, chains, proofs, checkpoints, anchors (or one receipt with --receipt).",
        discussion:
            "Exit 0 valid, 1 invalid (the first failing check, object and reason), 3 indeterminate, 2 bad input.")
    @Argument(help: "The bundle file.") var bundle: String?
    @Option(help: "Verify one receipt (JSON) instead of a bundle: signature, schema, key validity at its issue time.")
    var receipt: String?
    @Option(help: "With --receipt: its c2sp.org/tlog-proof (from `evident proof inclusion --format tlog-proof`).")
    var proof: String?
    @Option(
        help:
            "A c2sp.org/tlog-policy file: the logs accepted and the witness quorum a checkpoint needs (a bundle's covering checkpoint, or --proof's; with --equivocation its `log` keys are trusted). Without it a bundle's report says no witness policy was applied."
    )
    var policy: String?
    @Option(help: "TSA root certificates to trust (PEM); the only TSA trust anchors.") var tsaRoots: String?
    @Option(help: "Ledger public key files and key records (rotation, revocation) to trust; repeatable.") var ledgerKey:
        [String] = []
    @Flag(help: "The report as JSON.") var json = false
    @Option(
        help:
            "Also write one self-contained HTML report (verdict, what is proven, trust inputs, anchors, findings, at most 1,000 receipts; printable)."
    ) var report: String?
    @Option(help: "Also write every receipt of the bundle as CSV (RFC 4180).") var reportCsv: String?
    @Flag(help: "List every receipt's proven time window in the text report (at most 100,000).") var list = false
    @OptionGroup var outputs: OutputOptions
    @OptionGroup var encoding: EncodingOptions
    @OptionGroup var algorithms: AlgorithmPolicyOptions
    @Flag(help: "Run every check and list the findings (at most 1,000; the rest are counted).") var all = false
    @Option(help: "CRL file (PEM or DER) for the anchors' TSA chains, beside the bundle's own (repeatable).") var crl:
        [String] = []
    @Option(help: "OCSP response file (DER or PEM) for the anchors' TSA chains, beside the bundle's own (repeatable).")
    var ocsp: [String] = []
    @Option(
        help:
            "require (default): an anchor whose TSA chain has no revocation data is indeterminate; none: accept that, and say so in the report."
    )
    var revocationPolicy: String = "require"
    @Option(help: "Verify an equivocation proof (docs/witness.md) instead of a bundle.") var equivocation: String?

    func validate() throws {
        if equivocation != nil { return try validateEquivocation() }
        if ledgerKey.isEmpty { throw ValidationError("give --ledger-key (the ledger public keys to trust)") }
        if BundleVerifier.RevocationPolicy(rawValue: revocationPolicy) == nil {
            throw ValidationError("--revocation-policy must be require or none")
        }
        if (bundle == nil) == (receipt == nil) { throw ValidationError("give either BUNDLE or --receipt R.json") }
        if receipt != nil,
            tsaRoots != nil || json || report != nil || reportCsv != nil || list || all || !crl.isEmpty || !ocsp.isEmpty
        {
            throw ValidationError(
                "--tsa-roots, --json, --report, --report-csv, --list, --all, --crl and --ocsp apply to a bundle, not to --receipt (see `evident receipt verify`)"
            )
        }
        if proof != nil && receipt == nil { throw ValidationError("--proof goes with --receipt R.json") }
        if bundle != nil && tsaRoots == nil {
            throw ValidationError("--tsa-roots is required to verify a bundle's anchors")
        }
    }

    func run() throws {
        if let equivocation { return try verifyEquivocation(equivocation) }
        var verdict = Verdict.valid
        try CLI.guarding {
            let (publicKeys, records) = try LedgerKeys.load(ledgerKey)
            let policyFile = try policy.map { path in (path: path, file: try LedgerKeys.policyFile(path)) }
            if let receipt {
                verdict = try verifyReceipt(
                    receipt, proof: proof, policy: policyFile?.file.policy, keys: publicKeys, records: records)
                return
            }
            guard let bundle, let tsaRoots else { return }
            guard CLI.isRegularFile(bundle) else { throw InputError("\(bundle): not a readable file") }
            if let why = BundleVerifier.notABundle(path: bundle) { throw InputError("\(bundle): \(why)") }
            var verifier = BundleVerifier(
                ledgerKeys: publicKeys, tsaRoots: try CLI.loadCertificates(tsaRoots, "--tsa-roots"),
                now: WallClock.seconds())
            verifier.keyRecords = records
            verifier.crls = try CLI.loadCRLs(crl)
            verifier.ocspResponses = try CLI.loadOCSP(ocsp)
            verifier.revocationPolicy = BundleVerifier.RevocationPolicy(rawValue: revocationPolicy) ?? .require
            verifier.encoding = encoding.level
            verifier.algorithmPolicy = try algorithms.policy()
            verifier.all = all
            verifier.witnessPolicy = try policyFile.map { p in
                AppliedWitnessPolicy(
                    policy: p.file.policy, file: p.path.split(separator: "/").last.map(String.init) ?? p.path,
                    sha256: Hex.encode(try Digest.hash(.sha256, p.file.bytes)))
            }
            verifier.trustInputs =
                try trustInputs(roots: verifier.tsaRoots, crls: verifier.crls, ocsp: verifier.ocspResponses)
                + (verifier.witnessPolicy.map { [.witnessPolicy(file: $0.file, sha256: $0.sha256)] } ?? [])
            // Outputs are opened before the work, so an existing file is refused at once.
            let csv = try reportCsv.map { try ReceiptCSV(path: $0, existing: outputs.existing) }
            let progress = isatty(2) != 0 ? VerifyProgress() : nil
            let report = verifier.verify(
                path: bundle,
                observer: .init(
                    progress: progress.map { p in { p.update(checked: $0, total: $1) } },
                    receipt: csv.map { c in { c.add($0) } }))
            progress?.finish()
            try csv?.commit()
            if let htmlPath = self.report {
                try CLI.writeFileAtomically(
                    htmlPath, Array(try report.html(csvAvailable: csv != nil).utf8), existing: outputs.existing)
            }
            if json {
                CLI.writeStdout(try report.json())
            } else {
                CLI.writeStdout(Array(report.text(all: all, list: list).utf8))
            }
            verdict = report.verdict
        }
        try CLI.exit(with: verdict)
    }

    /// What the verifier is given to trust, in the order given: the TSA roots, then each
    /// --ledger-key file as given (a key, or a key record fingerprinted by its file's bytes),
    /// then the CRLs and OCSP responses.
    func trustInputs(
        roots: [X509Certificate], crls: [X509CRL], ocsp: [OCSPResponse]
    ) throws
        -> [BundleSummary.TrustInput]
    {
        var out = roots.map(BundleVerifier.trustInput)
        for path in ledgerKey {
            let bytes = try CLI.readFile(path, limit: 1 << 20)
            if let k = try? LedgerKeyFile.decodePublic(bytes) {
                out.append(BundleVerifier.trustInput(k))
            } else if let r = try? KeyRecord(json: bytes) {
                out.append(BundleVerifier.trustInput(r, fileBytes: bytes))
            }
        }
        return out + crls.map(BundleVerifier.trustInput) + ocsp.map(BundleVerifier.trustInput)
    }

    /// One receipt, exactly as `receipt verify` checks it (expiry at the current time), and its
    /// tlog-proof when one is given.
    func verifyReceipt(
        _ path: String, proof: String?, policy: WitnessPolicy?, keys: [Ed25519.PublicKey], records: [KeyRecord]
    ) throws -> Verdict {
        let ring: KeyRing
        do { ring = try KeyRing(publicKeys: keys, records: records) } catch {
            throw InputError("--ledger-key: \(error)")
        }
        if let proof { return try VerifyProof.verify(receipt: path, proof: proof, policy: policy, ring: ring) }
        return try ReceiptVerify.verify(
            path, ring: ring, now: try ReceiptTime(millisecondsSinceEpoch: WallClock.millis())
        ).verdict
    }
}

/// `verify` on a terminal: receipts checked out of the total, on standard error, redrawn in
/// place (at most ten times a second), erased when done.
final class VerifyProgress {
    private var last: Int64 = 0
    private var shown = false

    func update(checked: Int, total: Int) {
        let now = WallClock.millis()
        guard now - last >= 100 || checked == total else { return }
        last = now
        shown = true
        CLI.writeAll(
            2, Array(ProgressBar.line(done: UInt64(checked), total: UInt64(total), what: "receipts checked").utf8))
    }

    func finish() {
        if shown { CLI.writeAll(2, Array("\r\u{1B}[K".utf8)) }
    }
}

/// `verify --report-csv FILE`: every receipt the verification read, in log order, one CSV row
/// each (RFC 4180: CRLF line ends, fields quoted when they hold a quote, comma or line end),
/// streamed: memory does not grow with the bundle. Every cell is DisplayText-safe first (a
/// control, bidirectional or invisible code point is written \u{hex}, as in every other
/// report: red team round 14), and one starting with = + - @ is prefixed with ' so no
/// spreadsheet runs it as a formula.
final class ReceiptCSV {
    static let header = [
        "log_position", "stream", "seq", "issued_at", "decision", "action", "resource", "actor",
        "existed_no_earlier_than", "existed_no_later_than", "receipt_hash",
    ]
    private let sink: DurableFile.Sink
    private var buffer: [UInt8] = []
    private var failure: (any Error)?

    init(path: String, existing: DurableFile.Existing) throws {
        sink = try DurableFile.Sink(path: path, existing: existing)
        row(Self.header)
    }

    static func cell(_ s: String) -> String {
        var v = DisplayText.safe(s)
        if let first = v.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { v = "'" + v }
        guard v.contains(where: { $0 == "\"" || $0 == "," || $0 == "\n" || $0 == "\r" }) else { return v }
        var quoted = "\""
        for c in v { quoted += c == "\"" ? "\"\"" : String(c) }
        return quoted + "\""
    }

    private func row(_ cells: [String]) {
        buffer += Array((cells.map(Self.cell).joined(separator: ",") + "\r\n").utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    private func flush() {
        guard failure == nil else { return buffer.removeAll() }
        do { try sink.write(buffer) } catch { failure = error }
        buffer.removeAll(keepingCapacity: true)
    }

    func add(_ w: BundleSummary.Window) {
        row([
            w.leafIndex.map { String($0) } ?? "", w.stream, String(w.sequence), w.issuedAt, w.decision, w.action,
            w.resource, w.actor,
            w.notBefore ?? "", w.notAfter ?? "", w.hash,
        ])
    }

    func commit() throws {
        flush()
        if let failure {
            sink.abandon()
            throw failure
        }
        try sink.commit()
    }
}
