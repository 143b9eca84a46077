import ArgumentParser
import EvidentCore
import EvidentCrypto
import EvidentDER
import EvidentLedger
import EvidentTSP

#if canImport(Glibc)
import Glibc
#endif

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract:
            "KPIs: receipts, share covered by an anchored checkpoint, anchor freshness, witnesses, stream heads, keys.")
    @OptionGroup var ledger: LedgerOptions
    @Option(name: .customLong("ledger-key"), help: "Ledger public key files and key records (to report key states).")
    var keys: [String] = []
    @OptionGroup var algorithms: AlgorithmPolicyOptions
    @Option(help: "Evidence record renewals count as due this many days before a proof ends (as `evident renew`).")
    var renewBefore: Int = 180
    @Flag(help: "JSON output.") var json = false

    func run() throws {
        try CLI.guarding {
            let l = try ledger.open()
            do {
                let size = try l.store.merkle.treeSize()
                let anchors = try l.store.anchors(treeSize: nil)
                let anchoredSize = anchors.map(\.treeSize).max() ?? 0
                let newest = anchors.map(\.genTimeMillis).max()
                let now = WallClock.seconds()
                let age = newest.map { now - $0 / 1000 }
                let heads = try l.store.heads()
                let coverage = size == 0 ? 1.0 : Double(anchoredSize) / Double(size)
                let newestCosigned = try l.store.newestCosignatures()
                // Per configured witness: the newest size it cosigned and that cosignature's age (its timestamp).
                let witnesses = try l.store.witnesses().map { w in
                    (w, newestCosigned.first { $0.isBy(w) })
                }
                let renewals = try RenewalStatus.slots(
                    ledger: l, policy: try algorithms.policy(), marginSeconds: Int64(renewBefore) * 86_400, now: now)
                var keyStates: [(String, String)] = []
                if !keys.isEmpty {
                    let ring = try LedgerKeys.ring(keys, journal: try l.store.keyRecords(), journalTrusted: true)
                    let at = try ReceiptTime(millisecondsSinceEpoch: now * 1000)
                    keyStates = ring.entries.keys.sorted().map { ($0, ring.status(of: $0, at: at).description) }
                }
                if json {
                    print(
                        JSONValue.document(
                            "status",
                            [
                                ("receipts", .int(Int(size))), ("anchored_receipts", .int(Int(anchoredSize))),
                                ("anchored_share", .double((coverage * 10_000).rounded() / 10_000)),
                                ("newest_anchor_age_seconds", age.map { .int(Int($0)) } ?? .null),
                                ("anchors", .int(anchors.count)),
                                (
                                    "witnesses",
                                    .array(
                                        witnesses.map { w, c in
                                            .object([
                                                ("name", .string(w.name)), ("url", .string(w.url)),
                                                ("newest_cosigned_size", c.map { .int(Int($0.treeSize)) } ?? .null),
                                                (
                                                    "newest_cosignature_age_seconds",
                                                    c.map { .int(Int(now - $0.timestampMillis / 1000)) } ?? .null
                                                ),
                                            ])
                                        })
                                ),
                                ("evidence_records", .array(renewals.map(\.json))),
                                ("streams", CLI.json(heads: heads)),
                                (
                                    "keys",
                                    .array(
                                        keyStates.map {
                                            .object([("key_id", .string($0.0)), ("state", .string($0.1))])
                                        })
                                ),
                            ]
                        ).render())
                } else {
                    print("receipts: \(size)")
                    print(
                        "covered by an anchored checkpoint: \(anchoredSize) (\(String(format: "%.1f", coverage * 100)) %)"
                    )
                    print("newest anchor: \(age.map { "\($0) s ago" } ?? "none") (\(anchors.count) anchors)")
                    print("witnesses: \(witnesses.count)")
                    for (w, c) in witnesses {
                        let newest = c.map { "cosigned size \($0.treeSize), \(now - $0.timestampMillis / 1000) s ago" }
                        print(DisplayText.safe("  \(w.name)  \(newest ?? "never cosigned")  \(w.url)"))
                    }
                    print("evidence record slots: \(renewals.count)")
                    for r in renewals { print("  \(r.text)") }
                    print("streams: \(heads.count)")
                    for h in heads { print("  \(h.stream)  #\(h.sequence)  \(Hex.encode(h.hash).prefix(16))…") }
                    for (id, state) in keyStates { print("key \(id): \(state)") }
                }
            } catch let e as LedgerStoreError {
                throw InputError(e.description)
            }
        }
    }
}
