import EvidentCore
import EvidentCrypto
import EvidentDER
import EvidentLedger
import EvidentPostgres
import EvidentSQLite
import EvidentTestSupport
import Foundation
import Testing

/// The store suite, run against both stores (SQLite and PostgreSQL): sequencing, the Merkle log
/// against the in-memory reference, concurrent writers through separate connections (as
/// separate processes would be), atomic batches, search, checkpoints, keys and anchors.
@Suite struct LedgerStoreTests {

    static func request(
        _ stream: String, _ payload: String, action: String = "deploy", decision: String = "allow", at: Int64 = 1_000
    ) -> AppendRequest {
        AppendRequest(stream: stream) { seq, prev, _ in
            // The body commits to seq and prev, as a signed receipt does.
            let body = Array(
                "{\"stream\":\"\(stream)\",\"seq\":\(seq),\"prev\":\"\(prev.map { Hex.encode($0) } ?? "")\",\"p\":\"\(payload)\"}"
                    .utf8)
            return PreparedEntry(
                body: body, issuedAtMillis: at, decision: decision, action: action, resource: "res-\(payload)",
                keyID: "k1", policyID: "p1")
        }
    }

    @Test(arguments: StoreKind.allCases) func sequencesAndChainsPerStream(kind: StoreKind) throws {
        let store = try kind.make().store
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

    /// Two stream names that are canonically equivalent but spelt differently ("café" as NFC and
    /// as NFD) are two streams, each with its own seqs and chain, in one batch and across
    /// batches, and so are their request ids (red team round 12: a Swift `String` key merged them).
    @Test(arguments: StoreKind.allCases) func streamsAreNamedByTheirBytes(kind: StoreKind) throws {
        let (store, reopen) = try kind.make()
        let nfc = "caf\u{E9}", nfd = "cafe\u{301}"
        #expect(nfc == nfd && !nfc.utf8.elementsEqual(nfd.utf8))  // equal as Swift Strings
        func keyed(_ stream: String, _ payload: String) -> AppendRequest {
            var r = Self.request(stream, payload)
            r.requestKey = .init(id: "job", digest: [UInt8](repeating: 1, count: 32))
            return r
        }
        let first = try store.append([keyed(nfc, "1"), keyed(nfd, "1"), Self.request(nfc, "2")])
        #expect(first.map(\.sequence) == [1, 1, 2], "\(first.map(\.sequence))")
        #expect(first[1].previousHash == nil && first[2].previousHash == first[0].hash)
        let second = try reopen().append([Self.request(nfd, "2"), Self.request(nfc, "3"), keyed(nfd, "1")])
        #expect(second.map(\.sequence) == [2, 3, 1], "\(second.map(\.sequence))")
        #expect(second[0].previousHash == first[1].hash && second[1].previousHash == first[2].hash)
        #expect(second[2] == first[1], "the request id in the NFD stream replays its own entry")
        let heads = try store.heads()
        #expect(heads.count == 2)
        #expect(heads.contains { $0.stream.utf8.elementsEqual(nfc.utf8) && $0.sequence == 3 })
        #expect(heads.contains { $0.stream.utf8.elementsEqual(nfd.utf8) && $0.sequence == 2 })
    }

    @Test(arguments: StoreKind.allCases) func merkleLogMatchesTheReference(kind: StoreKind) throws {
        let store = try kind.make().store
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

    /// A batch of many streams is signed on every core (``SequencedBatch``): the entries still
    /// take the indexes in request order, each stream's chain runs from its stored head without
    /// a gap, and the batch's replayed ids answer with what the batch minted.
    @Test(arguments: StoreKind.allCases) func aBatchOfManyStreamsChainsEachInRequestOrder(kind: StoreKind) throws {
        let store = try kind.make().store
        _ = try store.append([Self.request("s3", "before")])
        var requests = (0..<300).map { Self.request("s\(($0 * 7) % 11)", "\($0)") }
        var replayed = Self.request("s5", "keyed")
        replayed.requestKey = .init(id: "r1", digest: [UInt8](repeating: 9, count: 32))
        requests.insert(replayed, at: 17)
        requests.append(replayed)
        let out = try store.append(requests)
        #expect(out.count == requests.count)
        #expect(out.last == out[17])
        let minted = out.dropLast()
        #expect(minted.map(\.index) == Array(1...UInt64(minted.count)))
        #expect(zip(minted, requests).allSatisfy { $0.stream == $1.stream })
        var heads: [String: (UInt64, [UInt8]?)] = ["s3": (1, try store.entry(index: 0)?.hash)]
        for e in minted {
            let (seq, prev) = heads[e.stream] ?? (0, nil)
            #expect(e.sequence == seq + 1 && e.previousHash == prev, "\(e.stream) seq \(e.sequence)")
            #expect(try store.entry(index: e.index) == e)
            heads[e.stream] = (e.sequence, e.hash)
        }
        for (stream, (seq, hash)) in heads {
            #expect(try store.head(of: stream) == StreamHead(stream: stream, sequence: seq, hash: hash!))
        }
        #expect(try store.merkle.treeSize() == UInt64(minted.count) + 1)
    }

    /// Entries built ahead of the transaction (``SequencedBatch/presign``, the mint queue's
    /// pipeline) are stored only when the store would call the builder with exactly the
    /// arguments they were built for: with the heads as expected, no builder runs in the
    /// transaction; after another writer moved one stream's head, that stream's entries (and only
    /// they) are built again, and the chains stay whole.
    @Test(arguments: StoreKind.allCases) func presignedEntriesAreUsedOnlyForTheirArguments(kind: StoreKind) throws {
        final class Calls: @unchecked Sendable {
            private var n = 0
            private let lock = NSLock()
            func add() { lock.withLock { n += 1 } }
            var count: Int { lock.withLock { n } }
        }
        let (store, reopen) = try kind.make()
        let other = try reopen()
        _ = try store.append([Self.request("a", "first")])
        let calls = Calls()
        func counted(_ stream: String, _ payload: String) -> AppendRequest {
            let inner = Self.request(stream, payload)
            return AppendRequest(stream: stream) { seq, prev, time in
                calls.add()
                return try inner.build(seq, prev, time)
            }
        }
        func presigned(_ payloads: [(String, String)]) throws -> [AppendRequest] {
            try presign(payloads.map { counted($0.0, $0.1) })
        }
        func presign(_ given: [AppendRequest]) throws -> [AppendRequest] {
            var requests = given
            let after = try SequencedBatch.presign(
                &requests, heads: { stream in try store.head(of: stream).map { ($0.sequence, $0.hash) } },
                logTimeMillis: 1_000)
            #expect(after != nil)
            return requests
        }
        // As expected: the transaction builds nothing.
        let first = try presigned((0..<40).map { ("\(["a", "b", "c"][$0 % 3])", "x\($0)") })
        #expect(calls.count == 40)
        let stored = try store.append(first)
        #expect(calls.count == 40, "a presigned entry for the store's own arguments is stored as built")
        #expect(zip(stored, first).allSatisfy { $0.hash == $1.presigned?.hash })
        // Another writer moves b's head between the presign and the transaction.
        let second = try presigned((0..<30).map { ("\(["a", "b", "c"][$0 % 3])", "y\($0)") })
        #expect(calls.count == 70)
        _ = try other.append([Self.request("b", "interloper")])
        let out = try store.append(second)
        #expect(calls.count == 80, "only b's ten entries are built again")
        for (e, r) in zip(out, second) {
            #expect((e.hash == r.presigned?.hash) == (e.stream != "b"), "\(e.stream) \(e.sequence)")
        }
        // A request id the store already holds: presigned as if new, answered with the stored
        // entry; the later entry of its stream is built again, the other stream's are not.
        var keyed = counted("a", "keyed")
        keyed.requestKey = .init(id: "r1", digest: [UInt8](repeating: 7, count: 32))
        let firstKeyed = try store.append([keyed])[0]
        let before = calls.count
        let third = try presign([
            counted("a", "z0"), keyed, counted("a", "z1"), counted("c", "z2"), counted("c", "z3"),
        ])
        #expect(calls.count == before + 5)
        let answered = try store.append(third)
        #expect(calls.count == before + 6, "only the entry after the replayed id is built again")
        #expect(answered[1] == firstKeyed)
        #expect(answered[0].hash == third[0].presigned?.hash && answered[2].hash != third[2].presigned?.hash)
        #expect(answered[3].hash == third[3].presigned?.hash && answered[4].hash == third[4].presigned?.hash)
        // Every stream chains without a gap through all of it.
        var heads: [String: (UInt64, [UInt8]?)] = [:]
        for i in 0..<(try store.merkle.treeSize()) {
            let e = try #require(try store.entry(index: i))
            let (seq, prev) = heads[e.stream] ?? (0, nil)
            #expect(e.sequence == seq + 1 && e.previousHash == prev, "\(e.stream) seq \(e.sequence)")
            heads[e.stream] = (e.sequence, e.hash)
        }
    }

    /// When builds fail in several streams of one batch, the first failure in request order is
    /// the one thrown, and nothing of the batch is stored.
    @Test(arguments: StoreKind.allCases) func theFirstFailureInRequestOrderIsThrown(kind: StoreKind) throws {
        struct Boom: Error, Equatable { let at: Int }
        let store = try kind.make().store
        var requests = (0..<100).map { Self.request("s\($0 % 8)", "\($0)") }
        for at in [71, 40, 90] {
            requests[at] = AppendRequest(stream: "s\(at % 8)") { _, _, _ in throw Boom(at: at) }
        }
        #expect(throws: Boom(at: 40)) { try store.append(requests) }
        #expect(try store.merkle.treeSize() == 0)
        #expect(try store.heads().isEmpty)
    }

    @Test(arguments: StoreKind.allCases) func aFailingBuilderAppendsNothing(kind: StoreKind) throws {
        struct Boom: Error {}
        let store = try kind.make().store
        _ = try store.append([Self.request("a", "1")])
        let failing = AppendRequest(stream: "a") { _, _, _ in throw Boom() }
        #expect(throws: Boom.self) { try store.append([Self.request("a", "2"), failing]) }
        #expect(try store.head(of: "a")?.sequence == 1)
        #expect(try store.merkle.treeSize() == 1)
        #expect(try store.entry(index: 1) == nil)
    }

    /// Idempotency keys (issue #14): a repeated key with the same digest answers with the first
    /// entry (in the same batch and in a later one, through another connection), a different
    /// digest is refused and nothing of its batch is written; keys are per stream; eight
    /// concurrent writers through two connections with one key make exactly one entry.
    @Test(arguments: StoreKind.allCases) func requestIDsMintOnce(kind: StoreKind) async throws {
        let (store, reopen) = try kind.make()
        func keyed(_ stream: String, _ payload: String, _ id: String, _ digest: UInt8) -> AppendRequest {
            var r = Self.request(stream, payload)
            r.requestKey = .init(id: id, digest: [UInt8](repeating: digest, count: 32))
            return r
        }
        let batch = try store.append([
            keyed("a", "1", "job-1", 7), keyed("a", "1-again", "job-1", 7), Self.request("a", "2"),
        ])
        #expect(batch.count == 3 && batch[0] == batch[1] && batch[2].sequence == 2)
        let other = try reopen()
        let later = try other.append([keyed("a", "1-retry", "job-1", 7)])
        #expect(later == [batch[0]])
        #expect(try other.request(stream: "a", id: "job-1")?.entry == batch[0])
        #expect(try other.request(stream: "a", id: "nope") == nil)
        let e = #expect(throws: LedgerStoreError.self) {
            try store.append([Self.request("a", "3"), keyed("a", "changed", "job-1", 8)])
        }
        #expect(e?.code == .requestConflict && e?.detail.contains(Hex.encode(batch[0].hash)) == true)
        #expect(try store.head(of: "a")?.sequence == 2, "a refused batch wrote nothing")
        // One id twice in one batch with different drafts: the error names no receipt (none is stored).
        let twice = #expect(throws: LedgerStoreError.self) {
            try store.append([keyed("d", "1", "job-9", 1), keyed("d", "2", "job-9", 2)])
        }
        #expect(twice?.detail.contains("nothing of the batch was stored") == true)
        #expect(try store.head(of: "d") == nil)
        // The same id in another stream is another key.
        #expect(try store.append([keyed("b", "1", "job-1", 9)])[0].stream == "b")
        let stores = [store, other]
        let results = await withTaskGroup(of: LedgerEntry?.self) { group in
            for w in 0..<8 {
                group.addTask { try? stores[w % 2].append([keyed("c", "w\(w)", "deploy-42", 1)]).first }
            }
            var out: [LedgerEntry?] = []
            for await r in group { out.append(r) }
            return out
        }
        #expect(Set(results.compactMap { $0?.hash }).count == 1, "\(results)")
        #expect(try store.search(LedgerQuery(stream: "c")).count == 1)
    }

