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
    @Option(help: "TSA root certificates to trust (PEM); the only TSA trust anchors.") var tsaRoots: String?
    @Option(help: "Ledger public key files and key records (rotation, revocation) to trust; repeatable.") var ledgerKey:
        [String] = []
    @Flag(help: "The report as JSON.") var json = false
    @Option(help: "Also write a self-contained HTML report (summary, anchor timeline, findings).") var report: String?
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

    func validate() throws {
        if ledgerKey.isEmpty { throw ValidationError("give --ledger-key (the ledger public keys to trust)") }
        if BundleVerifier.RevocationPolicy(rawValue: revocationPolicy) == nil {
            throw ValidationError("--revocation-policy must be require or none")
        }
        if (bundle == nil) == (receipt == nil) { throw ValidationError("give either BUNDLE or --receipt R.json") }
        if receipt != nil, tsaRoots != nil || json || report != nil || all || !crl.isEmpty || !ocsp.isEmpty {
            throw ValidationError(
                "--tsa-roots, --json, --report, --all, --crl and --ocsp apply to a bundle, not to --receipt (see `evident receipt verify`)"
            )
        }
        if bundle != nil && tsaRoots == nil {
            throw ValidationError("--tsa-roots is required to verify a bundle's anchors")
        }
    }

    func run() throws {
        var verdict = Verdict.valid
        try CLI.guarding {
            let (publicKeys, records) = try LedgerKeys.load(ledgerKey)
            if let receipt {
                verdict = try verifyReceipt(receipt, keys: publicKeys, records: records)
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
            let report = verifier.verify(path: bundle)
            if let htmlPath = self.report {
                let name = bundle.split(separator: "/").last.map(String.init) ?? bundle
                try CLI.writeFileAtomically(
                    htmlPath, Array(report.html(bundleName: name).utf8), existing: outputs.existing)
            }
            if json {
                CLI.writeStdout(try report.json())
            } else {
                CLI.writeStdout(Array(report.text(all: all).utf8))
            }
            verdict = report.verdict
        }
        try CLI.exit(with: verdict)
    }

    /// One receipt, exactly as `receipt verify` checks it (expiry at the current time).
    func verifyReceipt(_ path: String, keys: [Ed25519.PublicKey], records: [KeyRecord]) throws -> Verdict {
        let ring: KeyRing
        do { ring = try KeyRing(publicKeys: keys, records: records) } catch {
            throw InputError("--ledger-key: \(error)")
        }
        return try ReceiptVerify.verify(
            path, ring: ring, now: try ReceiptTime(millisecondsSinceEpoch: WallClock.millis())
        ).verdict
    }
}
