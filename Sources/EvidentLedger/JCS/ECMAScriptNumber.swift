/// Number serialisation of RFC 8785 §3.2.2.3: ECMAScript's Number.prototype.toString(10)
/// (ECMA-262 §6.1.6.1.20, Number::toString) for finite doubles.
///
/// ECMAScript picks the shortest decimal digit string `s` (k digits) and exponent `n` with
/// s × 10^(n−k) rounding back to the double — the same digits Swift's `description` produces
/// (Swift's shortest-round-trip formatter; ties broken towards the closer value) — but lays them
/// out differently: integers below 10^21 in full without ".0", and exponent form "1e+21" /
/// "1e-7" (explicit sign, no zero padding) only for magnitudes ≥ 10^21 or < 10^-6. So this file
/// takes the digits from Swift and applies the ECMAScript layout rules.
enum ECMAScriptNumber {
    /// The ECMAScript string for a finite double; nil for NaN and ±infinity, which RFC 8785
    /// §3.2.2.3 says must not be serialised.
    static func format(_ value: Double) -> String? {
        guard value.isFinite else { return nil }
        if value == 0 { return "0" }  // both +0 and -0
        let (digits, n) = shortestDigits(value.magnitude)
        let sign = value < 0 ? "-" : ""
        return sign + layout(digits: digits, n: n)
    }

    /// Shortest round-trip decimal digits (no leading or trailing zeros) and the decimal point
    /// position `n`: value = 0.d₁d₂…d_k × 10^n.
    static func shortestDigits(_ positive: Double) -> (digits: [UInt8], n: Int) {
        // Swift's description is "d.ddd", "ddd.d" or "d.ddde±x" with shortest round-trip digits.
        let text = Array(positive.description.utf8)
        var mantissa = text[...]
        var exponent = 0
        if let e = text.firstIndex(of: UInt8(ascii: "e")) {
            mantissa = text[..<e]
            exponent = Int(String(decoding: text[(e + 1)...], as: UTF8.self))!
        }
        var digits: [UInt8] = []
        var pointPosition = mantissa.count
        for (i, c) in mantissa.enumerated() {
            if c == UInt8(ascii: ".") { pointPosition = i } else { digits.append(c) }
        }
        var n = pointPosition + exponent
        let leadingZeros = digits.prefix { $0 == UInt8(ascii: "0") }.count
        digits.removeFirst(leadingZeros)
        n -= leadingZeros
        while digits.last == UInt8(ascii: "0") { digits.removeLast() }
        return (digits, n)
    }

    /// ECMA-262 Number::toString steps 5–10 for digits s (k of them) and exponent n.
    static func layout(digits s: [UInt8], n: Int) -> String {
        let k = s.count
        let zero = UInt8(ascii: "0")
        var out: [UInt8] = []
        if k <= n && n <= 21 {
            // An integer: the digits, then n−k zeros.
            out = s + [UInt8](repeating: zero, count: n - k)
        } else if 0 < n && n <= 21 {
            // A decimal point inside the digits.
            out = Array(s[..<n]) + [UInt8(ascii: ".")] + Array(s[n...])
        } else if -6 < n && n <= 0 {
            // 0.000ddd
            out = [zero, UInt8(ascii: ".")] + [UInt8](repeating: zero, count: -n) + s
        } else {
            // Exponent form: d[.ddd]e±x with x = n−1.
            let e = n - 1
            out = [s[0]]
            if k > 1 { out += [UInt8(ascii: ".")] + s[1...] }
            out += Array("e\(e < 0 ? "-" : "+")\(e.magnitude)".utf8)
        }
        return String(decoding: out, as: UTF8.self)
    }
}