    @Test(arguments: StoreKind.allCases) func concurrentWritersThroughSeparateConnectionsNeverFork(
        kind: StoreKind
    ) async throws {
        let (first, reopen) = try kind.make()
        let second = try reopen()
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

    /// Batches of every size class over many streams — PostgreSQL writes one of up to ~4,000
    /// entries in a single statement and a larger one (5,001) in chunks: the Merkle nodes closed
    /// inside a batch and across batches match the reference.
    @Test(arguments: StoreKind.allCases) func largeBatchesAcrossStreams(kind: StoreKind) throws {
        let store = try kind.make().store
        var reference = InMemoryMerkleTree()
        var count = 0
        for size in [3, 2_500, 1, 1_029, 5_001] {
            let entries = try store.append((0..<size).map { Self.request("s\(($0 + count) % 7)", "\($0 + count)") })
            #expect(entries.map(\.index) == (count..<(count + size)).map(UInt64.init))
            for e in entries { try reference.append(leafData: e.body) }
            count += size
            #expect(try store.merkle.rootHash(treeSize: UInt64(count)) == reference.rootHash())
        }
        for stream in (0..<7).map({ "s\($0)" }) {
            var query = LedgerQuery(stream: stream)
            query.limit = count
            let all = try store.search(query)
            #expect(all.map(\.sequence) == Array(1...UInt64(all.count)))
            for (a, b) in zip(all, all.dropFirst()) { #expect(b.previousHash == a.hash) }
            #expect(try store.head(of: stream)?.sequence == UInt64(all.count))
        }
        let proof = try store.merkle.consistencyProof(from: 3, to: UInt64(count))
        try proof.verify(oldRoot: reference.rootHash(treeSize: 3), newRoot: reference.rootHash())
    }

    @Test(arguments: StoreKind.allCases) func checkpointsKeysAndAnchors(kind: StoreKind) throws {
        let store = try kind.make().store
        #expect(try store.latestCheckpoint() == nil)
        let c1 = StoredCheckpoint(
            treeSize: 1, rootHash: Array(repeating: 1, count: 32), note: Array("note 1".utf8), createdAtMillis: 10)
        let c2 = StoredCheckpoint(
            treeSize: 5, rootHash: Array(repeating: 5, count: 32), note: Array("note 5".utf8), createdAtMillis: 20)
        try store.saveCheckpoint(c2)
        try store.saveCheckpoint(c1)
        try store.saveCheckpoint(
            StoredCheckpoint(treeSize: 5, rootHash: Array(repeating: 9, count: 32), note: [], createdAtMillis: 30))
        #expect(try store.checkpoints() == [c1, c2])
        #expect(try store.latestCheckpoint() == c2)
        // Key records and anchor responses larger than a B-tree entry are still deduplicated.
        let big = Array(repeating: UInt8(ascii: "k"), count: 9_000)
        try store.addKeyRecord(Array("r1".utf8), addedAtMillis: 1)
        try store.addKeyRecord(big, addedAtMillis: 2)
        try store.addKeyRecord(Array("r1".utf8), addedAtMillis: 3)
        #expect(try store.keyRecords() == [Array("r1".utf8), big])
        let a = StoredAnchor(
            treeSize: 5, checkpointHash: Array(repeating: 7, count: 32), tsaURL: "http://127.0.0.1:1/tsa",
            response: Array(repeating: 0x30, count: 12_000), request: [0x30, 0], genTimeMillis: 99,
            chainPEM: "-----BEGIN CERTIFICATE-----\n", revocationPEM: "", createdAtMillis: 100)
        try store.saveAnchor(a)
        try store.saveAnchor(a)
        #expect(try store.anchors(treeSize: nil) == [a])
        #expect(try store.anchors(treeSize: 5) == [a])
        #expect(try store.anchors(treeSize: 1).isEmpty)
        #expect(try store.newestAnchor() == a)
        let later = StoredAnchor(
            treeSize: 1, checkpointHash: Array(repeating: 8, count: 32), tsaURL: "http://127.0.0.1:2/tsa",
            response: [0x30, 1],
            request: [0x30, 0], genTimeMillis: 500, chainPEM: "", revocationPEM: "", createdAtMillis: 101)
        try store.saveAnchor(later)
        #expect(try store.newestAnchor() == later)
        #expect(try store.anchors(treeSize: nil) == [a, later])
        // The chains, each once, in the order first stored.
        try store.saveAnchor(
            StoredAnchor(
                treeSize: 5, checkpointHash: Array(repeating: 9, count: 32), tsaURL: "http://127.0.0.1:3/tsa",
                response: [0x30, 2], request: [0x30, 0], genTimeMillis: 600, chainPEM: a.chainPEM, revocationPEM: "",
                createdAtMillis: 102))
        #expect(try store.anchorChains() == [a.chainPEM, ""])
    }

    @Test(arguments: StoreKind.allCases) func searchFilters(kind: StoreKind) throws {
        let store = try kind.make().store
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
        var paged = LedgerQuery(decision: "deny")
        paged.afterIndex = 1
        #expect(try store.search(paged).map(\.index) == [2])
    }

    @Test(arguments: StoreKind.allCases) func limitsAndOpening(kind: StoreKind) throws {
        let (store, reopen) = try kind.make()
        let e = #expect(throws: LedgerStoreError.self) { try store.append([Self.request("", "x")]) }
        #expect(e?.code == .invalidRequest)
        #expect(throws: LedgerStoreError.self) {
            try store.append([Self.request(String(repeating: "s", count: LedgerLimits.maxStreamName + 1), "x")])
        }
        let big = (0...LedgerLimits.maxBatch).map { Self.request("a", "\($0)") }
        #expect(throws: LedgerStoreError.self) { try store.append(big) }
        let exists = #expect(throws: LedgerStoreError.self) { try kind.recreate(like: reopen) }
        #expect(exists?.code == .alreadyInitialized)
    }

    @Test func sqliteOpening() throws {
        let path = try TestSupport.temporaryDirectory().appendingPathComponent("ledger.sqlite").path
        _ = try SQLiteLedgerStore(path: path, create: true)
        let missing = #expect(throws: LedgerStoreError.self) { try SQLiteLedgerStore(path: path + ".nope") }
        #expect(missing?.code == .notInitialized)
        let junk = try TestSupport.temporaryDirectory().appendingPathComponent("junk.sqlite")
        try Data("not a database".utf8).write(to: junk)
        #expect(throws: LedgerStoreError.self) { try SQLiteLedgerStore(path: junk.path) }
    }

    /// Connections the server drops (a restart, a terminated backend) are replaced: the next
    /// operation after they are gone succeeds, and nothing appended before is lost.
    @Test func postgresSurvivesDroppedConnections() throws {
        let location = try PostgresLocation(url: TestPostgres.freshURL())
        let store = try PostgresLedgerStore(location: location, create: true, origin: "evident.test/drop")
        _ = try store.append((0..<5).map { Self.request("s", "\($0)") })
        let sql =
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '\(location.applicationName)'"
        let psql =
            ["/usr/bin/psql", "/usr/lib/postgresql/15/bin/psql"].first {
                FileManager.default.isExecutableFile(atPath: $0)
            } ?? "psql"
        let r = try TestSupport.run(psql, [TestPostgres.serverURL, "-qAt", "-c", sql])
        #expect(
            r.status == 0 && (Int(r.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) >= 1,
            "\(r.stdoutText)\(r.stderrText)")
        Thread.sleep(forTimeInterval: 0.3)
        let more = try store.append([Self.request("s", "5")])
        #expect(more[0].sequence == 6 && more[0].index == 5)
        #expect(try store.merkle.treeSize() == 6)
    }

    /// A statement that gets no answer within query_timeout fails (the caller is not stuck), and
    /// the store works again once the obstacle is gone: here another session holds the log lock.
    @Test func postgresQueryTimeout() throws {
        let location = try PostgresLocation(url: TestPostgres.freshURL() + "&query_timeout=1")
        let store = try PostgresLedgerStore(location: location, create: true, origin: "evident.test/timeout")
        _ = try store.append([Self.request("s", "0")])
        let psql =
            ["/usr/bin/psql", "/usr/lib/postgresql/15/bin/psql"].first {
                FileManager.default.isExecutableFile(atPath: $0)
            } ?? "psql"
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: psql)
        holder.arguments = [
            TestPostgres.serverURL, "-qAt", "-c",
            "BEGIN; SELECT size FROM \(location.schema).log_state FOR UPDATE; SELECT pg_sleep(4); COMMIT;",
        ]
        holder.standardOutput = FileHandle.nullDevice
        holder.standardError = FileHandle.nullDevice
        try holder.run()
        // Until the holder's session is running its statement (it took the lock first thing):
        // a fixed wait here flaked when psql was slow to start under the parallel test load.
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            let r = try TestSupport.run(
                psql,
                [
                    TestPostgres.serverURL, "-qAt", "-c",
                    "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%\(location.schema).log_state FOR UPDATE%' AND pid <> pg_backend_pid()",
                ])
            if r.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) == "1" { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        Thread.sleep(forTimeInterval: 0.2)
        let start = Date()
        let e = #expect(throws: LedgerStoreError.self) { try store.append([Self.request("s", "1")]) }
        #expect(e?.code == .io && e?.detail.contains("query_timeout") == true, "\(String(describing: e))")
        #expect(Date().timeIntervalSince(start) < 2.5)
        holder.waitUntilExit()
        let after = try store.append([Self.request("s", "2")])
        #expect(after[0].sequence == 2 && after[0].index == 1, "the timed-out append left nothing behind")
    }

