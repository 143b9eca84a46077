import ArgumentParser
import EvidentCore
import EvidentCrypto
import EvidentLedger
import EvidentTSP

/// The TSA client options `evident anchor` and `evident renew` share: which TSAs, what to trust,
/// revocation capture, retries and time limits.
struct TSAClientOptions: ParsableArguments {
    @Option(help: "TSA URL (repeatable).") var tsa: [String]
    @Option(name: .customLong("tsa-roots"), help: "Trusted TSA roots (PEM) for verifying the tokens.") var caFile:
        String
    @Flag(help: "Capture revocation data (OCSP, else CRL) for each TSA chain.") var ltv = false
    @Option(help: "Attempts per TSA for retryable failures.") var retries: Int = 3
    @Option(help: "Timeout per HTTP request, seconds.") var timeout: Double = 30
    @Option(help: "Most seconds spent on one TSA, all attempts together (default: attempts × timeout).")
    var deadline: Double?

    func validate() throws {
        if tsa.isEmpty { throw ValidationError("give at least one --tsa URL") }
        if let deadline, !(deadline > 0) { throw ValidationError("--deadline must be positive seconds") }
    }

    /// Verification against --tsa-roots with the given encoding rules and algorithm policy.
    func verification(encoding: EncodingOptions, algorithms: AlgorithmPolicyOptions) throws -> VerificationOptions {
        var options = VerificationOptions(trustedRoots: try CLI.loadCertificates(caFile, "--tsa-roots"), now: 0)
        options.encoding = encoding.level
        options.algorithmPolicy = try algorithms.policy()
        return options
    }

    /// Sets a TSA client's revocation capture, retries and time limits from these options; it
    /// tells stderr while an attempt still waits for its TSA.
    func configure<Client: TSAClientSettings>(_ c: inout Client) {
        c.ltv = ltv
        c.attemptsPerTSA = retries
        c.http.timeout = timeout
        c.deadlinePerTSA = deadline
        c.onStillWaiting = { url, attempt, seconds in
            CLI.printError("evident: still waiting for \(url) (attempt \(attempt), \(seconds) s)")
        }
    }
}

/// What ``TSAClientOptions`` sets (Anchorer, Renewer).
protocol TSAClientSettings {
    var ltv: Bool { get set }
    var attemptsPerTSA: Int { get set }
    var http: HTTPClient.Options { get set }
    var deadlinePerTSA: Double? { get set }
    var onStillWaiting: (@Sendable (_ tsaURL: String, _ attempt: Int, _ seconds: Int) -> Void)? { get set }
}

extension Anchorer: TSAClientSettings {}
extension Renewer: TSAClientSettings {}

/// `--every DURATION`: rounds until SIGTERM or SIGINT, which let the current round finish.
struct RoundLoop {
    static func seconds(_ text: String) -> Int? {
        guard let unit = text.last, let n = Int(text.dropLast()), n > 0 else { return nil }
        switch unit {
        case "s": return n
        case "m": return n * 60
        case "h": return n * 3600
        case "d": return n * 86_400
        default: return nil
        }
    }

    static func validate(_ every: String?) throws {
        if let every, seconds(every) == nil {
            throw ValidationError("--every: '\(every)' is not a duration like 30s, 15m, 1h, 1d")
        }
    }

    /// Runs `round` once, or every `every` until a signal; returns whether to fail (the last
    /// round failed and no stop was asked for).
    static func run(every: String?, _ round: () throws -> Bool) throws -> Bool {
        let stop = StopRequest()
        if every != nil { Signals.onTerminate { stop.request() } }
        var failed = false
        repeat {
            failed = try round()
            guard let every, let s = seconds(every), !stop.wait(seconds: s) else { break }
        } while true
        return failed && !stop.requested
    }

    /// One round's line on standard output, written at once (not left in a stdio buffer when
    /// the output is a pipe).
    static func emit(_ line: String) { CLI.writeAll(1, Array((line + "\n").utf8)) }

    /// A failed round's line: `<time> <command> failed: why`, or its JSON object.
    static func failure(_ command: String, _ why: String, json: Bool, at millis: Int64) {
        let time = ReceiptTime.describe(millis: millis)
        if json {
            emit(
                JSONValue.document(
                    command, [("time", .string(time)), ("status", .string("failed")), ("error", .string(why))]
                ).render(pretty: false))
        } else {
            emit("\(time) \(command) failed: \(DisplayText.safe(why))")
        }
    }
}
