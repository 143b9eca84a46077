import EvidentCore
import EvidentCrypto
import EvidentTSP
import Foundation

/// Asks witnesses for cosignatures of a checkpoint (c2sp.org/tlog-witness, `add-checkpoint`),
/// with the TSA client's retry and timeout rules: transport failures, 5xx and 429 are retried
/// (exponential back-off with jitter, ``attempts`` per witness, each request bounded by
/// ``http``'s timeouts and all of a witness's attempts by ``deadline``); any other answer ends
/// that witness's turn. A 409 (the witness holds another size) is answered once more with a
/// proof from the size it names. Only lines by the configured key (type 0x04) that verify over
/// the checkpoint's text are kept; other keys' lines are ignored, as the protocol says.
public struct WitnessClient: Sendable {
    public var http: HTTPClient.Options
    public var attempts = 3
    /// First back-off delay, seconds (``TimeStampClient/backoff(attempt:base:)``).
    public var backoffBase = 0.5
    /// The most time spent on one witness, all attempts and backoffs together (seconds); nil:
    /// attempts × timeout bound it.
    public var deadline: Double?
    /// Told while an attempt still waits for its witness (every few seconds): name, attempt, seconds.
    public var onStillWaiting: (@Sendable (_ witness: String, _ attempt: Int, _ seconds: Int) -> Void)?
    public var waitingReportSeconds = 5

    /// Largest response body accepted: a few signature lines.
    public static let maxResponseSize = 64 * 1024

    public init() {
        http = HTTPClient.Options(maxResponseSize: Self.maxResponseSize)
    }

    /// What one witness answered: its verified cosignatures, or why there are none.
    public enum Answer: Sendable {
        case cosigned([StoredCosignature])
        case failed(String)
    }

    /// The proof the ledger sends a witness that holds `oldSize`: empty from 0 or for the same size.
    public typealias Proof = @Sendable (_ oldSize: UInt64) throws -> [MerkleHash]

    /// Asks each witness concurrently for a cosignature of `checkpoint`; `oldSizes` are the sizes
    /// each last cosigned for this ledger (by name; missing: 0). Answers are in `witnesses` order.
    public func cosign(
        checkpoint: StoredCheckpoint, witnesses: [LedgerWitness], oldSizes: [String: UInt64], proof: @escaping Proof,
        nowMillis: @escaping @Sendable () -> Int64
    ) -> [Answer] {
        let results = AnswerBox(count: witnesses.count)
        DispatchQueue.concurrentPerform(iterations: witnesses.count) { i in
            let w = witnesses[i]
            let answer: Answer
            do {
                let client = try HTTPClient()
                let lines = try ask(
                    w, checkpoint: checkpoint, oldSize: oldSizes[w.name] ?? 0, proof: proof, client: client)
                let at = nowMillis()
                answer = .cosigned(
                    try lines.map {
                        try StoredCosignature(treeSize: checkpoint.treeSize, signature: $0, collectedAtMillis: at)
                    })
            } catch let f as Failure {
                answer = .failed(f.problem)
            } catch {
                answer = .failed("\(error)")
            }
            results.set(i, answer)
        }
        return results.values()
    }

    struct Failure: Error {
        let problem: String
        let retryable: Bool
    }

    /// One witness: the exchange, retried, and once more from the size a 409 names.
    func ask(
        _ w: LedgerWitness, checkpoint: StoredCheckpoint, oldSize: UInt64, proof: Proof, client: HTTPClient
    ) throws -> [SignedNote.Signature] {
        let started = DispatchTime.now().uptimeNanoseconds
        var old = oldSize
        var conflictRetried = false
        while true {
            let body: [UInt8]
            do {
                let path = old == 0 || old == checkpoint.treeSize ? [] : try proof(old)
                body = try Self.requestBody(oldSize: old, proof: path, note: checkpoint.note)
            } catch {
                throw Failure(problem: "no consistency proof from size \(old): \(error)", retryable: false)
            }
            switch try exchange(w, body: body, checkpoint: checkpoint, client: client, started: started) {
            case .cosigned(let lines):
                return lines
            case .conflict(let held):
                guard !conflictRetried else {
                    throw Failure(
                        problem: "409 again: the witness holds size \(held), not \(old) as it said before",
                        retryable: false)
                }
                guard held <= checkpoint.treeSize else {
                    throw Failure(
                        problem:
                            "409: the witness has cosigned size \(held) of this log, larger than this checkpoint's \(checkpoint.treeSize)",
                        retryable: false)
                }
                conflictRetried = true
                old = held
            }
        }
    }

    enum Exchanged {
        case cosigned([SignedNote.Signature])
        case conflict(UInt64)
    }

