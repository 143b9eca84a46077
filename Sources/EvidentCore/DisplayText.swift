/// Strings that come from outside (a bundle, a file name, a TSA) are shown, never obeyed: before
/// one reaches a terminal, every control character (C0, DEL, C1 — ANSI escape sequences start
/// with one), line and paragraph separator, bidirectional mark or override, and every invisible
/// or blank-looking code point (zero-width characters, joiners, fillers, tags, variation
/// selectors, the BOM, the soft hyphen) is replaced by a visible `\u{…}` escape, so a stream name,
/// a reason or a label can neither move the cursor, clear the screen, start a new line, reorder
/// what is printed after it, nor pass for another name. (HTML output escapes the same and then
/// HTML-escapes; JSON escapes by RFC 8785 rules.)
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

    /// An unsigned label that should name a URL (a TSA's, as the ledger names it), for a line of
    /// text: the label itself when it is a plain URL — a scheme, `://`, and at most 256 bytes in
    /// all of RFC 3986's unreserved and reserved characters without quotes and parentheses, or `%`
    /// — otherwise a description that shows none of it. No space, quote or parenthesis can then
    /// close the sentence around it and write another (red team round 26, F2: a label made the text
    /// report show a second, verified-looking TSA, and carried instructions into VERIFY).
    public static func claimedURL(_ s: String) -> String {
        let bytes = Array(s.utf8)
        guard bytes.count <= 256, let colon = bytes.firstIndex(of: UInt8(ascii: ":")), colon > 0,
            bytes[colon...].starts(with: Array("://".utf8)), bytes.count > colon + 3,
            bytes[..<colon].allSatisfy({ isASCIIAlphanumeric($0) || $0 == 0x2B || $0 == 0x2D || $0 == 0x2E }),
            isASCIIAlphanumeric(bytes[0]) && bytes[0] > 0x39,
            bytes.allSatisfy({ isASCIIAlphanumeric($0) || urlPunctuation.contains($0) })
        else { return "(a label that is not a URL, \(bytes.count) bytes: not shown)" }
        return s
    }

    /// `-._~:/?#[]@!$&*+,;=%`: RFC 3986's unreserved and reserved punctuation without `'()`, and `%`.
    private static let urlPunctuation = Set("-._~:/?#[]@!$&*+,;=%".utf8)

    private static func isASCIIAlphanumeric(_ b: UInt8) -> Bool {
        (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b)
    }

    static func isUnsafe(_ u: Unicode.Scalar) -> Bool {
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