    @Test func postgresOpening() throws {
        let url = TestPostgres.freshURL()
        let missing = #expect(throws: LedgerStoreError.self) {
            try PostgresLedgerStore(location: PostgresLocation(url: url))
        }
        #expect(missing?.code == .notInitialized)
        let store = try PostgresLedgerStore(
            location: PostgresLocation(url: url), create: true, origin: "evident.test/a")
        #expect(store.origin == "evident.test/a")
        let other = #expect(throws: LedgerStoreError.self) {
            try PostgresLedgerStore(location: PostgresLocation(url: url), origin: "evident.test/b")
        }
        #expect(other?.code == .invalidRequest)
        for bad in [
            "http://x/y", "postgres://host/db", "postgres://u@h/d?schema=Bad-Name", "postgres://u@h/d?sslmode=allow",
            "postgres://u@h/d?nope=1",
        ] {
            #expect(throws: LedgerStoreError.self, "\(bad)") { try PostgresLocation(url: bad) }
        }
        let remote = try PostgresLocation(url: "postgres://u:secret@db.example:6543/ledger")
        #expect(remote.tls && remote.port == 6543 && remote.password == "secret" && remote.schema == "evident")
        #expect(!remote.description.contains("secret"))
        let unreachable = #expect(throws: LedgerStoreError.self) {
            try PostgresLedgerStore(location: PostgresLocation(url: "postgres://u@127.0.0.1:1/d?connect_timeout=2"))
        }
        #expect(unreachable?.code == .io)
    }
}

