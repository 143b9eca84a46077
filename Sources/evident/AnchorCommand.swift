import ArgumentParser
import Dispatch
import EvidentCore
import EvidentCrypto
import EvidentDER
import EvidentLedger
import EvidentTSP
import Foundation

#if canImport(Glibc)
import Glibc
#endif

struct AnchorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "anchor",
        abstract: "Anchor the newest checkpoint (made if the log grew) to one or more TSAs.",
        discussion: """
            Each token is fully verified (against --tsa-roots, at genTime) before it is recorded, with the TSA chain and, with
            --ltv, its revocation data. With --min-tsas N nothing is recorded unless N distinct TSAs returned valid tokens.
            Idempotent: a checkpoint already anchored by enough TSAs is reported and left alone.
            Each round writes one line (one JSON object with --json) to standard output as soon as it ends, failures too,
            starting with its RFC 3339 time. With --every, SIGTERM or SIGINT lets the current round finish, then exits 0.
            The configured witnesses (`evident ledger witness add`) are asked to cosign the checkpoint first; with
            --min-witnesses N, fewer than N valid cosignatures fail the round before any TSA is asked (nothing recorded).
            Exit status: 0 anchored (or already anchored), 1 not enough valid tokens or cosignatures (nothing recorded), 2 bad input.
            """)

    @OptionGroup var ledger: LedgerOptions
    @Option(name: .customLong("signing-key"), help: "The ledger signing key file (signs a new checkpoint).") var key:
        String
    @OptionGroup var passphrase: PassphraseOptions
    @OptionGroup var encoding: EncodingOptions
    @OptionGroup var algorithms: AlgorithmPolicyOptions
    @OptionGroup var client: TSAClientOptions
    @Option(help: "Distinct TSAs that must return a valid token.") var minTsas: Int = 1
    @Option(help: "Run forever, anchoring every DURATION (e.g. 30s, 15m, 1h).") var every: String?
    @Flag(help: "JSON output.") var json = false
    @OptionGroup var witnesses: WitnessOptions

    func validate() throws {
        if minTsas < 1 || minTsas > client.tsa.count {
            throw ValidationError("--min-tsas must be 1…\(client.tsa.count) (the number of --tsa given)")
        }
        try RoundLoop.validate(every)
    }

    func run() throws {
        var failed = false
        try CLI.guarding {
            let l = try ledger.open()
            let k = try LedgerKeys.secret(key, passphrase: passphrase)
            let signer = try NoteSigner(name: l.origin, key: k.secretKey)
            var options = try client.verification(encoding: encoding, algorithms: algorithms)
            var anchorer = Anchorer(tsaURLs: client.tsa, verification: options)
            anchorer.onWarnings = { url, warnings in
                for w in warnings {
                    CLI.printError(
                        "evident: warning: \(url): DER deviation accepted in its token: \(w.code) at offset \(w.offset): \(w.detail)"
                    )
                }
            }
            anchorer.minTSAs = minTsas
            client.configure(&anchorer)
            failed = try RoundLoop.run(every: every) {
                let now = WallClock.millis()
                options.now = now / 1000
                anchorer.verification = options
                do {
                    let checkpoint = try l.checkpoint(signers: [signer], nowMillis: now)
                    let cosigned = try witnesses.collect(l, checkpoint)
                    let outcome = try anchorer.anchor(ledger: l, checkpoint: checkpoint, nowMillis: now)
                    report(outcome, witnesses: cosigned, at: WallClock.millis())
                    return false
                } catch let e as Anchorer.Failure {
                    CLI.printError("evident: anchor failed: \(e)")
                    reportFailure(e.description, at: WallClock.millis())
                    return true
                } catch let e as Witnessing.Failure {
                    CLI.printError("evident: anchor failed: \(e)")
                    reportFailure(e.description, at: WallClock.millis())
                    return true
                } catch let e as LedgerStoreError {
                    throw InputError(e.description)
                }
            }
        }
        if failed { throw ExitCode(ExitStatus.invalid.rawValue) }
    }

    func emit(_ line: String) { RoundLoop.emit(line) }

    func reportFailure(_ why: String, at millis: Int64) { RoundLoop.failure("anchor", why, json: json, at: millis) }

    func report(_ outcome: Anchorer.Outcome, witnesses: [Witnessing.Outcome], at millis: Int64) {
        let time = ReceiptTime.describe(millis: millis)
        let (already, checkpoint, anchors): (Bool, StoredCheckpoint, [StoredAnchor])
        switch outcome {
        case .alreadyAnchored(let c, let a): (already, checkpoint, anchors) = (true, c, a)
        case .anchored(let c, let a): (already, checkpoint, anchors) = (false, c, a)
        }
        if json {
            emit(
                JSONValue.document(
                    "anchor",
                    [
                        ("time", .string(time)),
                        ("status", .string(already ? "already-anchored" : "anchored")),
                        ("tree_size", .int(Int(checkpoint.treeSize))),
                        ("checkpoint_sha256", .string(Hex.encode((try? Digest.hash(.sha256, checkpoint.note)) ?? []))),
                        (
                            "anchors",
                            .array(
                                anchors.map { a in
                                    .object([
                                        ("tsa", .string(a.tsaURL)),
                                        (
                                            "gen_time",
                                            .string(
                                                (try? ReceiptTime(millisecondsSinceEpoch: a.genTimeMillis).description)
                                                    ?? String(a.genTimeMillis))
                                        ),
                                        ("ltv", .bool(!a.revocationPEM.isEmpty)),
                                    ])
                                })
                        ),
                        ("witnesses", WitnessOptions.json(witnesses)),
                    ]
                ).render(pretty: false))
        } else {
            let what = already ? "already anchored" : "anchored"
            let tokens = anchors.map { a in
                "\(a.tsaURL) genTime \(ReceiptTime.describe(millis: a.genTimeMillis))\(a.revocationPEM.isEmpty ? "" : " (with revocation data)")"
            }
            let cosigners = witnesses.filter { $0.cosignature != nil }.map { DisplayText.safe($0.witness.name) }
            let witnessed =
                witnesses.isEmpty
                ? ""
                : "; cosigned by \(cosigners.count) of \(witnesses.count) witness(es)\(cosigners.isEmpty ? "" : ": " + cosigners.joined(separator: ", "))"
            emit(
                "\(time) checkpoint of size \(checkpoint.treeSize) \(what) by \(Set(anchors.map(\.tsaURL)).count) TSA(s): \(tokens.joined(separator: "; "))\(witnessed)"
            )
        }
    }
}

/// A stop asked for by a signal, and an interruptible wait between rounds.
final class StopRequest: @unchecked Sendable {
    private let semaphore = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var stopped = false

    func request() {
        lock.withLock { stopped = true }
        semaphore.signal()
    }

    var requested: Bool { lock.withLock { stopped } }

    /// Waits `seconds` or until a stop is requested; true when one was.
    func wait(seconds: Int) -> Bool {
        if requested { return true }
        _ = semaphore.wait(timeout: .now() + .seconds(seconds))
        return requested
    }
}
