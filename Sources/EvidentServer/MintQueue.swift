import EvidentLedger
import Foundation

/// Back-pressure and group commit for minting over HTTP. Requests put their drafts in a bounded
/// queue and wait; one committer thread takes whole requests, up to `maxBatch` drafts, mints them
/// in one store transaction (one fsync for all), and only then answers each request — a receipt
/// is acknowledged only once durable. When the queue is full a request is refused at once (the
/// server answers 503 with Retry-After) rather than queued without bound; when the transaction
/// fails, every request in it fails (fail closed: nothing is acknowledged that is not stored).
public final class MintQueue: @unchecked Sendable {
    public typealias Outcome = Result<[(receipt: Receipt, entry: LedgerEntry)], any Error>

    struct Job {
        let drafts: [ReceiptDraft]
        let enqueued: UInt64
        let done: @Sendable (Outcome) -> Void
    }

    public let capacity: Int
    public let maxBatch: Int
    let mint: ([ReceiptDraft]) throws -> [(receipt: Receipt, entry: LedgerEntry)]
    let observe: @Sendable (_ drafts: Int, _ commitNanos: UInt64, _ waitNanos: [UInt64], _ failed: Bool) -> Void
    private let condition = NSCondition()
    private var jobs: [Job] = []
    private var queued = 0
    private var stopping = false
    private let stopped = DispatchSemaphore(value: 0)

    /// - Parameters:
    ///   - capacity: most drafts waiting at once.
    ///   - maxBatch: most drafts per transaction.
    ///   - mint: mints one batch atomically (``Minter/mint(_:)``).
    ///   - observe: called after each transaction (metrics).
    public init(
        capacity: Int, maxBatch: Int,
        mint: @escaping ([ReceiptDraft]) throws -> [(receipt: Receipt, entry: LedgerEntry)],
        observe:
            @escaping @Sendable (_ drafts: Int, _ commitNanos: UInt64, _ waitNanos: [UInt64], _ failed: Bool) -> Void =
            { _, _, _, _ in }
    ) {
        self.capacity = max(1, capacity)
        self.maxBatch = max(1, min(maxBatch, LedgerLimits.maxBatch))
        self.mint = mint
        self.observe = observe
        let t = Thread { [unowned self] in self.run() }
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

    private func run() {
        while true {
            condition.lock()
            while jobs.isEmpty && !stopping { condition.wait() }
            if jobs.isEmpty && stopping {
                condition.unlock()
                stopped.signal()
                return
            }
            // Whole requests up to maxBatch drafts (at least one), removed at once: one
            // removeFirst per job shifted the whole queue each time (quadratic under a backlog).
            var taken = 0
            var count = 0
            while taken < jobs.count, taken == 0 || count + jobs[taken].drafts.count <= maxBatch {
                count += jobs[taken].drafts.count
                taken += 1
            }
            let batch = Array(jobs[..<taken])
            jobs.removeFirst(taken)
            condition.unlock()

            let start = DispatchTime.now().uptimeNanoseconds
            let outcome: Result<[(receipt: Receipt, entry: LedgerEntry)], any Error> = Result {
                try mint(batch.flatMap(\.drafts))
            }
            let end = DispatchTime.now().uptimeNanoseconds
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
    }
}
