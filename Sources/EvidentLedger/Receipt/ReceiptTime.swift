/// An instant with millisecond precision, written as RFC 3339 UTC with exactly three fraction
/// digits: `2025-01-31T09:30:00.000Z` (docs/receipt.md, "Times"). One spelling per instant, so a
/// time in a signed object has one canonical form.
public struct ReceiptTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public let millisecondsSinceEpoch: Int64

    /// Years 0001 to 9999, as four-digit RFC 3339 years allow.
    static let range: ClosedRange<Int64> = -62_135_596_800_000...253_402_300_799_999

    public init(millisecondsSinceEpoch: Int64) throws {
        guard ReceiptTime.range.contains(millisecondsSinceEpoch) else {
            throw ReceiptError(.invalidTime, "\(millisecondsSinceEpoch) ms since 1970 is outside years 0001–9999")
        }
        self.millisecondsSinceEpoch = millisecondsSinceEpoch
    }

    /// Parses the strict form `YYYY-MM-DDTHH:MM:SS.mmmZ` only.
    public init(_ text: String) throws {
        guard let t = ReceiptTime.parse(text, strict: true) else {
            throw ReceiptError(.invalidTime, "'\(text.prefix(40))' is not RFC 3339 UTC with milliseconds (YYYY-MM-DDTHH:MM:SS.mmmZ)")
        }
        self = t
    }

    /// Parses any RFC 3339 UTC time (`Z`), with 0 to 9 fraction digits, truncated to milliseconds:
    /// for command-line input, never for fields of a signed object.
    public init(lenient text: String) throws {
        guard let t = ReceiptTime.parse(text, strict: false) else {
            throw ReceiptError(.invalidTime, "'\(text.prefix(40))' is not an RFC 3339 UTC time (YYYY-MM-DDTHH:MM:SS[.fff]Z)")
        }
        self = t
    }

    public var description: String {
        let ms = millisecondsSinceEpoch
        let days = ms >= 0 ? ms / 86_400_000 : (ms - 86_399_999) / 86_400_000
        let rest = ms - days * 86_400_000
        let (y, m, d) = ReceiptTime.civil(fromDays: days)
        func pad(_ v: Int64, _ n: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, n - s.count)) + s
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(rest / 3_600_000, 2)):\(pad(rest / 60_000 % 60, 2)):"
            + "\(pad(rest / 1000 % 60, 2)).\(pad(rest % 1000, 3))Z"
    }

    public static func < (a: ReceiptTime, b: ReceiptTime) -> Bool { a.millisecondsSinceEpoch < b.millisecondsSinceEpoch }

    static func parse(_ text: String, strict: Bool) -> ReceiptTime? {
        let c = Array(text.utf8)
        guard c.count >= 20, c.count <= 30, c.last == UInt8(ascii: "Z"), c[4] == UInt8(ascii: "-"), c[7] == UInt8(ascii: "-"),
              c[10] == UInt8(ascii: "T"), c[13] == UInt8(ascii: ":"), c[16] == UInt8(ascii: ":")
        else { return nil }
        func num(_ a: Int, _ n: Int) -> Int64? {
            var v: Int64 = 0
            for i in a..<(a + n) {
                guard c[i] >= 48 && c[i] <= 57 else { return nil }
                v = v * 10 + Int64(c[i] - 48)
            }
            return v
        }
        var millis: Int64 = 0
        if c.count > 20 {
            // ".f…" then "Z"
            let digits = c.count - 21
            guard c[19] == UInt8(ascii: "."), digits >= 1, digits <= 9, let f = num(20, digits) else { return nil }
            if strict && digits != 3 { return nil }
            var scaled = f
            for _ in 0..<(9 - digits) { scaled *= 10 }
            millis = scaled / 1_000_000
        } else if strict {
            return nil
        }
        guard let y = num(0, 4), let mo = num(5, 2), let d = num(8, 2), let h = num(11, 2), let mi = num(14, 2), let s = num(17, 2),
              y >= 1, (1...12).contains(mo), d >= 1, d <= daysIn(month: mo, year: y), h <= 23, mi <= 59, s <= 59
        else { return nil }
        let days = daysFromCivil(y, mo, d)
        return try? ReceiptTime(millisecondsSinceEpoch: ((days * 24 + h) * 60 + mi) * 60_000 + s * 1000 + millis)
    }

    static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
    static func daysFromCivil(_ y0: Int64, _ m: Int64, _ d: Int64) -> Int64 {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The inverse of ``daysFromCivil(_:_:_:)`` (`civil_from_days`).
    static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
