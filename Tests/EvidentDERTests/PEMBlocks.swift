import Foundation

/// The PEM blocks of a text file (RFC 7468 framing), in order. Lines that only mention a
/// block, such as BoringSSL's commented-out `#-----BEGIN …`, are not blocks.
struct PEMBlock {
    let type: String
    let der: [UInt8]
}

func pemBlocks(in text: String) -> [PEMBlock] {
    var blocks: [PEMBlock] = []
    var current: (type: String, base64: String)?
    for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
        let line = rawLine.trimmingCharacters(in: .whitespaces)
        if current == nil, line.hasPrefix("-----BEGIN "), line.hasSuffix("-----") {
            current = (String(line.dropFirst(11).dropLast(5)), "")
        } else if let open = current, line == "-----END \(open.type)-----" {
            if let data = Data(base64Encoded: open.base64) {
                blocks.append(PEMBlock(type: open.type, der: [UInt8](data)))
            }
            current = nil
        } else if current != nil {
            current!.base64 += line
        }
    }
    return blocks
}
