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

}
