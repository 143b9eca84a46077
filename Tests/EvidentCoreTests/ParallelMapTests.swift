import Foundation
import Synchronization
import Testing

@testable import EvidentCore

/// `ParallelMap`: the verifier's receipt lines and the stores' signing of a batch's streams rest
/// on it giving every result in input order, each item transformed exactly once — also with two
/// maps in flight at once from different threads (the mint queue signs one batch ahead while the
/// one before it commits; with `concurrentPerform` underneath that case corrupted the heap).
@Suite struct ParallelMapTests {
    final class Calls: Sendable {
        let count = Atomic<Int>(0)
    }

    @Test(arguments: [0, 1, 2, 7, 31, 32, 1_000, 10_007])
    func resultsInInputOrderEachItemOnce(count: Int) {
        for workers in [1, 2, 3, 8, 64] {
            let calls = Calls()
            let items = Array(0..<count)
            let out = ParallelMap.map(items, workers: workers) { i -> String in
                calls.count.add(1, ordering: .relaxed)
                return "item \(i * 3)"
            }
            #expect(out == items.map { "item \($0 * 3)" }, "\(count) items on \(workers) workers")
            #expect(calls.count.load(ordering: .relaxed) == count, "\(count) items on \(workers) workers")
        }
    }

    @Test func twoMapsInFlightAtOnceFromDifferentThreads() {
        let rounds = 200
        let failures = Calls()
        let group = DispatchGroup()
        for side in 0..<2 {
            DispatchQueue.global().async(group: group) {
                for round in 0..<rounds {
                    let items = (0..<(500 + round % 37)).map {
                        [UInt8](repeating: UInt8(truncatingIfNeeded: $0), count: 40 + side)
                    }
                    let out = ParallelMap.map(items, workers: 2) { bytes in bytes.reversed() + [UInt8(side)] }
                    if out != items.map({ $0.reversed() + [UInt8(side)] }) { failures.count.add(1, ordering: .relaxed) }
                }
            }
        }
        group.wait()
        #expect(failures.count.load(ordering: .relaxed) == 0)
    }
}
