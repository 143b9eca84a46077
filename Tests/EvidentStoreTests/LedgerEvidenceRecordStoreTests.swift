import EvidentCore
import EvidentCrypto
import EvidentLedger
import EvidentSQLite
import EvidentTestSupport
import Foundation
import Synchronization
import Testing

/// RFC 4998 evidence records in both stores (issue #18): per (anchor, slot), saved as a
/// compare-and-swap so a second writer's renewal is refused rather than lost, only for anchors
/// the ledger holds, seen by a second connection (another writer of a shared ledger).
@Suite struct LedgerEvidenceRecordStoreTests {
    static func anchor(size: UInt64, _ tag: UInt8) -> StoredAnchor {
        StoredAnchor(
            treeSize: size, checkpointHash: Array(repeating: tag, count: 32), tsaURL: "http://127.0.0.1:1/tsa",
            response: [0x30, tag, UInt8(size)], request: [0x30, 0], genTimeMillis: 99, chainPEM: "", revocationPEM: "",
            createdAtMillis: 100)
    }

    static func record(
        _ a: StoredAnchor, slot: Int, _ bytes: [UInt8], at millis: Int64 = 7
    ) throws
        -> StoredEvidenceRecord
    {
        StoredEvidenceRecord(
            treeSize: a.treeSize, anchorHash: try Digest.hash(.sha256, a.response), slot: slot, record: bytes,
            updatedAtMillis: millis)
    }

    /// A store with checkpoints 3 and 8, two anchors of 3 and one of 8.
    static func anchored(_ store: any LedgerStore) throws -> [StoredAnchor] {
        let anchors = [anchor(size: 3, 1), anchor(size: 3, 2), anchor(size: 8, 3)]
        for a in anchors {
            try store.saveCheckpoint(
                StoredCheckpoint(
                    treeSize: a.treeSize, rootHash: Array(repeating: 0, count: 32),
                    note: Array("n\(a.treeSize)\n".utf8),
                    createdAtMillis: 1))
            try store.saveAnchor(a)
        }
        return anchors
    }

    static func code(_ body: () throws -> Void) -> LedgerStoreError.Code? {
        #expect(throws: LedgerStoreError.self) { try body() }?.code
    }

