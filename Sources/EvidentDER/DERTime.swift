/// A UTCTime or GeneralizedTime value in the DER profile (X.690 §11.7–11.8, RFC 5280 §4.1.2.5):
/// always UTC (`Z`), seconds present, a GeneralizedTime fraction without trailing zeros.
public struct DERTime: Hashable, Sendable, Comparable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        case utcTime
        case generalizedTime
    }

    public let kind: Kind
    public let year: Int
    public let month: Int
    public let day: Int
    public let hour: Int
    public let minute: Int
    public let second: Int
    /// Decimal digits of the fraction of a second (GeneralizedTime only); empty when none.
    public let fraction: String

    /// Builds a time, validating every field.
    public init(
        year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int,
        fraction: String = "", kind: Kind = .generalizedTime, offset: Int = 0
    ) throws {
        func bad(_ what: String) -> DERError { DERError(.invalidTime, at: offset, what) }
        switch kind {
        case .utcTime:
            guard (1950...2049).contains(year) else { throw bad("UTCTime year \(year) outside 1950–2049") }
            guard fraction.isEmpty else { throw bad("UTCTime has no fraction of a second") }
        case .generalizedTime:
            guard (0...9999).contains(year) else { throw bad("year \(year) outside 0000–9999") }
        }
        guard (1...12).contains(month) else { throw bad("month \(month) outside 01–12") }
        guard (1...CivilCalendar.daysIn(month: month, year: year)).contains(day) else {
            throw bad("day \(day) does not exist in \(year)-\(month)")
        }
        guard (0...23).contains(hour) else { throw bad("hour \(hour) outside 00–23") }
        guard (0...59).contains(minute) else { throw bad("minute \(minute) outside 00–59") }
        guard (0...59).contains(second) else { throw bad("second \(second) outside 00–59") }
        guard fraction.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { throw bad("fraction is not decimal digits") }
        self.kind = kind
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.fraction = fraction
    }

    /// `secondsSinceEpoch` as GeneralizedTime text for messages (`2026-12-02T04:33:54Z`), or
    /// "N s since 1970" outside years 0000–9999.
    public static func describe(secondsSinceEpoch s: Int64) -> String {
        (try? DERTime(secondsSinceEpoch: s).description) ?? "\(s) s since 1970"
    }

    /// A time from seconds since 1970-01-01T00:00:00Z, with optional fraction digits
    /// (trailing zeros are dropped, as DER requires).
    public init(secondsSinceEpoch: Int64, fraction: String = "", kind: Kind = .generalizedTime) throws {
        // 0000-01-01T00:00:00Z ... 9999-12-31T23:59:59Z; checked first so the calendar
        // arithmetic below cannot overflow on extreme inputs.
        guard (-62_167_219_200...253_402_300_799).contains(secondsSinceEpoch) else {
            throw DERError(.invalidTime, at: 0, "\(secondsSinceEpoch) seconds since 1970 is outside years 0000–9999")
        }
        let days = secondsSinceEpoch >= 0 ? secondsSinceEpoch / 86_400 : (secondsSinceEpoch - 86_399) / 86_400
        let secs = Int(secondsSinceEpoch - days * 86_400)
        let (y, m, d) = CivilCalendar.civil(fromDays: days)
        var f = Substring(fraction)
        while f.last == "0" { f = f.dropLast() }
        try self.init(
            year: y, month: m, day: d, hour: secs / 3600, minute: secs / 60 % 60, second: secs % 60,
            fraction: String(f), kind: kind)
    }

    /// Whole seconds since 1970-01-01T00:00:00Z (negative before).
    public var secondsSinceEpoch: Int64 {
        CivilCalendar.days(year: year, month: month, day: day) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// Nanoseconds of the fraction (digits beyond the ninth are truncated).
    public var nanoseconds: Int {
        let digits = Array(fraction.utf8.prefix(9))
        var v = 0
        for d in digits { v = v * 10 + Int(d - 48) }
        for _ in digits.count..<9 { v *= 10 }
        return v
    }

    /// RFC 3339 form, for example `2024-05-01T12:00:00.25Z`.
    public var description: String {
        func p(_ v: Int, _ n: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, n - s.count)) + s
        }
        let f = fraction.isEmpty ? "" : "." + fraction
        return "\(p(year, 4))-\(p(month, 2))-\(p(day, 2))T\(p(hour, 2)):\(p(minute, 2)):\(p(second, 2))\(f)Z"
    }

    /// The DER contents octets.
    public var derContent: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(16 + fraction.utf8.count)
        /// `n` decimal digits of `v`, zero-padded (every field is in range, checked at init).
        func put(_ v: Int, _ n: Int) {
            var divisor = 1
            for _ in 1..<n { divisor *= 10 }
            while divisor > 0 {
                out.append(UInt8(48 + v / divisor % 10))
                divisor /= 10
            }
        }
        if kind == .utcTime { put(year % 100, 2) } else { put(year, 4) }
        put(month, 2)
        put(day, 2)
        put(hour, 2)
        put(minute, 2)
        put(second, 2)
        if !fraction.isEmpty {
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: fraction.utf8)
        }
        out.append(UInt8(ascii: "Z"))
        return out
    }

    public static func < (a: DERTime, b: DERTime) -> Bool {
        if a.secondsSinceEpoch != b.secondsSinceEpoch { return a.secondsSinceEpoch < b.secondsSinceEpoch }
        let n = max(a.fraction.count, b.fraction.count)
        let fa = a.fraction + String(repeating: "0", count: n - a.fraction.count)
        let fb = b.fraction + String(repeating: "0", count: n - b.fraction.count)
        return fa < fb
    }

    public static func == (a: DERTime, b: DERTime) -> Bool { !(a < b) && !(b < a) }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(secondsSinceEpoch)
        hasher.combine(nanoseconds)
    }

    // MARK: parsing

    /// Parses contents octets. Under lenient BER a GeneralizedTime fraction with trailing zeros
    /// is accepted (the parser records a warning); everything else stays strict.
    static func parse(_ content: ArraySlice<UInt8>, kind: Kind, offset: Int, lenient: Bool) throws -> DERTime {
        let c = Array(content)
        func bad(_ what: String) -> DERError { DERError(.invalidTime, at: offset, what) }
        func num(_ from: Int, _ count: Int) throws -> Int {
            var v = 0
            for i in from..<(from + count) {
                guard i < c.count, c[i] >= 48, c[i] <= 57 else { throw bad("expected a digit at position \(i)") }
                v = v * 10 + Int(c[i] - 48)
            }
            return v
        }
        guard c.last == UInt8(ascii: "Z") else { throw bad("time must end in Z (UTC)") }
        switch kind {
        case .utcTime:
            guard c.count == 13 else { throw bad("UTCTime must be YYMMDDHHMMSSZ") }
            let yy = try num(0, 2)
            return try DERTime(
                year: yy >= 50 ? 1900 + yy : 2000 + yy, month: num(2, 2), day: num(4, 2),
                hour: num(6, 2), minute: num(8, 2), second: num(10, 2), kind: .utcTime, offset: offset)
        case .generalizedTime:
            guard c.count >= 15 else { throw bad("GeneralizedTime must be YYYYMMDDHHMMSS[.f]Z") }
            var fraction = ""
            if c.count > 15 {
                guard c[14] == UInt8(ascii: ".") else {
                    throw bad(
                        c[14] == UInt8(ascii: ",")
                            ? "decimal comma in fraction (DER uses '.')" : "GeneralizedTime must be YYYYMMDDHHMMSS[.f]Z"
                    )
                }
                let digits = c[15..<(c.count - 1)]
                guard !digits.isEmpty else { throw bad("empty fraction of a second") }
                guard digits.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { throw bad("fraction is not decimal digits") }
                if digits.last == UInt8(ascii: "0") && !lenient {
                    throw bad("fraction of a second has trailing zeros")
                }
                fraction = String(decoding: digits, as: UTF8.self)
                while fraction.last == "0" { fraction.removeLast() }
            }
            return try DERTime(
                year: num(0, 4), month: num(4, 2), day: num(6, 2), hour: num(8, 2),
                minute: num(10, 2), second: num(12, 2), fraction: fraction, offset: offset)
        }
    }

    static func fractionHasTrailingZeros(_ content: ArraySlice<UInt8>) -> Bool {
        content.count > 16 && content.contains(UInt8(ascii: ".")) && content.dropLast().last == UInt8(ascii: "0")
    }
}
