/// A JSON string literal as RFC 8785 §3.2.2.2 writes it: the two-character escapes for \b \t \n
/// \f \r " and \, \u00xx (lower-case hex) for the other controls below U+0020, every other scalar
/// as its UTF-8 bytes. Canonical JSON (EvidentLedger's JCS) and the CLI's JSON output both use it.
public enum JSONString {
    public static func write(_ string: String, into out: inout [UInt8]) {
        out.reserveCapacity(out.count + string.utf8.count + 2)
        out.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            let escape: UInt8
            switch byte {
            case 0x22, 0x5C: escape = byte  // \" and \\
            case 0x08: escape = UInt8(ascii: "b")
            case 0x09: escape = UInt8(ascii: "t")
            case 0x0A: escape = UInt8(ascii: "n")
            case 0x0C: escape = UInt8(ascii: "f")
            case 0x0D: escape = UInt8(ascii: "r")
            case 0x00..<0x20:
                out.append(0x5C)
                out.append(UInt8(ascii: "u"))
                out.append(UInt8(ascii: "0"))
                out.append(UInt8(ascii: "0"))
                out.append(hexDigit(byte >> 4))
                out.append(hexDigit(byte & 0xF))
                continue
            default:
                out.append(byte)  // UTF-8 lead and continuation bytes are ≥ 0x80: copied as is
                continue
            }
            out.append(0x5C)
            out.append(escape)
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 { nibble < 10 ? 0x30 + nibble : 0x61 + nibble - 10 }
}
