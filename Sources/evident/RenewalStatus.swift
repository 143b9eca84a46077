import EvidentCore
import EvidentLedger
import EvidentTSP

/// `evident status`: per evidence record slot, the anchors with a record, the earliest next
/// due renewal and how many are overdue (due now), as `evident renew` would schedule them.
struct RenewalStatus {
    let slot: Int
    let anchors: Int
    let withRecord: Int
    let nextDue: Int64?
    let overdue: Int

    static func slots(
        ledger: Ledger, policy: AlgorithmPolicy, marginSeconds: Int64, now: Int64
    ) throws
        -> [RenewalStatus]
    {
        let slots = try ledger.store.evidenceRecords(treeSize: nil).map(\.slot).max() ?? 0
        guard slots > 0 else { return [] }
        let items = try Renewer.schedule(
            ledger: ledger, slots: slots, policy: policy, marginSeconds: marginSeconds, now: now)
        return (1...slots).map { slot in
            let mine = items.filter { $0.slot == slot }
            return RenewalStatus(
                slot: slot, anchors: mine.count, withRecord: mine.filter { $0.stored != nil }.count,
                nextDue: mine.map(\.dueAt).min(), overdue: mine.filter { $0.dueAt <= now }.count)
        }
    }

    var json: JSONValue {
        .object([
            ("slot", .int(slot)), ("anchors", .int(anchors)), ("with_record", .int(withRecord)),
            ("next_due", nextDue.map { .string(Renew.moment($0)) } ?? .null), ("overdue", .int(overdue)),
        ])
    }

    var text: String {
        "slot \(slot): \(withRecord) of \(anchors) anchors with a record, next due \(Renew.moment(nextDue)), \(overdue) overdue"
    }
}
