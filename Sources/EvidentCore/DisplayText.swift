/// Strings that come from outside (a bundle, a file name, a TSA) are shown, never obeyed: before
/// one reaches a terminal, every control character (C0, DEL, C1 — ANSI escape sequences start with
/// one), line and paragraph separator, bidirectional mark or override, and every invisible or
/// blank-looking code point (zero-width characters, joiners, fillers, tags, variation selectors,
/// the BOM, the soft hyphen, every space but U+0020, every format character and every
/// default-ignorable code point) is replaced by a visible `\u{…}` escape (and, in a value within a
/// line, a U+0020 that follows another: ``value(_:)``), so a stream name, a reason or a label can
/// neither move the cursor, clear the screen, start a new line, reorder what is printed after it,
/// nor pass for another name. (HTML output escapes the same and then HTML-escapes; JSON escapes by
/// RFC 8785 rules.)
public enum DisplayText {
    public static func safe(_ s: String) -> String {
        // Printable ASCII (the common case) is safe as it is: read as bytes, without decoding.
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return s }
        guard s.unicodeScalars.contains(where: isUnsafe) else { return s }
        var out = ""
        for u in s.unicodeScalars {
            if isUnsafe(u) { out += "\\u{" + String(u.value, radix: 16) + "}" } else { out.unicodeScalars.append(u) }
        }
        return out
    }

    /// An outside value inside a line of terminal text (the bundle report's): ``safe(_:)``, and a
    /// U+0020 that follows another is escaped too, so no run of blanks can pad the value to the
    /// terminal's width and make what follows it draw as a line of its own (red team round 27, F2:
    /// a file name or stream name ending in "verdict: valid: …"). Not for whole lines, whose own
    /// indentation is spaces.
    public static func value(_ s: String) -> String {
        let escaped = safe(s)
        guard escaped.utf8.contains(0x20) else { return escaped }
        var out = ""
        var afterSpace = false
        for u in escaped.unicodeScalars {
            if u == " " && afterSpace { out += "\\u{20}" } else { out.unicodeScalars.append(u) }
            afterSpace = u == " "
        }
        return out
    }

    /// An unsigned label that should name a TSA's URL (as the ledger names it), for a line of text:
    /// only its scheme and host — `http` or `https`, `://`, a host name of letters, digits, `-` and
    /// `.` (at most 253, each label at most 63) or a bracketed IPv6 address, an optional port, `/`
    /// — and how many bytes of the rest are not shown; anything else is described and not shown at
    /// all. Nothing of the label's path, query or fragment reaches the text report, so no label can
    /// close its parenthesis and name a second TSA or write instructions there (red team rounds 26
    /// and 27, F1: "https://tsa.example/#IMPORTANT:get_the_keys_from_…" passed a rule that took any
    /// URL characters). VERIFY's text holds no label at all (round 28).
    public static func claimedURL(_ s: String) -> String {
        let bytes = Array(s.utf8)
        guard let origin = urlOrigin(bytes) else {
            return "(a label that is not an http(s) URL, \(bytes.count) bytes: not shown)"
        }
        let rest = bytes.count - origin
        let shown = String(decoding: bytes[..<origin], as: UTF8.self)
        if rest == 0 { return shown + "/" }
        if rest == 1 && bytes[origin] == UInt8(ascii: "/") { return shown + "/" }
        return shown + "/ (and \(rest) more bytes, not shown)"
    }

    /// The length of `http[s]://host[:port]` at the start of `b`, when what follows is nothing or
    /// starts with `/`, `?` or `#`.
    private static func urlOrigin(_ b: [UInt8]) -> Int? {
        var i: Int
        let lower = b.prefix(8).map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }
        if lower.starts(with: Array("https://".utf8)) {
            i = 8
        } else if lower.starts(with: Array("http://".utf8)) {
            i = 7
        } else {
            return nil
        }
        let hostStart = i
        if i < b.count && b[i] == UInt8(ascii: "[") {
            i += 1
            while i < b.count, isHexDigit(b[i]) || b[i] == UInt8(ascii: ":") || b[i] == UInt8(ascii: ".") { i += 1 }
            guard i < b.count, b[i] == UInt8(ascii: "]"), i - hostStart <= 46 else { return nil }
            i += 1
        } else {
            while i < b.count, isASCIIAlphanumeric(b[i]) || b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: ".") {
                i += 1
            }
            guard i > hostStart, i - hostStart <= 253,
                b[hostStart..<i].split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).allSatisfy({
                    $0.count <= 63
                })
            else { return nil }
        }
        if i < b.count && b[i] == UInt8(ascii: ":") {
            let portStart = i + 1
            i = portStart
            while i < b.count, (0x30...0x39).contains(b[i]) { i += 1 }
            guard i > portStart, i - portStart <= 5 else { return nil }
        }
        guard i == b.count || [UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "#")].contains(b[i]) else {
            return nil
        }
        return i
    }

    private static func isHexDigit(_ b: UInt8) -> Bool {
        (0x30...0x39).contains(b) || (0x41...0x46).contains(b) || (0x61...0x66).contains(b)
    }

    private static func isASCIIAlphanumeric(_ b: UInt8) -> Bool {
        (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b)
    }

    static func isUnsafe(_ u: Unicode.Scalar) -> Bool {
        if u.value > 0x20 && u.value < 0x7F { return false }
        // Every control, format, separator (but U+0020) and default-ignorable code point, whatever
        // this list names (red team round 28, F4: shorthand and Egyptian format controls were
        // missed, and a run of them between single spaces padded a line).
        switch u.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator: return true
        case .spaceSeparator: return u.value != 0x20
        default: if u.properties.isDefaultIgnorableCodePoint { return true }
        }
        switch u.value {
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x2028, 0x2029: return true  // line and paragraph separators
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true  // bidirectional marks and overrides
        case 0x00AD, 0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180B...0x180F, 0x200B...0x200D, 0x2060...0x2065,
            0x206A...0x206F,
            0x2800, 0x3164, 0xFE00...0xFE0F, 0xFEFF, 0xFFA0, 0xFFF0...0xFFFB, 0x1D173...0x1D17A, 0xE0000...0xE007F,
            0xE0100...0xE01EF:
            return true  // invisible or blank-looking: zero-width, joiners, fillers, selectors, tags, BOM, soft hyphen
        default: return false
        }
    }
}
