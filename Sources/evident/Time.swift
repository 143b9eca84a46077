import EvidentCore
import EvidentCrypto
import EvidentLedger

/// Times on the command line, read in one place (issue #15): RFC 3339 UTC (`Z`) with 0 to 9
/// fraction digits, none non-zero past the millisecond (`ReceiptTime(lenient:)`), a space allowed instead of
/// the `T`, or `now`. Every option that takes a time goes through `CLI.time`.
extension CLI {
    /// Milliseconds now, as a receipt time.
    static func now() throws -> ReceiptTime { try ReceiptTime(millisecondsSinceEpoch: WallClock.millis()) }

    /// An option's time: RFC 3339 UTC (fraction optional) or "now".
    static func time(_ text: String, _ option: String) throws -> ReceiptTime {
        if text == "now" { return try now() }
        var normalized = Array(text.utf8)
        if normalized.count > 10 && normalized[10] == 0x20 { normalized[10] = UInt8(ascii: "T") }
        do { return try ReceiptTime(lenient: String(decoding: normalized, as: UTF8.self)) } catch {
            throw InputError(
                "\(option): '\(text)' is not an RFC 3339 UTC time to the millisecond (YYYY-MM-DDTHH:MM:SS[.fff]Z) or now"
            )
        }
    }

    /// An optional option's time as milliseconds since the epoch (a period's bounds).
    static func millis(_ text: String?, _ option: String) throws -> Int64? {
        try text.map { try time($0, option).millisecondsSinceEpoch }
    }
}
