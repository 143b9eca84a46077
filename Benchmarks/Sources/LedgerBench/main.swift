import EvidentCore
import EvidentCrypto
import EvidentDER
import EvidentLedger
import EvidentSQLite
import Foundation

// SQLite ledger at scale: group-commit append rate, then indexed search and proof latency on
// the resulting log. Usage: LedgerBench [RECEIPTS] [DIR] [MORE]; RECEIPTS 0 opens the ledger
// already at DIR (proof latency of one log across builds, without appending it again), and MORE
// appends that many receipts to it first, timed (the first append to a ledger made before
// merkle_tiles also fills that table).
let total = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 1_000_000 : 1_000_000
let dir =
    CommandLine.arguments.count > 2
    ? CommandLine.arguments[2]
    : FileManager.default.temporaryDirectory.appendingPathComponent("ledger-bench-\(UUID().uuidString)").path
let ledger =
    total == 0
    ? try LedgerDirectory(path: dir).open() : try LedgerDirectory(path: dir).initialize(origin: "bench/ledger")
let store = ledger.store
let day: Int64 = 86_400_000
let start = Int64(Date().timeIntervalSince1970 * 1000) - 30 * day
let actions = ["tool.call", "deploy", "payment", "db.query", "file.read"]
// ~330-byte bodies, about the size of a signed receipt.
let filler = String(repeating: "x", count: 250)

func request(_ i: Int) -> AppendRequest {
    AppendRequest(stream: "stream-\(i % 64)") { seq, prev, _ in
        let body = Array(
            "{\"i\":\(i),\"seq\":\(seq),\"prev\":\"\(prev.map { Hex.encode($0) } ?? "")\",\"f\":\"\(filler)\"}".utf8)
        return PreparedEntry(
            body: body, issuedAtMillis: start + Int64(i) * (30 * day / Int64(total == 0 ? 1_000_000 : total)),
            decision: i % 9 == 0 ? "deny" : "allow",
            action: actions[i % actions.count], resource: "res-\(i % 1000)", keyID: "ed25519:k", policyID: "p\(i % 10)")
    }
}

let batch = 5_000
let t0 = Date()
var i = 0
while i < total {
    _ = try store.append((i..<min(total, i + batch)).map(request))
    i += batch
}
let appendSeconds = Date().timeIntervalSince(t0)
if total == 0, CommandLine.arguments.count > 3, let more = Int(CommandLine.arguments[3]), more > 0 {
    let size = try store.merkle.treeSize()
    let t = Date()
    _ = try store.append((0..<more).map { request(Int(size) + $0) })
    print(String(format: "append %d more to the reopened log of %d: %.3f s", more, size, Date().timeIntervalSince(t)))
}
if total > 0 {
    print(
        String(
            format: "append %d receipts in batches of %d: %.1f s, %.0f receipts/s", total, batch, appendSeconds,
            Double(total) / appendSeconds))
}

func time(_ name: String, repeat n: Int = 20, _ body: () throws -> Int) rethrows {
    var results = 0
    let t = Date()
    for _ in 0..<n { results = try body() }
    print(
        String(
            format: "%-62@ %9.3f ms  (%d rows)", name as NSString, Date().timeIntervalSince(t) / Double(n) * 1000,
            results))
}
let now = start + 30 * day
try time("search: deny for action tool.call in the last 24 h") {
    try store.search(LedgerQuery(decision: "deny", action: "tool.call", from: now - day, to: now)).count
}
try time("search: stream-7, first 1000") { try store.search(LedgerQuery(stream: "stream-7")).count }
try time("search: resource res-42 (all time)") { try store.search(LedgerQuery(resource: "res-42")).count }
let size = try store.merkle.treeSize()
try time("root of the whole log", repeat: 200) {
    _ = try store.merkle.rootHash(treeSize: size); return 1
}
try time("inclusion proof (random leaf, full size)", repeat: 200) {
    _ = try store.merkle.inclusionProof(leafIndex: UInt64.random(in: 0..<size), treeSize: size); return 1
}
try time("inclusion proof (random leaf, full size), next 5,000", repeat: 5000) {
    _ = try store.merkle.inclusionProof(leafIndex: UInt64.random(in: 0..<size), treeSize: size); return 1
}
try time("consistency proof (size/3 -> size)", repeat: 200) {
    _ = try store.merkle.consistencyProof(from: size / 3, to: size); return 1
}
let attrs = try FileManager.default.attributesOfItem(atPath: dir + "/ledger.sqlite")
print("database: \((attrs[.size] as? NSNumber)?.intValue ?? 0 / 1_048_576) bytes at \(dir)")
