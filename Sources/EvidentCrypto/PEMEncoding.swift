import EvidentDER

/// PEM output (RFC 7468): base64 in 64-character lines between BEGIN/END labels.
extension PEM {
    public static func encode(_ der: [UInt8], label: String) -> String {
        let b64 = Base64.encode(der)
        var lines = ["-----BEGIN \(label)-----"]
        var i = b64.startIndex
        while i < b64.endIndex {
            let j = b64.index(i, offsetBy: 64, limitedBy: b64.endIndex) ?? b64.endIndex
            lines.append(String(b64[i..<j]))
            i = j
        }
        lines.append("-----END \(label)-----")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The DER contents of every `-----BEGIN label-----` block (RFC 7468), in order.
    public static func blocks(_ bytes: [UInt8], label: String) -> [[UInt8]] {
        let text = String(decoding: bytes, as: UTF8.self)
        var out: [[UInt8]] = []
        var inside = false
        var body = ""
        for line in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            if line == "-----BEGIN \(label)-----" {
                inside = true
                body = ""
            } else if line == "-----END \(label)-----" {
                if inside, let der = Base64.decode(body) { out.append(der) }
                inside = false
            } else if inside {
                body += line
            }
        }
        return out
    }
}
