/// The rules that bind a receipt's `issued_at` to time a verifier can prove
/// (docs/verification.md, "Time"):
///
/// - the ledger assigns `issued_at` at append, from its own clock, never earlier than the previous
///   entry's: the log's time is monotone in log order;
/// - a draft may carry an `issued_at`, but one further than ``clockSkewAllowanceMillis`` from the
///   ledger's clock is refused (a client cannot backdate or postdate a receipt);
/// - a verifier requires `issued_at` ≥ genTime of the anchor token the receipt references and
///   ≤ genTime of the first anchor covering it, each widened by that token's stated accuracy and
///   by ``clockSkewAllowanceMillis`` (the ledger's and the TSA's clocks are not the same clock).
public enum TimeBinding {
    /// How far apart the ledger's clock, a client's and a TSA's may be: 2 seconds.
    public static let clockSkewAllowanceMillis: Int64 = 2_000

    /// How far a receipt's `issued_at` may lie outside an anchor's genTime: the token's stated
    /// accuracy plus the clock-skew allowance.
    public static func tolerance(accuracyMillis: Int64) -> Int64 { max(0, accuracyMillis) + clockSkewAllowanceMillis }

    /// True when `issuedMillis` is earlier than the genTime of the anchor token the receipt
    /// references allows: the receipt claims a time before a token it names existed.
    public static func isBackdated(issuedMillis: Int64, referencedGenTime: Int64, accuracyMillis: Int64) -> Bool {
        issuedMillis < referencedGenTime - tolerance(accuracyMillis: accuracyMillis)
    }

    /// True when `issuedMillis` is later than the genTime of the first anchor covering the receipt
    /// allows: the receipt claims a time after a checkpoint holding it was time-stamped.
    public static func isPostdated(issuedMillis: Int64, coveringGenTime: Int64, accuracyMillis: Int64) -> Bool {
        issuedMillis > coveringGenTime + tolerance(accuracyMillis: accuracyMillis)
    }

    /// The `issued_at` the ledger signs for an entry appended at `nowMillis` after an entry
    /// issued at `logTimeMillis`: the later of the two, so the log's time never goes back.
    /// Throws when the log's time is ahead of this clock by more than the allowance (another
    /// writer's clock is wrong, or this one is): signing would put the receipt outside the window
    /// a verifier accepts.
    public static func assign(nowMillis: Int64, logTimeMillis: Int64?) throws -> ReceiptTime {
        guard let logTimeMillis, logTimeMillis > nowMillis else {
            return try ReceiptTime(millisecondsSinceEpoch: nowMillis)
        }
        guard logTimeMillis - nowMillis <= clockSkewAllowanceMillis else {
            throw ReceiptError(
                .invalidTime, field: "issued_at",
                "the log's newest entry is issued \(logTimeMillis - nowMillis) ms after this machine's clock reads (allowance \(clockSkewAllowanceMillis) ms): check the writers' clocks"
            )
        }
        return try ReceiptTime(millisecondsSinceEpoch: logTimeMillis)
    }

    /// Refuses a draft whose `issued_at` is further than the allowance from the ledger's clock.
    public static func checkDraft(_ issuedAt: ReceiptTime, nowMillis: Int64) throws {
        let skew = issuedAt.millisecondsSinceEpoch - nowMillis
        guard abs(skew) <= clockSkewAllowanceMillis else {
            throw ReceiptError(
                .invalidTime, field: "issued_at",
                "\(issuedAt) is \(abs(skew)) ms \(skew < 0 ? "before" : "after") the ledger's clock (allowance \(clockSkewAllowanceMillis) ms): the ledger assigns issued_at; omit it"
            )
        }
    }
}
