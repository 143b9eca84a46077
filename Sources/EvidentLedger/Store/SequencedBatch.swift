import EvidentCore
import EvidentCrypto

/// One batch of appends sequenced by ``LedgerStore``'s rule — the part every store shares, run
/// inside the store's write transaction after it has taken the log's lock:
///
/// 1. In request order, each request id is checked against this batch and the store
///    (``AppendRequest/RequestKey/replay(stream:existing:earlierDigest:)``); the rest mint.
/// 2. Each stream's minting requests form a chain from the stream's stored head: sequence
///    numbers head + 1, + 2, …, each previous hash the one before. The chains are built (signed)
///    and hashed at the same time, one stream per thread, on every core: a stream's entries
///    depend only on its own head, and every builder is handed the same log time (the newest
///    stored entry's issued_at), so the result does not depend on which thread ran first.
/// 3. In request order again, the entries take the next global indexes; an entry issued before
///    the one before it in the log is refused (the log's time is monotone), as is the batch when
///    any build failed (the first failure in request order is thrown).
///
/// The store then writes ``minted`` (receipts, their leaves' Merkle nodes), ``heads`` and the
/// request keys, and commits. Nothing here writes: a batch that throws leaves the store as it was.
public struct SequencedBatch {
    /// An entry to store, with what the store writes beside it.
    public struct Minted: Sendable {
        public let entry: LedgerEntry
        /// RFC 9162 leaf hash of the entry's body (computed with the signature, off the writer).
        public let leafHash: MerkleHash
        /// The request id to record for it, if the request had one.
        public let requestKey: AppendRequest.RequestKey?
    }

    /// One per request, in request order: the entry minted for it, or the one its request id
    /// already names (stored, or minted earlier in this batch).
    public private(set) var results: [LedgerEntry] = []
    /// The new entries in log order (indexes `start`, `start + 1`, …).
    public private(set) var minted: [Minted] = []
    /// Each stream the batch extends, with its new head (sequence, hash), in first-touched order.
    public private(set) var heads: [(stream: String, sequence: UInt64, hash: [UInt8])] = []

    /// Fewest new entries for which the chains are built on several threads (below it, one).
    public static let parallelFrom = 32

    /// Sequences `requests` onto a log of `start` entries whose newest was issued at
    /// `logTimeMillis`. `stored` answers what the store holds for a request's id (called only
    /// for requests with one), `head` a stream's stored head (sequence, hash; nil for a new
    /// stream); both are called on this thread, before any build.
    public init(
        _ requests: [AppendRequest], start: UInt64, logTimeMillis: Int64?,
        stored: (AppendRequest) throws -> (digest: [UInt8], entry: LedgerEntry)?,
        head: (String) throws -> (sequence: UInt64, hash: [UInt8])?,
        workers: Int = ParallelMap.cores
    ) throws {
        // (1) Which requests mint, and into which stream's chain.
        enum Plan {
            case stored(LedgerEntry)
            case sameAs(Int)
            case mint(chain: Int, position: Int)
        }
        var plans: [Plan] = []
        plans.reserveCapacity(requests.count)
        var chains = Chains()
        var firstMint: [ExactText: (digest: [UInt8], request: Int)] = [:]
        for (i, request) in requests.enumerated() {
            if let key = request.requestKey, let slot = request.requestSlot {
                let earlier = firstMint[slot]
                switch try key.replay(
                    stream: request.stream, existing: earlier == nil ? try stored(request) : nil,
                    earlierDigest: earlier?.digest)
                {
                case .stored(let entry):
                    plans.append(.stored(entry))
                    continue
                case .earlierInBatch:
                    plans.append(.sameAs(earlier!.request))
                    continue
                case .none:
                    firstMint[slot] = (key.digest, i)
                }
            }
            let at = try chains.add(request, head: head)
            plans.append(.mint(chain: at.chain, position: at.position))
        }

        // (2) Each chain built and hashed, the chains on every core.
        let built = chains.build(logTimeMillis: logTimeMillis, workers: workers)

        // (3) Log order: indexes, the monotone time, the first failure.
        var index = start
        var logTime = logTimeMillis
        results.reserveCapacity(requests.count)
        minted.reserveCapacity(built.reduce(0) { $0 + $1.entries.count })
        for (i, plan) in plans.enumerated() {
            switch plan {
            case .stored(let entry):
                results.append(entry)
            case .sameAs(let first):
                results.append(results[first])
            case .mint(let c, let position):
                guard position < built[c].entries.count else { throw built[c].failure! }
                let b = built[c].entries[position]
                if let logTime, b.prepared.issuedAtMillis < logTime {
                    throw LedgerStoreError(
                        .invalidRequest,
                        "issued_at \(b.prepared.issuedAtMillis) ms is before the previous entry's \(logTime) ms: the log's time is monotone"
                    )
                }
                logTime = b.prepared.issuedAtMillis
                let entry = LedgerEntry(
                    index: index, stream: chains[c].stream, sequence: b.sequence, hash: b.hash,
                    previousHash: b.previous, prepared: b.prepared)
                minted.append(Minted(entry: entry, leafHash: b.leafHash, requestKey: requests[i].requestKey))
                results.append(entry)
                index += 1
            }
        }
        heads = chains.heads(built)
    }

