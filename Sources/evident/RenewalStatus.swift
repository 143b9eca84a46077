import EvidentCore
import EvidentCrypto
import EvidentLedger
import EvidentTSP

/// `evident status`: per evidence record slot, the anchors with a record, the earliest next
/// due renewal, how many are overdue (due now) and how many lapsed (their proof already ended:
/// a renewal cannot prove them any more), as `evident renew` would schedule and judge them.
struct RenewalStatus {
    let slot: Int
    let anchors: Int
    let withRecord: Int
    let nextDue: Int64?
    let overdue: Int
    let lapsed: Int

    static func slots(
        ledger: Ledger, policy: AlgorithmPolicy, marginSeconds: Int64, now: Int64
    ) throws
        -> [RenewalStatus]
    {
        let slots = try ledger.store.evidenceRecords(treeSize: nil).map(\.slot).max() ?? 0
        guard slots > 0 else { return [] }
        let items = try Renewer.schedule(
            ledger: ledger, slots: slots, policy: policy, marginSeconds: marginSeconds, now: now)
        // Judged as `renew` does, trusting the roots the record's tokens carry (no --tsa-roots here).
        let lapsed = items.map { item in
            var check = EvidenceTokenCheck(trustedRoots: item.record.map(carriedRoots) ?? [])
            check.algorithmPolicy = policy
            check.requireRevocation = false
            return Renewer.standing(item, tokens: check, now: now).lapse != nil
        }
        return (1...slots).map { slot in
            let mine = items.indices.filter { items[$0].slot == slot }
            return RenewalStatus(
                slot: slot, anchors: mine.count, withRecord: mine.filter { items[$0].stored != nil }.count,
                nextDue: mine.map { items[$0].dueAt }.min(),
                overdue: mine.filter { items[$0].dueAt <= now && !lapsed[$0] }.count,
                lapsed: mine.filter { lapsed[$0] }.count)
        }
    }

    /// The self-issued certificates an evidence record's time-stamps carry.
    static func carriedRoots(_ record: EvidenceRecord) -> [X509Certificate] {
        record.chains.flatMap { $0 }.flatMap { $0.timeStamp.validationData.certificates }.filter {
            $0.subject == $0.issuer
        }
    }

    var json: JSONValue {
        .object([
            ("slot", .int(slot)), ("anchors", .int(anchors)), ("with_record", .int(withRecord)),
            ("next_due", nextDue.map { .string(Renew.moment($0)) } ?? .null), ("overdue", .int(overdue)),
            ("lapsed", .int(lapsed)),
        ])
    }

    var text: String {
        "slot \(slot): \(withRecord) of \(anchors) anchors with a record, next due \(Renew.moment(nextDue)), \(overdue) overdue, \(lapsed) lapsed"
    }
}
