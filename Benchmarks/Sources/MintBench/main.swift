import EvidentCrypto
import EvidentDER
import EvidentLedger
import EvidentPostgres
import EvidentSQLite
import EvidentServer
import Foundation

// Issue #7 item 1: durable minting against the raw Ed25519 sign rate, all measured in this run.
//   MintBench [RECEIPTS] [RATE] [SECONDS]        (defaults 20000, 10000, 10)
// 1. the limit: libsodium Ed25519 signatures/s over a receipt-sized message, one core;
// 2. one writer, group commit (Minter, batches of 1000) into SQLite (WAL, synchronous FULL);
// 3. two concurrent writers (two threads, each with its own store connection, as two processes
//    would have), batches of 1000;
// 4. a fixed offered rate (RATE drafts/s, open loop, one draft per request) through the group-
//    commit queue `evident serve` uses: p50/p99 of request → durable acknowledgement.
// With EVIDENT_BENCH_POSTGRES_URL set, 2–4 run against that PostgreSQL server as well.
let args = CommandLine.arguments
let total = args.count > 1 ? Int(args[1]) ?? 20_000 : 20_000
let rate = args.count > 2 ? Double(args[2]) ?? 10_000 : 10_000
let seconds = args.count > 3 ? Double(args[3]) ?? 10 : 10

let key = try LedgerKey.generate()
func draftJSON(_ i: Int) -> [UInt8] {
    Array(
        "{\"stream\":\"agent-\(i % 16)\",\"decision\":\"\(i % 9 == 0 ? "deny" : "allow")\",\"actor\":\"agent-\(i % 16)\",\"action\":\"tool.call\",\"resource\":\"db:table-\(i % 100)\",\"scope\":{\"tenant\":\"acme\"},\"policy\":{\"id\":\"agents\",\"version\":\"3\",\"hash\":\"\(String(repeating: "a", count: 64))\"}}"
            .utf8)
}
let now = Int64(Date().timeIntervalSince1970 * 1000)
let drafts = try (0..<total).map { try Minter.draft(json: draftJSON($0), nowMillis: now) }

// 1. The limit.
let message = try drafts[0].sign(with: key).signedBytes
var t = Date()
var n = 0
while Date().timeIntervalSince(t) < 2 {
    for _ in 0..<1000 { _ = key.signature(for: message) }
    n += 1000
}
let signRate = Double(n) / Date().timeIntervalSince(t)
print(String(format: "limit: Ed25519 sign (%d-byte message), 1 core: %.0f signatures/s", message.count, signRate))

func report(_ name: String, _ count: Int, _ elapsed: Double, cores: Double = 1) {
    let r = Double(count) / elapsed
    print(
        String(
            format: "%-58@ %8.0f receipts/s  = %.2f × the sign limit%@", name as NSString, r, r / signRate,
            cores > 1
                ? String(format: " (%.2f × %.0f cores)", r / (signRate * cores), cores) as NSString : "" as NSString))
}

func stores() throws -> [(String, () throws -> (any LedgerStore, () throws -> any LedgerStore))] {
    var out: [(String, () throws -> (any LedgerStore, () throws -> any LedgerStore))] = [
        (
            "sqlite",
            {
                let path = FileManager.default.temporaryDirectory.appendingPathComponent(
                    "mint-bench-\(UUID().uuidString).sqlite"
                ).path
                return (try SQLiteLedgerStore(path: path, create: true), { try SQLiteLedgerStore(path: path) })
            }
        )
    ]
    if let url = ProcessInfo.processInfo.environment["EVIDENT_BENCH_POSTGRES_URL"] {
        out.append(
            (
                "postgres",
                {
                    let location = try PostgresLocation(
                        url: url + (url.contains("?") ? "&" : "?") + "schema=b_\(UInt32.random(in: 0...UInt32.max))")
                    return (
                        try PostgresLedgerStore(location: location, create: true, origin: "bench/mint"),
                        { try PostgresLedgerStore(location: location) }
                    )
                }
            ))
    }
    return out
}

