import Dispatch
import EvidentCore
import EvidentCrypto
import EvidentDER

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An RFC 3161 client (§3.4, time-stamp over HTTP): builds the request, POSTs it to each TSA
/// in order with retries, and accepts a response only once it has been checked.
///
/// Retries (exponential back-off with jitter) cover transport failures, HTTP 5xx and 429;
/// anything else wrong with a TSA's answer (wrong Content-Type, garbage, rejection status,
/// failed verification) moves on to the next TSA at once. Nothing unchecked is returned.
public final class TimeStampClient: Sendable {
    public struct Configuration: Sendable {
        /// TSA URLs, tried in this order.
        public var tsaURLs: [String]
        public var hash: DigestAlgorithm = .sha256
        /// The request's imprint algorithm with NULL parameters (the form `openssl ts -query`
        /// writes), or absent (what RFC 4998 renewals use, for BouncyCastle: docs/evidence-records.md).
        public var nullDigestParameters = true
        public var policy: OID?
        public var certReq = true
        public var nonce = true
        /// Attempts per TSA for retryable failures (1 = no retry).
        public var attemptsPerTSA = 3
        /// First back-off delay, seconds; doubles each retry, plus up to 50% jitter, capped at 8 s.
        public var backoffBase = 0.5
        /// Stamps in flight at once when stamping many digests.
        public var concurrency = 4
        public var http: HTTPClient.Options
        /// Full verification of every response; nil means only the binding checks (status,
        /// imprint, nonce) — the CLI's `--no-verify`.
        public var verification: VerificationOptions?
        /// The most time spent on one TSA, all attempts and backoffs together (seconds); each
        /// attempt's HTTP timeout is cut to what is left. Nil: attempts × timeout bound it.
        public var deadlinePerTSA: Double?
        /// Told, while an attempt is still waiting for its TSA, every `waitingReportSeconds`:
        /// which TSA, which attempt, and how long so far (a hung TSA is visible as it hangs).
        public var onStillWaiting: (@Sendable (_ tsaURL: String, _ attempt: Int, _ seconds: Int) -> Void)?
        public var waitingReportSeconds = 5

        public init(tsaURLs: [String], verification: VerificationOptions?) {
            self.tsaURLs = tsaURLs
            self.verification = verification
            self.http = HTTPClient.Options(maxResponseSize: TSPLimits.maxMessageSize)
        }
    }

    /// A response that passed every check, with what it was checked against.
    public struct Stamp: Sendable {
        public let request: [UInt8]
        public let response: [UInt8]
        public let tsaURL: String
        public let report: VerificationReport?
        public let attempts: [Attempt]
    }

    /// One try against one TSA, for the error report.
    public struct Attempt: Sendable, CustomStringConvertible {
        public let tsaURL: String
        public let problem: String
        public var description: String { "\(tsaURL): \(problem)" }
    }

    public struct StampError: CodedError {
        public typealias Code = ErrorCode<StampError>
        public let attempts: [Attempt]
        public var code: Code { Code("no-valid-time-stamp") }
        public var detail: String { attempts.map(\.description).joined(separator: "; ") }
        public var description: String { "no TSA returned a valid time-stamp: " + detail }
    }

    public let configuration: Configuration

    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    /// Stamps one digest (blocking; use ``stamp(digests:)`` for many, concurrently).
    public func stampBlocking(digest: [UInt8], client: HTTPClient) throws -> Stamp {
        let c = configuration
        let imprint = try MessageImprint(algorithm: c.hash, digest: digest)
        let nonce = c.nonce ? DERInteger(unsignedBigEndian: try SecureRandom.bytes(8)) : nil
        let request = TimeStampRequest(
            messageImprint: MessageImprint(
                hashAlgorithm: c.nullDigestParameters
                    ? AlgorithmIdentifier(digestWithNullParameters: c.hash) : AlgorithmIdentifier(digest: c.hash),
                hashedMessage: imprint.hashedMessage),
            reqPolicy: c.policy, nonce: nonce, certReq: c.certReq)
        let requestBytes = try request.derBytes()
        var attempts: [Attempt] = []
        for url in c.tsaURLs {
            let started = DispatchTime.now().uptimeNanoseconds
            func remaining() -> Double? {
                c.deadlinePerTSA.map { $0 - Double(DispatchTime.now().uptimeNanoseconds &- started) / 1e9 }
            }
            retries: for attempt in 0..<max(1, c.attemptsPerTSA) {
                if attempt > 0 { Self.backoff(attempt: attempt, base: c.backoffBase) }
                var http = c.http
                if let left = remaining() {
                    guard left > 0.05 else {
                        attempts.append(
                            Attempt(tsaURL: url, problem: "deadline of \(c.deadlinePerTSA ?? 0) s for this TSA passed"))
                        break retries
                    }
                    http.timeout = min(http.timeout, left)
                }
                let watch = c.onStillWaiting.map { report in
                    Self.watch(every: c.waitingReportSeconds) { report(url, attempt + 1, $0) }
                }
                let outcome = exchange(
                    url: url, requestBytes: requestBytes, request: request, client: client, http: http)
                watch?.cancel()
                switch outcome {
                case .success(let stamp):
                    return Stamp(
                        request: requestBytes, response: stamp.0, tsaURL: url, report: stamp.1, attempts: attempts)
                case .failure(let f):
                    attempts.append(Attempt(tsaURL: url, problem: f.problem))
                    if !f.retryable { break retries }
                }
            }
        }
        throw StampError(attempts: attempts)
    }