    /// Builds `requests` ahead of their transaction, for the stream heads (`heads`: sequence,
    /// hash; nil for a stream with no entries) and log time the caller expects the store to hold
    /// when their transaction runs — each stream's chain as step 2 builds it, the streams on every
    /// core — and gives each request its ``AppendRequest/presigned`` entry. Returns the heads and
    /// log time the batch leaves when every entry is stored as presigned. A request with a
    /// request id is presigned as if the id were new (a first attempt, the common case); when the
    /// store answers it with an entry it holds instead, its stream's later entries no longer get
    /// the arguments they were signed for, and are built again in the transaction. Nothing is
    /// presigned, and nil returned, when a build fails (the transaction will meet the same failure).
    public static func presign(
        _ requests: inout [AppendRequest], heads: (String) throws -> (sequence: UInt64, hash: [UInt8])?,
        logTimeMillis: Int64?, workers: Int = ParallelMap.cores
    ) throws -> (heads: [(stream: String, sequence: UInt64, hash: [UInt8])], logTimeMillis: Int64?)? {
        guard !requests.isEmpty else { return nil }
        var chains = Chains()
        var place: [(chain: Int, position: Int)] = []
        for request in requests {
            var fresh = request
            fresh.presigned = nil
            place.append(try chains.add(fresh, head: heads))
        }
        let built = chains.build(logTimeMillis: logTimeMillis, workers: workers)
        guard built.allSatisfy({ $0.failure == nil }) else { return nil }
        for (i, at) in place.enumerated() {
            let b = built[at.chain].entries[at.position]
            requests[i].presigned = AppendRequest.Presigned(
                sequence: b.sequence, previousHash: b.previous, logTimeMillis: logTimeMillis, prepared: b.prepared,
                hash: b.hash, leafHash: b.leafHash)
        }
        let last = place.last.map { built[$0.chain].entries[$0.position].prepared.issuedAtMillis }
        return (
            chains.heads(built), last ?? logTimeMillis
        )
    }

    /// The batch's minting requests, one chain per stream in first-touched order.
    private struct Chains {
        private(set) var list: [Chain] = []
        /// Keyed by the stream's bytes: two names that are canonically equivalent but spelt
        /// differently are two streams (as in every store's table), not one.
        private var chainOf: [ExactText: Int] = [:]

        /// Appends `request` to its stream's chain (made from `head` the first time the stream
        /// is seen); where it went.
        mutating func add(
            _ request: AppendRequest, head: (String) throws -> (sequence: UInt64, hash: [UInt8])?
        ) throws -> (chain: Int, position: Int) {
            let name = ExactText(request.stream)
            let c: Int
            if let known = chainOf[name] {
                c = known
            } else {
                c = list.count
                chainOf[name] = c
                let h = try head(request.stream)
                list.append(Chain(stream: request.stream, sequence: h?.sequence ?? 0, previous: h?.hash))
            }
            list[c].requests.append(request)
            return (c, list[c].requests.count - 1)
        }

        /// Every chain built and hashed; on `workers` threads when there are two chains or more
        /// and at least ``SequencedBatch/parallelFrom`` entries.
        func build(logTimeMillis: Int64?, workers: Int) -> [(entries: [Chain.Entry], failure: (any Error)?)] {
            let count = list.reduce(0) { $0 + $1.requests.count }
            return ParallelMap.map(list, workers: list.count > 1 && count >= SequencedBatch.parallelFrom ? workers : 1)
            {
                chain in chain.build(logTimeMillis: logTimeMillis)
            }
        }

        subscript(chain: Int) -> Chain { list[chain] }

        /// Each chain's new head once all of `built` is stored.
        func heads(
            _ built: [(entries: [Chain.Entry], failure: (any Error)?)]
        ) -> [(
            stream: String, sequence: UInt64, hash: [UInt8]
        )] {
            zip(list, built).compactMap { chain, b in b.entries.last.map { (chain.stream, $0.sequence, $0.hash) } }
        }
    }

    /// One stream's minting requests of the batch, from its stored head.
    private struct Chain: Sendable {
        let stream: String
        let sequence: UInt64
        let previous: [UInt8]?
        var requests: [AppendRequest] = []

        init(stream: String, sequence: UInt64, previous: [UInt8]?) {
            self.stream = stream
            self.sequence = sequence
            self.previous = previous
        }

        struct Entry: Sendable {
            let sequence: UInt64
            let previous: [UInt8]?
            let prepared: PreparedEntry
            let hash: [UInt8]
            let leafHash: MerkleHash
        }

        /// The chain's entries in order, up to the first that failed (and that failure). A
        /// request's presigned entry stands in for `build` when it was made for exactly these
        /// arguments.
        func build(logTimeMillis: Int64?) -> (entries: [Entry], failure: (any Error)?) {
            var entries: [Entry] = []
            entries.reserveCapacity(requests.count)
            var sequence = self.sequence
            var previous = self.previous
            for request in requests {
                do {
                    sequence += 1
                    if let p = request.presigned, p.sequence == sequence, p.previousHash == previous,
                        p.logTimeMillis == logTimeMillis
                    {
                        entries.append(
                            Entry(
                                sequence: sequence, previous: previous, prepared: p.prepared, hash: p.hash,
                                leafHash: p.leafHash))
                        previous = p.hash
                        continue
                    }
                    let prepared = try request.build(sequence, previous, logTimeMillis)
                    let hash = try Digest.hash(.sha256, prepared.body)
                    entries.append(
                        Entry(
                            sequence: sequence, previous: previous, prepared: prepared, hash: hash,
                            leafHash: try MerkleHash.leaf(prepared.body)))
                    previous = hash
                } catch {
                    return (entries, error)
                }
            }
            return (entries, nil)
        }
    }
}
