import EvidentDER
import EvidentLedger

/// Parses `YYYY-MM-DDTHH:MM:SS[.fff]Z` (UTC only) into seconds since the epoch.
enum RFC3339 {
    static func parse(_ text: String) -> Int64? {
        let c = Array(text.utf8)
        guard c.count >= 20, c.last == UInt8(ascii: "Z"), c[4] == UInt8(ascii: "-"), c[7] == UInt8(ascii: "-"),
              c[10] == UInt8(ascii: "T") || c[10] == UInt8(ascii: " "), c[13] == UInt8(ascii: ":"), c[16] == UInt8(ascii: ":")
        else { return nil }
        func num(_ a: Int, _ n: Int) -> Int? {
            var v = 0
            for i in a..<(a + n) {
                guard c[i] >= 48 && c[i] <= 57 else { return nil }
                v = v * 10 + Int(c[i] - 48)
            }
            return v
        }
        guard let y = num(0, 4), let mo = num(5, 2), let d = num(8, 2), let h = num(11, 2), let mi = num(14, 2), let s = num(17, 2),
              let t = try? DERTime(year: y, month: mo, day: d, hour: h, minute: mi, second: s)
        else { return nil }
        return t.secondsSinceEpoch
    }

    /// An option's RFC 3339 time as milliseconds since the epoch, fraction kept to the
    /// millisecond (nil when the option is absent): a period's bounds are receipt times.
    static func millis(_ text: String?, option: String) throws -> Int64? {
        guard let text else { return nil }
        if let t = try? ReceiptTime(lenient: text) { return t.millisecondsSinceEpoch }
        guard let seconds = parse(text) else { throw InputError("\(option): '\(text)' is not an RFC 3339 UTC time") }
        return seconds * 1000
    }
}