    @Test(arguments: StoreKind.allCases) func compareAndSwapPerSlot(kind: StoreKind) throws {
        let (store, reopen) = try kind.make()
        #expect(try store.evidenceRecords(treeSize: nil).isEmpty && store.evidenceRecords(treeSize: 3).isEmpty)
        let anchors = try Self.anchored(store)
        let a = anchors[0], b = anchors[1], c = anchors[2]
        #expect(try store.evidenceRecords(treeSize: nil).isEmpty)

        let first = try Self.record(a, slot: 1, [0x30, 1])
        try store.saveEvidenceRecord(first, replacing: nil)
        #expect(try store.evidenceRecords(treeSize: nil) == [first])
        // Inserting into a slot that holds one is refused, the stored record kept.
        #expect(
            Self.code { try store.saveEvidenceRecord(Self.record(a, slot: 1, [0x30, 9]), replacing: nil) }
                == .evidenceRecordConflict)
        // A renewal replaces the bytes it was made from.
        let renewed = try Self.record(a, slot: 1, Array(repeating: 0x31, count: 9_000), at: 8)
        try store.saveEvidenceRecord(renewed, replacing: first.record)
        #expect(try store.evidenceRecords(treeSize: nil) == [renewed])
        // One made from stale bytes (another writer renewed in between) is refused, nothing changed;
        // so is a replacement of a slot that holds none.
        #expect(
            Self.code { try store.saveEvidenceRecord(Self.record(a, slot: 1, [0x30, 3]), replacing: first.record) }
                == .evidenceRecordConflict)
        #expect(
            Self.code { try store.saveEvidenceRecord(Self.record(a, slot: 2, [0x30, 3]), replacing: first.record) }
                == .evidenceRecordConflict)
        #expect(try store.evidenceRecords(treeSize: nil) == [renewed])

        // Only for an anchor the ledger holds: an unknown hash, or a known anchor at another size.
        let stranger = StoredEvidenceRecord(
            treeSize: 3, anchorHash: Array(repeating: 0xee, count: 32), slot: 1, record: [0x30, 0], updatedAtMillis: 1)
        #expect(Self.code { try store.saveEvidenceRecord(stranger, replacing: nil) } == .unknownAnchor)
        let misplaced = try StoredEvidenceRecord(
            treeSize: 8, anchorHash: Digest.hash(.sha256, a.response), slot: 1, record: [0x30, 0], updatedAtMillis: 1)
        #expect(Self.code { try store.saveEvidenceRecord(misplaced, replacing: nil) } == .unknownAnchor)
        #expect(
            Self.code { try store.saveEvidenceRecord(Self.record(a, slot: 0, [0x30, 0]), replacing: nil) }
                == .invalidRequest)
        #expect(
            Self.code { try store.saveEvidenceRecord(Self.record(a, slot: 3, []), replacing: nil) } == .invalidRequest)
        #expect(try store.evidenceRecords(treeSize: nil) == [renewed])

        // Two slots per anchor; a second connection (another writer of a shared ledger) adds and sees them.
        let other = try reopen()
        let second = try Self.record(a, slot: 2, [0x30, 2]), ofB = try Self.record(b, slot: 1, [0x30, 4])
        let ofC = try Self.record(c, slot: 1, [0x30, 5])
        try other.saveEvidenceRecord(second, replacing: nil)
        try other.saveEvidenceRecord(ofC, replacing: nil)
        try store.saveEvidenceRecord(ofB, replacing: nil)
        let ofThree = [renewed, second, ofB].sorted { $0.anchorHash.lexicographicallyPrecedes($1.anchorHash) }
        #expect(try other.evidenceRecords(treeSize: 3) == ofThree)
        #expect(try store.evidenceRecords(treeSize: nil) == ofThree + [ofC])
        #expect(try store.evidenceRecords(treeSize: 8) == [ofC])
        #expect(try store.evidenceRecords(treeSize: 5).isEmpty)
        // The other writer renewed from what it read: this one's renewal from the older bytes is refused.
        let theirs = try Self.record(a, slot: 2, [0x30, 6], at: 9)
        try other.saveEvidenceRecord(theirs, replacing: second.record)
        #expect(
            Self.code { try store.saveEvidenceRecord(Self.record(a, slot: 2, [0x30, 7]), replacing: second.record) }
                == .evidenceRecordConflict)
        #expect(
            try store.evidenceRecords(treeSize: 3).filter { $0.slot == 2 && $0.anchorHash == theirs.anchorHash } == [
                theirs
            ])
    }

    /// Writers racing to renew the same bytes through two connections: exactly one wins.
    @Test(arguments: StoreKind.allCases) func racingRenewalsOneWins(kind: StoreKind) throws {
        let (store, reopen) = try kind.make()
        let other = try reopen()
        let a = try Self.anchored(store)[0]
        let first = try Self.record(a, slot: 1, [0x30, 0])
        try store.saveEvidenceRecord(first, replacing: nil)
        let stores = [store, other]
        let won = Mutex<[UInt8]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            guard let r = try? Self.record(a, slot: 1, [0x30, UInt8(i + 1)]),
                (try? stores[i % 2].saveEvidenceRecord(r, replacing: first.record)) != nil
            else { return }
            won.withLock { $0.append(UInt8(i + 1)) }
        }
        let winners = won.withLock { $0 }
        #expect(winners.count == 1)
        #expect(try store.evidenceRecords(treeSize: nil).map(\.record) == winners.map { [0x30, $0] })
    }

    /// SQLite: records survive reopening; a ledger made before the table reads none and gains it
    /// on first write.
    @Test func durableAcrossReopenAndCreatedOnFirstWrite() throws {
        let path = try TestSupport.temporaryDirectory().appendingPathComponent("ledger.sqlite").path
        let r: StoredEvidenceRecord
        do {
            let store = try SQLiteLedgerStore(path: path, create: true)
            let a = try Self.anchored(store)[2]
            #expect(try store.evidenceRecords(treeSize: nil).isEmpty)
            r = try Self.record(a, slot: 1, [0x30, 0x42])
            try store.saveEvidenceRecord(r, replacing: nil)
        }
        let store = try SQLiteLedgerStore(path: path)
        #expect(try store.evidenceRecords(treeSize: 8) == [r])
        #expect(try store.anchors(treeSize: nil).count == 3)
    }
}
