import EvidentDER

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
            throw ReceiptError(
                .invalidTime, "'\(text.prefix(40))' is not RFC 3339 UTC with milliseconds (YYYY-MM-DDTHH:MM:SS.mmmZ)")
        }
        self = t
    }

    /// Parses any RFC 3339 UTC time (`Z`) with 0 to 9 fraction digits, those past the millisecond
    /// zero (an instant finer than a millisecond is refused, not cut): for command-line input,
    /// never for fields of a signed object.
    public init(lenient text: String) throws {
        guard let t = ReceiptTime.parse(text, strict: false) else {
            throw ReceiptError(
                .invalidTime,
                "'\(text.prefix(40))' is not an RFC 3339 UTC time to the millisecond (YYYY-MM-DDTHH:MM:SS[.fff]Z)")
        }
        self = t
    }

    /// `millis` as a receipt time, or the number of milliseconds when out of range.
    public static func describe(millis: Int64) -> String {
        (try? ReceiptTime(millisecondsSinceEpoch: millis).description) ?? "\(millis) ms since 1970"
    }

    public var description: String {
        let ms = millisecondsSinceEpoch
        let days = ms >= 0 ? ms / 86_400_000 : (ms - 86_399_999) / 86_400_000
        let rest = ms - days * 86_400_000
        let (yi, mi, di) = CivilCalendar.civil(fromDays: days)
        let (y, m, d) = (Int64(yi), Int64(mi), Int64(di))
        // Years 0001–9999 (the range): written straight into the string's 24 bytes, once per
        // receipt when a bundle is verified (issue #19).
        return String(unsafeUninitializedCapacity: 24) { out in
            func put(_ value: Int64, _ n: Int, at i: Int) {
                var v = value
                for k in stride(from: i + n - 1, through: i, by: -1) {
                    out[k] = UInt8(ascii: "0") + UInt8(v % 10)
                    v /= 10
                }
            }
            put(y, 4, at: 0)
            out[4] = UInt8(ascii: "-")
            put(m, 2, at: 5)
            out[7] = UInt8(ascii: "-")
            put(d, 2, at: 8)
            out[10] = UInt8(ascii: "T")
            put(rest / 3_600_000, 2, at: 11)
            out[13] = UInt8(ascii: ":")
            put(rest / 60_000 % 60, 2, at: 14)
            out[16] = UInt8(ascii: ":")
            put(rest / 1000 % 60, 2, at: 17)
            out[19] = UInt8(ascii: ".")
            put(rest % 1000, 3, at: 20)
            out[23] = UInt8(ascii: "Z")
            return 24
        }
    }

    public static func < (a: ReceiptTime, b: ReceiptTime) -> Bool {
        a.millisecondsSinceEpoch < b.millisecondsSinceEpoch
    }

    static func parse(_ text: String, strict: Bool) -> ReceiptTime? {
        let c = Array(text.utf8)
        guard c.count >= 20, c.count <= 30, c.last == UInt8(ascii: "Z"), c[4] == UInt8(ascii: "-"),
            c[7] == UInt8(ascii: "-"),
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
            // Nothing finer than the millisecond: a bound such as `export --from …52.8315Z` was
            // cut to .831 and took receipts from before it (red team round 17, L2).
            guard scaled % 1_000_000 == 0 else { return nil }
            millis = scaled / 1_000_000
        } else if strict {
            return nil
        }
        guard let y = num(0, 4), let mo = num(5, 2), let d = num(8, 2), let h = num(11, 2), let mi = num(14, 2),
            let s = num(17, 2),
            y >= 1, (1...12).contains(mo), d >= 1, d <= Int64(CivilCalendar.daysIn(month: Int(mo), year: Int(y))),
            h <= 23, mi <= 59, s <= 59
        else { return nil }
        let days = CivilCalendar.days(year: Int(y), month: Int(mo), day: Int(d))
        return try? ReceiptTime(millisecondsSinceEpoch: ((days * 24 + h) * 60 + mi) * 60_000 + s * 1000 + millis)
    }
}
