import ArgumentParser
import EvidentCore
import EvidentCrypto
import EvidentLedger
import EvidentTSP

struct Renew: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "renew",
        abstract: "Keep the anchors' RFC 4998 evidence records renewed (docs/evidence-records.md).",
        discussion: """
            Slot i of every anchor is kept by the i-th --tsa. Without a record, an initial archive time-stamp over the
            anchor's data objects is due --renew-before DAYS before the anchor token's proof ends (its TSA certificate
            expires or an algorithm reaches its end date in the algorithm policy); with one, a renewal is due that long
            before its last archive time-stamp's proof ends: a hash-tree renewal (new chain, --hash, default sha512)
            when the record's hash algorithm reaches its end date within the margin, else a time-stamp renewal.
            --force renews everything now. All due items of one slot and kind go into one hash tree and one request.
            Each token is verified against --tsa-roots and each new record verified whole before it is stored.
            One line per renewal (one JSON object with --json); "nothing due" with the next due time when idle.
            With --every, SIGTERM or SIGINT lets the current round finish, then exits 0.
            Exit status: 0 everything due renewed (or nothing due), 1 something due was not renewed, 2 bad input.
            """)

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var client: TSAClientOptions
    @OptionGroup var encoding: EncodingOptions
    @OptionGroup var algorithms: AlgorithmPolicyOptions
    @Option(help: "Hash algorithm of a new chain: initial (default sha256) or hash-tree renewal (default sha512).")
    var hash: String?
    @Option(help: "Renew this many days before a proof ends.") var renewBefore: Int = 180
    @Flag(help: "Renew everything now (a time-stamp renewal, or the initial time-stamp).") var force = false
    @Option(help: "Run forever, renewing every DURATION (e.g. 30s, 15m, 1h, 1d).") var every: String?
    @Flag(help: "JSON output.") var json = false

    func validate() throws {
        if let hash, DigestAlgorithm(rawValue: hash) == nil {
            throw ValidationError("--hash: '\(hash)' is not one of \(DigestAlgorithm.allCases.map(\.rawValue))")
        }
        if renewBefore < 0 { throw ValidationError("--renew-before must be 0 or more days") }
        try RoundLoop.validate(every)
    }

    func run() throws {
        var failed = false
        try CLI.guarding {
            let l = try ledger.open()
            var renewer = Renewer(
                tsaURLs: client.tsa, verification: try client.verification(encoding: encoding, algorithms: algorithms))
            if let alg = hash.flatMap(DigestAlgorithm.init(rawValue:)) {
                renewer.initialHash = alg
                renewer.newChainHash = alg
            }
            renewer.marginSeconds = Int64(renewBefore) * 86_400
            renewer.force = force
            client.configure(&renewer)
            failed = try RoundLoop.run(every: every) {
                do {
                    let outcome = try renewer.renew(ledger: l, nowMillis: WallClock.millis())
                    report(outcome, at: WallClock.millis())
                    return !outcome.failures.isEmpty
                } catch let e as LedgerStoreError {
                    throw InputError(e.description)
                }
            }
        }
        if failed { throw ExitCode(ExitStatus.invalid.rawValue) }
    }

    func emit(_ line: String) { RoundLoop.emit(line) }

    static func moment(_ seconds: Int64?) -> String {
        seconds.map { ReceiptTime.describe(millis: $0 * 1000) } ?? "unknown"
    }

    func report(_ outcome: Renewer.Outcome, at millis: Int64) {
        let time = ReceiptTime.describe(millis: millis)
        for f in outcome.failures {
            CLI.printError("evident: renew failed: \(f)")
            RoundLoop.failure("renew", f, json: json, at: millis)
        }
        for r in outcome.renewed {
            if json {
                emit(
                    JSONValue.document(
                        "renew",
                        [
                            ("time", .string(time)), ("status", .string("renewed")),
                            ("tree_size", .int(Int(r.treeSize))), ("anchor_sha256", .string(Hex.encode(r.anchorHash))),
                            ("slot", .int(r.slot)), ("tsa", .string(r.tsaURL)), ("kind", .string(r.kind.rawValue)),
                            ("hash", .string(r.algorithm.rawValue)), ("tsa_subject", .string(r.tsaSubject)),
                            ("gen_time", .string(ReceiptTime.describe(millis: r.genTimeMillis))),
                            ("proven_until", r.provenUntil.map { .string(Self.moment($0)) } ?? .null),
                        ]
                    ).render(pretty: false))
            } else {
                emit(
                    DisplayText.safe(
                        "\(time) anchor \(r.treeSize) \(Hex.encode(r.anchorHash).prefix(16))… slot \(r.slot): \(r.kind.rawValue) (\(r.algorithm)) by \(r.tsaSubject), genTime \(ReceiptTime.describe(millis: r.genTimeMillis)), proven until \(Self.moment(r.provenUntil))"
                    ))
            }
        }
        if outcome.renewed.isEmpty && outcome.failures.isEmpty {
            if json {
                emit(
                    JSONValue.document(
                        "renew",
                        [
                            ("time", .string(time)), ("status", .string("nothing-due")),
                            ("next_due", outcome.nextDue.map { .string(Self.moment($0)) } ?? .null),
                        ]
                    ).render(pretty: false))
            } else {
                emit("\(time) nothing due; next due \(outcome.nextDue.map { Self.moment($0) } ?? "never (no anchors)")")
            }
        }
    }
}
