import EvidentCore
import EvidentLedger
import EvidentSQLite
import EvidentTestSupport
import Foundation
import Synchronization
import Testing

/// SQLiteWitnessStore's compare-and-swap: of many concurrent replaces from one expected record,
/// exactly one wins; a stale expectation never rolls the record back; the state survives reopening.
@Suite struct WitnessStoreTests {
    func record(_ size: UInt64, _ tag: UInt8 = 0) throws -> WitnessRecord {
        WitnessRecord(size: size, root: try MerkleHash.leaf([tag, UInt8(size & 0xFF)]), note: [tag])
    }

    @Test func concurrentReplacesFromOneStateAdvanceItOnce() throws {
        let path = try TestSupport.temporaryDirectory().appendingPathComponent("witness.sqlite").path
        let store = try SQLiteWitnessStore(path: path)
        #expect(try store.record(origin: "o") == nil)
        let start = try record(5)
        #expect(try store.replace(origin: "o", expected: nil, with: start))
        #expect(try !store.replace(origin: "o", expected: nil, with: try record(6)))  // a row exists now
        let wins = Mutex(0)
        let candidates = try (6..<38).map { try record(UInt64($0)) }
        DispatchQueue.concurrentPerform(iterations: candidates.count) { i in
            if (try? store.replace(origin: "o", expected: start, with: candidates[i])) == true {
                wins.withLock { $0 += 1 }
            }
        }
        #expect(wins.withLock { $0 } == 1)
        let now = try #require(try store.record(origin: "o"))
        #expect(now.size > 5)
        // A request that read the old state cannot roll it back.
        #expect(try !store.replace(origin: "o", expected: start, with: try record(5, 1)))
        // Another process's view (a new connection) sees the same, durable state.
        #expect(try SQLiteWitnessStore(path: path).record(origin: "o") == now)
        #expect(try SQLiteWitnessStore(path: path).record(origin: "other") == nil)
    }
}
