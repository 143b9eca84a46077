/// Strings that come from a bundle are shown, never obeyed: before one reaches a terminal, every
/// control character (C0, DEL, C1 — ANSI escape sequences start with one), line and paragraph
/// separator and bidirectional override is replaced by a visible `\u{…}` escape, so a stream
/// name, a reason or a label can neither move the cursor, clear the screen, start a new line
/// nor reorder what is printed after it. (HTML output is escaped by its own writer, JSON by
/// RFC 8785 rules.)
public enum DisplayText {
    public static func safe(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: isUnsafe) else { return s }
        var out = ""
        for u in s.unicodeScalars {
            if isUnsafe(u) { out += "\\u{" + String(u.value, radix: 16) + "}" } else { out.unicodeScalars.append(u) }
        }
        return out
    }

    static func isUnsafe(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x2028, 0x2029: return true  // line and paragraph separators
        case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true  // bidirectional marks and overrides
        default: return false
        }
    }
}
