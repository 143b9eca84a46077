import EvidentCore
import EvidentDER

/// Formatting helpers that reproduce how `openssl ts -text` prints values, so our dump can be
/// compared line by line with OpenSSL's.
enum OpenSSLTextFormat {
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `May  9 11:58:55 2025 GMT`, with the fraction after the seconds when present
    /// (ASN1_GENERALIZEDTIME_print).
    static func time(_ t: DERTime) -> String {
        func p2(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let day = t.day < 10 ? " \(t.day)" : "\(t.day)"
        let frac = t.fraction.isEmpty ? "" : "." + t.fraction
        return "\(months[t.month - 1]) \(day) \(p2(t.hour)):\(p2(t.minute)):\(p2(t.second))\(frac) \(t.year) GMT"
    }

    /// `BIO_dump_indent(bio, data, len, 4)`: 16 bytes a row, `-` after the eighth.
    static func hexDump(_ bytes: [UInt8], indent: Int = 4) -> [String] {
        var lines: [String] = []
        var row = 0
        while row * 16 < bytes.count {
            let chunk = bytes[(row * 16)..<min(bytes.count, row * 16 + 16)]
            var line = String(repeating: " ", count: indent)
            let off = String(row * 16, radix: 16)
            line += String(repeating: "0", count: max(0, 4 - off.count)) + off + " - "
            for j in 0..<16 {
                if j < chunk.count {
                    line += Hex.encode([chunk[chunk.startIndex + j]]) + (j == 7 ? "-" : " ")
                } else {
                    line += "   "
                }
            }
            line += "  "
            for b in chunk { line.append(b >= 0x20 && b <= 0x7E ? Character(Unicode.Scalar(b)) : ".") }
            lines.append(line)
            row += 1
        }
        return lines
    }

    /// TS_ASN1_INTEGER_print_bio: `0x` and BN_bn2hex of the value, which puts the sign
    /// after the prefix for negative values (`0x-21524111`).
    static func integer(_ i: DERInteger) -> String {
        if i.bytes == [0] { return "0x0" }
        return i.isNegative ? "0x-" + i.hexString.dropFirst(3) : i.hexString
    }

    static func integer(_ v: Int) -> String { integer(DERInteger(v)) }
}
