import ArgumentParser
import EvidentCore
import EvidentLedger
import EvidentTSP

struct EvidenceRecordVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify an RFC 4998 evidence record over its data objects, offline.",
        discussion: """
            The data objects are one group, in the order given (an anchor's: the checkpoint note, .tsr, .tsq,
            .chain.pem, .revocation.pem). Every archive time-stamp must cover what it renews and is judged at the
            time the next one proves it existed; trust comes only from --tsa-roots.
            Exit status: 0 valid, 1 invalid, 3 indeterminate, 2 bad input, 64 usage error.
            """)

    @Argument(help: "The evidence record (DER).") var record: String
    @Option(help: "A data object (repeatable, in order).") var data: [String]
    @Option(
        name: .customLong("tsa-roots"), help: "PEM (or DER) file with the trusted TSA roots. The only trust anchors.")
    var caFile: String
    @Option(
        help:
            "require (default): a time-stamp whose TSA chain has no revocation data is indeterminate; none: accept that."
    )
    var revocationPolicy: String = "require"
    @Option(
        help:
            "CRL file (PEM or DER) for the time-stamps' TSA chains (repeatable): one issued at or after the time a time-stamp is judged at proves its status then; any can show a revocation."
    )
    var crl: [String] = []
    @Option(help: "OCSP response file (DER, or PEM OCSP RESPONSE blocks) for the time-stamps' TSA chains (repeatable).")
    var ocsp: [String] = []
    @OptionGroup var encoding: EncodingOptions
    @OptionGroup var algorithms: AlgorithmPolicyOptions
    @Flag(help: "JSON output.") var json = false

    func validate() throws {
        if data.isEmpty { throw ValidationError("give the data objects the record protects (--data FILE, repeatable)") }
        if revocationPolicy != "require" && revocationPolicy != "none" {
            throw ValidationError("--revocation-policy must be require or none")
        }
    }

    func run() throws {
        var verdict = Verdict.invalid
        try CLI.guarding {
            let record = try EvidenceRecordGroup.load(record)
            let objects = try data.map { try CLI.readFile($0, limit: ArchiveLimits.maxRecordSize * 64) }
            var check = EvidenceTokenCheck(trustedRoots: try CLI.loadCertificates(caFile, "--tsa-roots"))
            check.encoding = encoding.level
            check.algorithmPolicy = try algorithms.policy()
            check.requireRevocation = revocationPolicy == "require"
            // What the time-stamps' own revocation advice asks for (red team round 17, L1).
            check.crls = try CLI.loadCRLs(crl)
            check.ocspResponses = try CLI.loadOCSP(ocsp)
            let r = EvidenceRecordVerifier(tokens: check).verify(record, objects: objects, now: WallClock.seconds())
            verdict = r.verdict
            if json {
                print(
                    JSONValue.document(
                        "evidence-record-verify",
                        [
                            ("verdict", .string(r.verdict.rawValue)), ("problem", .string(r.problem)),
                            (
                                "data_proven_at",
                                r.dataProvenAt.map { .string(ReceiptTime.describe(millis: $0)) } ?? .null
                            ),
                            ("proven_until", r.provenUntil.map { .string(Renew.moment($0)) } ?? .null),
                            (
                                "time_stamps",
                                .array(
                                    r.timeStamps.map { t in
                                        .object([
                                            ("chain", .int(t.chain + 1)), ("index", .int(t.index + 1)),
                                            ("kind", .string(t.kind)), ("hash", .string(t.hashAlgorithm)),
                                            (
                                                "gen_time",
                                                t.genTime.map { .string(ReceiptTime.describe(millis: $0)) } ?? .null
                                            ),
                                            ("tsa_subject", t.tsaSubject.map { .string($0) } ?? .null),
                                            ("proven_at", .string(Renew.moment(t.provenAt))),
                                            ("proven_until", t.provenUntil.map { .string(Renew.moment($0)) } ?? .null),
                                            ("verdict", .string(t.verdict.rawValue)),
                                            ("problem", .string(t.problem)),
                                        ])
                                    })
                            ),
                        ]
                    ).render())
            } else {
                for t in r.timeStamps {
                    print(
                        DisplayText.safe(
                            "archive time-stamp \(t.chain + 1).\(t.index + 1) (\(t.kind), \(t.hashAlgorithm)): \(t.verdict), genTime \(t.genTime.map { ReceiptTime.describe(millis: $0) } ?? "?"), TSA \(t.tsaSubject ?? "?"), judged at \(Renew.moment(t.provenAt)), proven until \(Renew.moment(t.provenUntil))\(t.problem.isEmpty ? "" : ": " + t.problem)"
                        ))
                }
                let proven =
                    r.dataProvenAt.map {
                        ": the data objects existed at \(ReceiptTime.describe(millis: $0)), proven until \(Renew.moment(r.provenUntil))"
                    } ?? ""
                print(
                    DisplayText.safe(
                        "evidence record: \(r.verdict)\(r.problem.isEmpty ? "" : ": " + r.problem)\(proven)"))
            }
        }
        try CLI.exit(with: verdict)
    }
}