    /// Calls `tell` with the seconds elapsed every `seconds` until cancelled (also the witness
    /// client's "still waiting" reports).
    public static func watch(every seconds: Int, _ tell: @escaping @Sendable (Int) -> Void) -> any DispatchSourceTimer {
        let timer = DispatchSource.makeTimerSource(queue: .global(qos: .utility))
        let interval = max(1, seconds)
        timer.schedule(deadline: .now() + .seconds(interval), repeating: .seconds(interval))
        final class Count: @unchecked Sendable { var n = 0 }
        let count = Count()
        timer.setEventHandler {
            count.n += 1
            tell(count.n * interval)
        }
        timer.resume()
        return timer
    }

    /// Stamps many digests with at most `concurrency` requests in flight, each worker reusing
    /// its own connection. Results are in input order.
    public func stamp(digests: [[UInt8]]) async -> [Result<Stamp, any Error>] {
        let workers = max(1, min(configuration.concurrency, digests.count))
        let queue = DispatchQueue(label: "evident.stamp", attributes: .concurrent)
        return await withCheckedContinuation { continuation in
            let results = ResultBox(count: digests.count)
            let group = DispatchGroup()
            for w in 0..<workers {
                group.enter()
                queue.async {
                    defer { group.leave() }
                    let client: HTTPClient
                    do { client = try HTTPClient() } catch {
                        for i in stride(from: w, to: digests.count, by: workers) { results.set(i, .failure(error)) }
                        return
                    }
                    for i in stride(from: w, to: digests.count, by: workers) {
                        results.set(i, Result { try self.stampBlocking(digest: digests[i], client: client) })
                    }
                }
            }
            group.notify(queue: queue) { continuation.resume(returning: results.values()) }
        }
    }

    struct Failure: Error {
        let problem: String
        let retryable: Bool
    }

    /// One POST and every check of its answer.
    func exchange(
        url: String, requestBytes: [UInt8], request: TimeStampRequest, client: HTTPClient, http: HTTPClient.Options
    ) -> Result<([UInt8], VerificationReport?), Failure> {
        let c = configuration
        let response: HTTPClient.Response
        do {
            response = try client.post(
                url: url, body: requestBytes, contentType: "application/timestamp-query",
                accept: "application/timestamp-reply", options: http)
        } catch let e as HTTPClient.TransportError {
            return .failure(Failure(problem: e.message, retryable: e.kind != .responseTooLarge && e.kind != .tls))
        } catch {
            return .failure(Failure(problem: "\(error)", retryable: true))
        }
        guard response.status == 200 else {
            return .failure(
                Failure(
                    problem: "HTTP status \(response.status)",
                    retryable: response.status >= 500 || response.status == 429))
        }
        guard MediaType.matches(response.contentType, "application/timestamp-reply") else {
            return .failure(
                Failure(
                    problem:
                        "Content-Type is \(response.contentType ?? "missing"), expected application/timestamp-reply",
                    retryable: false))
        }
        // The binding checks always run; full verification when configured.
        var options = c.verification ?? VerificationOptions(trustedRoots: [], now: Int64(time(nil)))
        options.expectedImprint = request.messageImprint
        options.expectedNonce = request.nonce
        options.certReq = request.certReq
        if let p = c.policy { options.acceptedPolicies = [p] }
        let report = TimeStampVerifier(options: options).verify(response.body, isResponse: true)
        if c.verification != nil {
            guard report.verdict == .valid else {
                let p = report.firstProblem
                return .failure(
                    Failure(
                        problem: "response \(report.verdict): \(p.map { "\($0.check): \($0.reason)" } ?? "")",
                        retryable: false))
            }
        } else {
            let binding: Set<CheckName> = [.encoding, .status, .contentType, .imprint, .nonce, .policy]
            if let bad = report.checks.first(where: { $0.isFailure && binding.contains($0.check) }) {
                return .failure(Failure(problem: "\(bad.check): \(bad.reason)", retryable: false))
            }
        }
        return .success((response.body, c.verification == nil ? nil : report))
    }

    /// Sleeps before retry `attempt` (1, 2, …): `base` doubled per retry, plus up to 50% jitter,
    /// at most 8 s. The one back-off rule of every client that retries (TSAs, witnesses).
    public static func backoff(attempt: Int, base: Double) {
        let delay = min(8.0, base * Double(1 << min(attempt - 1, 10)))
        let jitter = Double(UInt8.random(in: 0...127)) / 255.0 * delay
        let micros = UInt32(min(8.0, delay + jitter) * 1_000_000)
        usleep(micros)
    }
}