/// The log's time is monotone: the store hands each builder the newest stored entry's issued_at
/// and refuses an entry issued before the one before it (docs/verification.md, "Completeness").
@Suite struct LogTimeTests {
    @Test(arguments: StoreKind.allCases) func storeHandsOutTheLogTimeAndRefusesGoingBack(kind: StoreKind) throws {
        let store = try kind.make().store
        final class Seen: @unchecked Sendable { var times: [Int64?] = [] }
        let seen = Seen()
        func request(_ at: Int64) -> AppendRequest {
            AppendRequest(stream: "s") { seq, _, logTime in
                seen.times.append(logTime)
                return PreparedEntry(
                    body: Array("{\"seq\":\(seq),\"at\":\(at)}".utf8), issuedAtMillis: at, decision: "allow",
                    action: "a",
                    resource: "r", keyID: "k", policyID: nil)
            }
        }
        _ = try store.append([request(1_000), request(1_000)])
        _ = try store.append([request(2_000)])
        // Every builder of a batch is handed the newest stored entry's time.
        #expect(seen.times == [nil, nil, 1_000])
        #expect(throws: LedgerStoreError.self) { try store.append([request(1_999)]) }
        // Within a batch too: an entry issued before the one before it is refused, with its batch.
        #expect(throws: LedgerStoreError.self) { try store.append([request(2_001), request(2_000)]) }
        #expect(try store.merkle.treeSize() == 3)
        _ = try store.append([request(2_000)])
        #expect(seen.times.last == 2_000)
    }
}
