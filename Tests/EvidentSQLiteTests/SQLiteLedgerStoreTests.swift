import EvidentCrypto
import EvidentDER
import EvidentLedger
import EvidentSQLite
import EvidentTestSupport
import Foundation
import Testing

/// The SQLite store: sequencing, the Merkle log against the in-memory reference, concurrent
/// writers through separate connections (as separate processes would be), atomic batches, search.
@Suite struct SQLiteLedgerStoreTests {
    static func newStore() throws -> (SQLiteLedgerStore, String) {
        let path = try TestSupport.temporaryDirectory().appendingPathComponent("ledger.sqlite").path
        return (try SQLiteLedgerStore(path: path, create: true), path)
    }

    static func request(_ stream: String, _ payload: String, action: String = "deploy", decision: String = "allow", at: Int64 = 1_000) -> AppendRequest {
        AppendRequest(stream: stream) { seq, prev in
            // The body commits to seq and prev, as a signed receipt does.
            let body = Array("{\"stream\":\"\(stream)\",\"seq\":\(seq),\"prev\":\"\(prev.map { Hex.encode($0) } ?? "")\",\"p\":\"\(payload)\"}".utf8)
            return PreparedEntry(body: body, issuedAtMillis: at, decision: decision, action: action, resource: "res-\(payload)", keyID: "k1", policyID: "p1")
        }
    }

    @Test func sequencesAndChainsPerStream() throws {
        let (store, _) = try Self.newStore()
        let a1 = try store.append([Self.request("a", "1")])[0]
        let b1 = try store.append([Self.request("b", "1")])[0]
        let a2 = try store.append([Self.request("a", "2")])[0]
        #expect(a1.index == 0 && b1.index == 1 && a2.index == 2)
        #expect(a1.sequence == 1 && a1.previousHash == nil)
        #expect(a2.sequence == 2 && a2.previousHash == a1.hash)
        #expect(b1.sequence == 1 && b1.previousHash == nil)
        #expect(a2.hash == (try Digest.hash(.sha256, a2.body)))
        #expect(try store.head(of: "a") == StreamHead(stream: "a", sequence: 2, hash: a2.hash))
        #expect(try store.entry(hash: a2.hash) == a2)
        #expect(try store.entry(index: 1) == b1)
        #expect(try store.heads().map(\.stream) == ["a", "b"])
    }

    @Test func merkleLogMatchesTheReference() throws {
        let (store, _) = try Self.newStore()
        var reference = InMemoryMerkleTree()
        for i in 0..<130 {
            let e = try store.append([Self.request("s\(i % 3)", "\(i)")])[0]
            try reference.append(leafData: e.body)
            let n = UInt64(i + 1)
            #expect(try store.merkle.rootHash(treeSize: n) == reference.rootHash(treeSize: n))
        }
        let root = try reference.rootHash(treeSize: 130)
        for leaf in stride(from: UInt64(0), to: 130, by: 7) {
            let proof = try store.merkle.inclusionProof(leafIndex: leaf, treeSize: 130)
            try proof.verify(leafHash: try #require(try store.entry(index: leaf)).leafHash, rootHash: root)
        }
        for old in [1, 2, 3, 64, 65, 100] as [UInt64] {
            let proof = try store.merkle.consistencyProof(from: old, to: 130)
            try proof.verify(oldRoot: reference.rootHash(treeSize: old), newRoot: root)
        }
    }

    @Test func aFailingBuilderAppendsNothing() throws {
        struct Boom: Error {}
        let (store, _) = try Self.newStore()
        _ = try store.append([Self.request("a", "1")])
        let failing = AppendRequest(stream: "a") { _, _ in throw Boom() }
        #expect(throws: Boom.self) { try store.append([Self.request("a", "2"), failing]) }
        #expect(try store.head(of: "a")?.sequence == 1)
        #expect(try store.merkle.treeSize() == 1)
        #expect(try store.entry(index: 1) == nil)
    }

    @Test func concurrentWritersThroughSeparateConnectionsNeverFork() async throws {
        let (first, path) = try Self.newStore()
        let second = try SQLiteLedgerStore(path: path)
        let stores = [first, second]
        await withTaskGroup(of: Void.self) { group in
            for w in 0..<8 {
                group.addTask {
                    for i in 0..<25 {
                        _ = try? stores[w % 2].append([Self.request("s\(i % 3)", "w\(w)-\(i)")])
                    }
                }
            }
        }
        let all = try first.search(LedgerQuery()).sorted { $0.index < $1.index }
        #expect(all.count == 200)
        #expect(all.map(\.index) == Array(0..<200))
        for stream in ["s0", "s1", "s2"] {
            let entries = all.filter { $0.stream == stream }
            #expect(entries.map(\.sequence) == Array(1...UInt64(entries.count)), "\(stream) has a gap or a fork")
            for (prev, next) in zip(entries, entries.dropFirst()) { #expect(next.previousHash == prev.hash) }
            #expect(try first.head(of: stream)?.hash == entries.last?.hash)
        }
        var reference = InMemoryMerkleTree()
        for e in all { try reference.append(leafData: e.body) }
        #expect(try second.merkle.rootHash(treeSize: 200) == reference.rootHash())
    }

    @Test func searchFilters() throws {
        let (store, _) = try Self.newStore()
        _ = try store.append([
            Self.request("agent", "1", action: "tool.call", decision: "allow", at: 1_000),
            Self.request("agent", "2", action: "tool.call", decision: "deny", at: 2_000),
            Self.request("deploy", "3", action: "deploy", decision: "deny", at: 3_000),
        ])
        #expect(try store.search(LedgerQuery(decision: "deny")).count == 2)
        #expect(try store.search(LedgerQuery(decision: "deny", action: "tool.call")).map(\.sequence) == [2])
        #expect(try store.search(LedgerQuery(from: 1_500, to: 3_000)).map(\.index) == [1])
        #expect(try store.search(LedgerQuery(stream: "deploy")).count == 1)
        var limited = LedgerQuery()
        limited.limit = 1
        #expect(try store.search(limited).count == 1)
    }

    @Test func limitsAndOpening() throws {
        let (store, path) = try Self.newStore()
        let e = #expect(throws: LedgerStoreError.self) { try store.append([Self.request("", "x")]) }
        #expect(e?.code == .invalidRequest)
        #expect(throws: LedgerStoreError.self) { try store.append([Self.request(String(repeating: "s", count: LedgerLimits.maxStreamName + 1), "x")]) }
        let big = (0...LedgerLimits.maxBatch).map { Self.request("a", "\($0)") }
        #expect(throws: LedgerStoreError.self) { try store.append(big) }
        let exists = #expect(throws: LedgerStoreError.self) { try SQLiteLedgerStore(path: path, create: true) }
        #expect(exists?.code == .alreadyInitialized)
        let missing = #expect(throws: LedgerStoreError.self) { try SQLiteLedgerStore(path: path + ".nope") }
        #expect(missing?.code == .notInitialized)
        let junk = try TestSupport.temporaryDirectory().appendingPathComponent("junk.sqlite")
        try Data("not a database".utf8).write(to: junk)
        #expect(throws: LedgerStoreError.self) { try SQLiteLedgerStore(path: junk.path) }
    }
}
