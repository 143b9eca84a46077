/// The anchor tokens a stored receipt may reference, read from its canonical bytes without
/// parsing it: the exporter only uses them to pick which checkpoints (with their anchors) to
/// carry, at 50k receipts/s (issue #19), where a full parse per receipt would cost more than the
/// whole export. In a canonical receipt (RFC 8785: no whitespace, `"` inside strings escaped as
/// `\"`) the bytes `"anchor":"` can only begin a member named anchor, so every value found
/// here is such a member's value; the top-level `anchor` member, when there is one, is always
/// among them. Finding more (a nested member of that name) only makes the bundle carry one more
/// checkpoint, which the verifier checks like any other — never fewer.
enum ReceiptAnchorReference {
    private static let key = Array("\"anchor\":\"".utf8)

    /// Every 64-hex value of a member named `anchor`, in order.
    static func find(in body: [UInt8]) -> [String] {
        var out: [String] = []
        body.withUnsafeBufferPointer { b in
            let n = b.count, k = key.count
            var i = 0
            while i + k + 65 <= n {
                guard b[i] == 0x22, b[i + 1] == 0x61 else {
                    i += 1
                    continue
                }
                var match = true
                for j in 2..<k where b[i + j] != key[j] {
                    match = false
                    break
                }
                if match {
                    let value = b[(i + k)..<(i + k + 64)]
                    if b[i + k + 64] == 0x22,
                        value.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
                    {
                        out.append(String(decoding: value, as: UTF8.self))
                    }
                    i += k
                } else {
                    i += 1
                }
            }
        }
        return out
    }
}
