import EvidentLedger
import Foundation

/// Back-pressure and group commit for minting over HTTP. Requests put their drafts in a bounded
/// queue and wait; one committer thread takes whole requests, up to `maxBatch` drafts, mints them
/// in one store transaction (one fsync for all), and only then answers each request — a receipt
/// is acknowledged only once durable. When the queue is full a request is refused at once (the
/// server answers 503 with Retry-After) rather than queued without bound; when the transaction
/// fails, every request in it fails (fail closed: nothing is acknowledged that is not stored).
///
/// Built on a ``Minter`` it pipelines: while one batch's transaction runs, the next batch is
/// prepared and signed ahead on the other cores (``Minter/presign(_:expecting:)``), for the
/// stream heads the batch in flight will leave; its transaction then only stores it, or signs
/// again whatever turned out different (another writer, a failed batch).
public final class MintQueue: @unchecked Sendable {
    public typealias Outcome = Result<[(receipt: Receipt, entry: LedgerEntry)], any Error>

    struct Job: Sendable {
        let drafts: [ReceiptDraft]
        let enqueued: UInt64
        let done: @Sendable (Outcome) -> Void
    }

    public let capacity: Int
    public let maxBatch: Int
    let observe: Observer
    private let condition = NSCondition()
    private var jobs: [Job] = []
    private var queued = 0
    private var stopping = false
    private let stopped = DispatchSemaphore(value: 0)

    /// What the queue reports after each transaction (metrics): drafts, commit time, each
    /// request's wait, whether it failed.
    public typealias Observer =
        @Sendable (_ drafts: Int, _ commitNanos: UInt64, _ waitNanos: [UInt64], _ failed: Bool) -> Void

    /// - Parameters:
    ///   - capacity: most drafts waiting at once.
    ///   - maxBatch: most drafts per transaction.
    ///   - mint: mints one batch atomically (``Minter/mint(_:)``).
    ///   - observe: called after each transaction (metrics).
    public convenience init(
        capacity: Int, maxBatch: Int,
        mint: @escaping @Sendable ([ReceiptDraft]) throws -> [(receipt: Receipt, entry: LedgerEntry)],
        observe: @escaping Observer = { _, _, _, _ in }
    ) {
        self.init(capacity: capacity, maxBatch: maxBatch, observe: observe) { $0.run(mint) }
    }

    /// A queue that mints with `minter`, signing each batch ahead while the one before it commits.
    public convenience init(
        capacity: Int, maxBatch: Int, minter: Minter, observe: @escaping Observer = { _, _, _, _ in }
    ) {
        self.init(capacity: capacity, maxBatch: maxBatch, observe: observe) { $0.runPipelined(minter) }
    }

    private init(
        capacity: Int, maxBatch: Int, observe: @escaping Observer,
        committer: @escaping @Sendable (MintQueue) -> Void
    ) {
        self.capacity = max(1, capacity)
        self.maxBatch = max(1, min(maxBatch, LedgerLimits.maxBatch))
        self.observe = observe
        let t = Thread { [unowned self] in committer(self) }
        t.name = "evident-mint-committer"
        t.start()
    }

    /// Drafts waiting now.
    public var depth: Int { condition.withLock { queued } }

    /// Queues `drafts` (one request: minted together, in order); false when the queue has no
    /// room for them (or is stopping), in which case `done` is never called.
    public func submit(_ drafts: [ReceiptDraft], done: @escaping @Sendable (Outcome) -> Void) -> Bool {
        condition.withLock {
            guard !stopping, !drafts.isEmpty, drafts.count <= maxBatch, queued + drafts.count <= capacity else {
                return false
            }
            jobs.append(Job(drafts: drafts, enqueued: DispatchTime.now().uptimeNanoseconds, done: done))
            queued += drafts.count
            condition.signal()
            return true
        }
    }

    /// Mints what is queued, then stops the committer.
    public func shutdown() {
        condition.withLock {
            stopping = true
            condition.broadcast()
        }
        stopped.wait()
    }