for (name, make) in try stores() {
    // 2. One writer.
    let (store, reopen) = try make()
    let minter = Minter(ledger: Ledger(store: store, origin: "bench/mint"), key: key)
    t = Date()
    for start in stride(from: 0, to: total, by: 1000) {
        _ = try minter.mint(Array(drafts[start..<min(total, start + 1000)]))
    }
    report("\(name): one writer, group commit (batches of 1000)", total, Date().timeIntervalSince(t))

    // 2b. The same through the server's group-commit queue (its committer thread), all queued at
    // once; 2c. the same, pipelined (batch k + 1 signed while batch k commits), as `serve` runs it.
    func throughQueue(_ label: String, _ makeQueue: (Minter) -> MintQueue) throws {
        let (queuedStore, _) = try make()
        let queue = makeQueue(Minter(ledger: Ledger(store: queuedStore, origin: "bench/mint"), key: key))
        let group = DispatchGroup()
        t = Date()
        for start in stride(from: 0, to: total, by: 1000) {
            group.enter()
            _ = queue.submit(Array(drafts[start..<min(total, start + 1000)])) { outcome in
                if case .failure(let e) = outcome { fatalError("\(e)") }
                group.leave()
            }
        }
        group.wait()
        report("\(name): one writer, \(label) (batches of 1000)", total, Date().timeIntervalSince(t))
        queue.shutdown()
    }
    try throughQueue("through the queue") { m in MintQueue(capacity: total, maxBatch: 1000, mint: { try m.mint($0) }) }
    try throughQueue("pipelined queue") { m in MintQueue(capacity: total, maxBatch: 1000, minter: m) }

    // 3. Two writers, each with its own connection.
    let second = Minter(ledger: Ledger(store: try reopen(), origin: "bench/mint"), key: key)
    let writers = [minter, second]
    t = Date()
    DispatchQueue.concurrentPerform(iterations: 2) { w in
        for start in stride(from: w * 1000, to: total, by: 2000) {
            _ = try! writers[w].mint(Array(drafts[start..<min(total, start + 1000)]))
        }
    }
    report("\(name): two concurrent writers (batches of 1000)", total, Date().timeIntervalSince(t), cores: 2)

    // 4. A fixed offered rate through the server's group-commit queue (pipelined, as `serve` runs it).
    final class Latencies: @unchecked Sendable {
        var values: [Double] = []
        var failed = 0
        var batches = 0
        var batched = 0
        var commitNanos: UInt64 = 0
        let lock = NSLock()
    }
    let lat = Latencies()
    let queue = MintQueue(
        capacity: 1_000_000, maxBatch: 1000, minter: minter,
        observe: { drafts, nanos, _, _ in
            lat.lock.withLock {
                lat.batches += 1
                lat.batched += drafts
                lat.commitNanos += nanos
            }
        })
    let count = Int(rate * seconds)
    let group = DispatchGroup()
    let begin = DispatchTime.now().uptimeNanoseconds
    var refused = 0
    for i in 0..<count {
        let due = begin + UInt64(Double(i) / rate * 1e9)
        // Sleep until due (a busy wait here took one of the two cores from the writer); a
        // request is never sent early, and its latency counts from when it was due.
        while case let now = DispatchTime.now().uptimeNanoseconds, now < due {
            usleep(UInt32(max(1, (due - now) / 1000)))
        }
        group.enter()
        let ok = queue.submit([drafts[i % total]]) { outcome in
            let done = DispatchTime.now().uptimeNanoseconds
            lat.lock.withLock {
                if case .success = outcome { lat.values.append(Double(done - due) / 1e6) } else { lat.failed += 1 }
            }
            group.leave()
        }
        if !ok { refused += 1; group.leave() }
    }
    group.wait()
    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - begin) / 1e9
    queue.shutdown()
    let sorted = lat.values.sorted()
    func q(_ p: Double) -> Double {
        sorted.isEmpty ? .nan : sorted[min(sorted.count - 1, Int((p * Double(sorted.count)).rounded(.up)) - 1)]
    }
    print(
        String(
            format:
                "%@: offered %.0f/s for %.0f s through the group-commit queue: %d acknowledged (%.0f/s), %d failed, %d refused; latency p50 %.3f ms, p99 %.3f ms, max %.3f ms",
            name, rate, seconds, sorted.count, Double(sorted.count) / elapsed, lat.failed, refused, q(0.5), q(0.99),
            q(1.0)))
    print(
        String(
            format: "%@: %d transactions, %.1f drafts and %.3f ms each on average (%.1f µs a draft)", name,
            lat.batches, Double(lat.batched) / Double(max(1, lat.batches)),
            Double(lat.commitNanos) / 1e6 / Double(max(1, lat.batches)),
            Double(lat.commitNanos) / 1e3 / Double(max(1, lat.batched))))
}
