import EvidentLedger
import Testing

/// The time rules (docs/verification.md, "Time"): windows widened by exactly the token's accuracy
/// plus the clock-skew allowance, checked one millisecond either side of each bound; the ledger's
/// assignment of issued_at; the refusal of a skewed draft.
@Suite struct TimeBindingTests {
    let genTime: Int64 = 1_764_590_400_000
    let skew = TimeBinding.clockSkewAllowanceMillis

    @Test func backdatedByOneMillisecondPastTheTolerance() {
        for accuracy: Int64 in [0, 1, 1000, 60_000] {
            let edge = genTime - accuracy - skew
            #expect(!TimeBinding.isBackdated(issuedMillis: edge, referencedGenTime: genTime, accuracyMillis: accuracy))
            #expect(
                TimeBinding.isBackdated(issuedMillis: edge - 1, referencedGenTime: genTime, accuracyMillis: accuracy))
            #expect(
                !TimeBinding.isBackdated(issuedMillis: genTime, referencedGenTime: genTime, accuracyMillis: accuracy))
        }
    }

    @Test func postdatedByOneMillisecondPastTheTolerance() {
        for accuracy: Int64 in [0, 1, 1000, 60_000] {
            let edge = genTime + accuracy + skew
            #expect(!TimeBinding.isPostdated(issuedMillis: edge, coveringGenTime: genTime, accuracyMillis: accuracy))
            #expect(TimeBinding.isPostdated(issuedMillis: edge + 1, coveringGenTime: genTime, accuracyMillis: accuracy))
        }
        // A negative accuracy (never valid DER, but never trusted either) widens nothing.
        #expect(
            TimeBinding.isPostdated(issuedMillis: genTime + skew + 1, coveringGenTime: genTime, accuracyMillis: -5_000))
    }

    @Test func theLedgerAssignsMonotoneTime() throws {
        #expect(try TimeBinding.assign(nowMillis: 5_000, logTimeMillis: nil).millisecondsSinceEpoch == 5_000)
        #expect(try TimeBinding.assign(nowMillis: 5_000, logTimeMillis: 4_000).millisecondsSinceEpoch == 5_000)
        // Another writer's clock a little ahead: the log's time, not ours.
        #expect(
            try TimeBinding.assign(nowMillis: 5_000, logTimeMillis: 5_000 + skew).millisecondsSinceEpoch == 5_000 + skew
        )
        // Too far ahead: refused rather than signing a time outside every window.
        #expect(throws: ReceiptError.self) { try TimeBinding.assign(nowMillis: 5_000, logTimeMillis: 5_001 + skew) }
    }

    @Test func aDraftFurtherThanTheAllowanceFromTheLedgerClockIsRefused() throws {
        let now: Int64 = 1_764_590_400_000
        try TimeBinding.checkDraft(try ReceiptTime(millisecondsSinceEpoch: now - skew), nowMillis: now)
        try TimeBinding.checkDraft(try ReceiptTime(millisecondsSinceEpoch: now + skew), nowMillis: now)
        #expect(throws: ReceiptError.self) {
            try TimeBinding.checkDraft(try ReceiptTime(millisecondsSinceEpoch: now - skew - 1), nowMillis: now)
        }
        #expect(throws: ReceiptError.self) {
            try TimeBinding.checkDraft(try ReceiptTime(millisecondsSinceEpoch: now + skew + 1), nowMillis: now)
        }
    }
}