    /// Whole requests up to maxBatch drafts (at least one), removed at once (one removeFirst per
    /// job shifted the whole queue each time: quadratic under a backlog). With `wait`, blocks
    /// until there is one; nil when there is none (and, with `wait`, the queue is stopping).
    private func take(wait: Bool) -> [Job]? {
        condition.lock()
        defer { condition.unlock() }
        while wait && jobs.isEmpty && !stopping { condition.wait() }
        guard !jobs.isEmpty else { return nil }
        var taken = 0
        var count = 0
        while taken < jobs.count, taken == 0 || count + jobs[taken].drafts.count <= maxBatch {
            count += jobs[taken].drafts.count
            taken += 1
        }
        let batch = Array(jobs[..<taken])
        jobs.removeFirst(taken)
        return batch
    }

    /// Answers every request of a transaction that started at `start` (ns).
    private func finish(_ batch: [Job], _ outcome: Outcome, start: UInt64) {
        let end = DispatchTime.now().uptimeNanoseconds
        var count = 0
        for job in batch { count += job.drafts.count }
        condition.withLock { queued -= count }
        observe(count, end - start, batch.map { end - $0.enqueued }, (try? outcome.get()) == nil)
        switch outcome {
        case .success(let minted):
            var offset = 0
            for job in batch {
                job.done(.success(Array(minted[offset..<(offset + job.drafts.count)])))
                offset += job.drafts.count
            }
        case .failure(let error):
            for job in batch { job.done(.failure(error)) }
        }
    }

    private func run(_ mint: ([ReceiptDraft]) throws -> [(receipt: Receipt, entry: LedgerEntry)]) {
        while let batch = take(wait: true) {
            let start = DispatchTime.now().uptimeNanoseconds
            finish(batch, Result { try mint(batch.flatMap(\.drafts)) }, start: start)
        }
        stopped.signal()
    }

    /// The committer with a minter: batch k + 1 is prepared and presigned on another thread
    /// while batch k's transaction runs on this one.
    private func runPipelined(_ minter: Minter) {
        final class Ahead: @unchecked Sendable {
            var expectation = Minter.Expectation()
            var next: Result<Minter.Batch, any Error>?
        }
        let ahead = Ahead()
        @Sendable func prepared(_ jobs: [Job]) -> Result<Minter.Batch, any Error> {
            Result {
                var batch = try minter.prepare(jobs.flatMap(\.drafts))
                // Signing ahead is only a head start: when it cannot be done (a read of the
                // store's heads failed), the batch is signed in its transaction, as without it.
                do { try minter.presign(&batch, expecting: &ahead.expectation) } catch {
                    ahead.expectation = Minter.Expectation()
                }
                return batch
            }
        }
        var pending: (jobs: [Job], batch: Result<Minter.Batch, any Error>)?
        while true {
            if pending == nil {
                guard let jobs = take(wait: true) else { break }
                pending = (jobs, prepared(jobs))
            }
            let current = pending!
            let nextJobs = take(wait: false)
            let signing = DispatchGroup()
            if let nextJobs {
                DispatchQueue.global().async(group: signing) { ahead.next = prepared(nextJobs) }
            }
            let start = DispatchTime.now().uptimeNanoseconds
            let outcome = Result { try minter.commit(try current.batch.get()) }
            finish(current.jobs, outcome, start: start)
            signing.wait()
            // A batch stored otherwise than presigned (or not at all) leaves heads the next
            // batch was not signed for: its transaction signs again; learn the store's afresh.
            let held =
                if case .success(let batch) = current.batch, case .success(let minted) = outcome {
                    Minter.presignHeld(batch, minted)
                } else { false }
            if !held { ahead.expectation = Minter.Expectation() }
            pending = nextJobs.map { ($0, ahead.next!) }
            ahead.next = nil
        }
        stopped.signal()
    }
}