    /// POSTs `body` with retries; a 200's lines are verified here.
    func exchange(
        _ w: LedgerWitness, body: [UInt8], checkpoint: StoredCheckpoint, client: HTTPClient, started: UInt64
    ) throws -> Exchanged {
        var problems: [String] = []
        for attempt in 0..<max(1, attempts) {
            if attempt > 0 { TimeStampClient.backoff(attempt: attempt, base: backoffBase) }
            var options = http
            if let deadline {
                let left = deadline - Double(DispatchTime.now().uptimeNanoseconds &- started) / 1e9
                guard left > 0.05 else {
                    problems.append("deadline of \(deadline) s for this witness passed")
                    break
                }
                options.timeout = min(options.timeout, left)
            }
            let watch = onStillWaiting.map { report in
                TimeStampClient.watch(every: waitingReportSeconds) { report(w.name, attempt + 1, $0) }
            }
            let outcome = Result { try once(w, body: body, checkpoint: checkpoint, client: client, options: options) }
            watch?.cancel()
            switch outcome {
            case .success(let answer):
                return answer
            case .failure(let f as Failure):
                problems.append(f.problem)
                if !f.retryable { throw Failure(problem: problems.joined(separator: "; "), retryable: false) }
            case .failure(let e):
                throw e
            }
        }
        throw Failure(problem: problems.joined(separator: "; "), retryable: false)
    }

    /// One POST and the checks of its answer.
    func once(
        _ w: LedgerWitness, body: [UInt8], checkpoint: StoredCheckpoint, client: HTTPClient,
        options: HTTPClient.Options
    ) throws -> Exchanged {
        let response: HTTPClient.Response
        do {
            response = try client.post(
                url: w.addCheckpointURL, body: body, contentType: "text/plain; charset=utf-8", accept: "*/*",
                options: options)
        } catch let e as HTTPClient.TransportError {
            throw Failure(problem: e.message, retryable: e.kind != .responseTooLarge && e.kind != .tls)
        }
        switch response.status {
        case 200:
            return .cosigned(try verified(response.body, by: w, checkpoint: checkpoint))
        case 409:
            guard MediaType.matches(response.contentType, "text/x.tlog.size"),
                let text = String(validating: response.body, as: UTF8.self),
                text.hasSuffix("\n"), let size = UInt64(text.dropLast()), String(size) == text.dropLast()
            else {
                throw Failure(
                    problem: "HTTP 409 without a text/x.tlog.size body: \(Self.excerpt(response.body))",
                    retryable: false)
            }
            return .conflict(size)
        case 422 where (try? EquivocationProof.parse(response.body)) != nil:
            // The witness holds another history of this log, signed by the same key: a fork.
            let proof = try? EquivocationProof.parse(response.body)
            throw Failure(
                problem:
                    "HTTP status 422: the witness refused it as inconsistent with the checkpoint of this log it cosigned, with an equivocation proof (\(proof?.evidence.kind ?? "")): the log's key signed two histories",
                retryable: false)
        default:
            throw Failure(
                problem: "HTTP status \(response.status): \(Self.excerpt(response.body))",
                retryable: response.status >= 500 || response.status == 429)
        }
    }

    /// The response's lines by the witness's key, each verified over the checkpoint's text; a
    /// line claiming the key that does not verify, or none by it, is a failure.
    func verified(_ body: [UInt8], by w: LedgerWitness, checkpoint: StoredCheckpoint) throws -> [SignedNote.Signature] {
        let lines: [SignedNote.Signature]
        let text: [UInt8]
        do {
            lines = try SignedNote.parseSignatureLines(body)
            text = Array(try SignedNote.parse(checkpoint.note).text.utf8)
        } catch {
            throw Failure(problem: "the response is not signature lines: \(error)", retryable: false)
        }
        let mine = lines.filter { w.key.matches($0) }
        guard !mine.isEmpty else {
            throw Failure(
                problem: "no cosignature by the configured key \(w.key.vkey) among \(lines.count) line(s)",
                retryable: false)
        }
        guard mine.count == 1 else {
            throw Failure(
                problem: "\(mine.count) cosignatures by the configured key; one is expected", retryable: false)
        }
        guard let stamp = Cosignature.timestamp(of: mine[0].signature), stamp > 0,
            w.key.isValidSignature(mine[0].signature, forText: text)
        else {
            throw Failure(problem: "the cosignature by \(w.name) does not verify over the checkpoint", retryable: false)
        }
        return mine
    }

    /// The add-checkpoint body (``AddCheckpointRequest``, the witness's own parser's format).
    static func requestBody(oldSize: UInt64, proof: [MerkleHash], note: [UInt8]) throws -> [UInt8] {
        guard proof.count <= AddCheckpointRequest.maxProofLines else {
            throw Failure(
                problem:
                    "a consistency proof of \(proof.count) hashes; the protocol allows \(AddCheckpointRequest.maxProofLines)",
                retryable: false)
        }
        return AddCheckpointRequest(oldSize: oldSize, proof: proof, checkpoint: note).encode()
    }

    /// The start of a response body, printable, for an error message.
    static func excerpt(_ body: [UInt8]) -> String {
        let text = String(decoding: body.prefix(200), as: UTF8.self)
        let shown = DisplayText.safe(text.trimmingCharacters(in: .whitespacesAndNewlines))
        return shown.isEmpty ? "(empty body)" : shown + (body.count > 200 ? "…" : "")
    }
}

/// Answers filled in by concurrent workers.
private final class AnswerBox: @unchecked Sendable {
    private let lock = NSLock()
    private var answers: [WitnessClient.Answer?]
    init(count: Int) { answers = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ a: WitnessClient.Answer) { lock.withLock { answers[i] = a } }
    func values() -> [WitnessClient.Answer] { lock.withLock { answers.map { $0 ?? .failed("not asked") } } }
}
