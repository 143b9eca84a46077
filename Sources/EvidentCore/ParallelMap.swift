import Dispatch
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `map` over a batch on several threads, results in input order. The batch is cut into eight
/// contiguous chunks per worker, handed out as threads free up (so a thread slowed by another
/// on its core, such as the verifier's own line-order pass, does not hold the batch back); no
/// two threads write the same slot. Used by the bundle verifier (receipt lines, leaf hashes) and
/// by the stores' append (a batch's streams signed on every core: ``SequencedBatch``).
///
/// The calling thread is one of the workers; the others are blocks on the global queue, joined
/// with a group. Not `DispatchQueue.concurrentPerform`: with two of those in flight at once from
/// different threads (a batch signed ahead while the one before it commits), release builds
/// aborted in glibc's allocator in about half the runs on this machine, and never with this
/// (BENCHMARKS.md, "The pipelined queue").
public enum ParallelMap {
    /// Online cores, for the worker count.
    public static var cores: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    public static func map<T: Sendable, U: Sendable>(_ items: [T], workers: Int, _ transform: @Sendable (T) -> U) -> [U]
    {
        let workers = max(1, min(workers, items.count))
        if workers == 1 { return items.map(transform) }
        let slots = Slots<U>(count: items.count)
        let chunks = min(items.count, workers * 8)
        let next = Counter()
        withoutActuallyEscaping(transform) { transform in
            let work: @Sendable () -> Void = {
                while case let c = next.take(), c < chunks {
                    for i in (c * items.count / chunks)..<((c + 1) * items.count / chunks) {
                        slots.set(i, transform(items[i]))
                    }
                }
            }
            let group = DispatchGroup()
            for _ in 1..<workers { DispatchQueue.global().async(group: group, execute: work) }
            work()
            group.wait()
        }
        return slots.collect()
    }

    /// The next chunk to hand out.
    private final class Counter: Sendable {
        private let value = Atomic<Int>(0)
        func take() -> Int { value.add(1, ordering: .relaxed).oldValue }
    }

    /// Slots each written by exactly one worker, read after all have joined.
    private final class Slots<U>: @unchecked Sendable {
        private let base: UnsafeMutablePointer<U?>
        private let count: Int
        init(count: Int) {
            base = .allocate(capacity: count)
            base.initialize(repeating: nil, count: count)
            self.count = count
        }
        func set(_ i: Int, _ value: U) { base[i] = value }
        /// Moves each result out (no copy of its references), leaving the slot empty.
        func collect() -> [U] { (0..<count).map { base[$0].take()! } }
        deinit {
            base.deinitialize(count: count)
            base.deallocate()
        }
    }
}
