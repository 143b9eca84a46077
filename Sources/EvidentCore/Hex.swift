/// Hex helpers used across the project (lower-case unless asked).
public enum Hex {
    public static func encode(_ bytes: some Sequence<UInt8>, uppercase: Bool = false) -> String {
        // Contiguous input (arrays, slices: every hot caller) is written straight into the
        // string's storage, with no intermediate array (issue #19: hashes and key IDs are
        // rendered once per receipt when a bundle is verified).
        let letters: UInt8 = uppercase ? UInt8(ascii: "A") - 10 : UInt8(ascii: "a") - 10
        if let direct = bytes.withContiguousStorageIfAvailable({ input in
            String(unsafeUninitializedCapacity: input.count * 2) { out in
                for (i, b) in input.enumerated() {
                    let hi = b >> 4, lo = b & 0x0F
                    out[2 * i] = hi < 10 ? UInt8(ascii: "0") + hi : letters + hi
                    out[2 * i + 1] = lo < 10 ? UInt8(ascii: "0") + lo : letters + lo
                }
                return input.count * 2
            }
        }) {
            return direct
        }
        let digits: [UInt8] = Array((uppercase ? "0123456789ABCDEF" : "0123456789abcdef").utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes hex (either case, optional `0x` prefix, no separators); nil when malformed.
    public static func decode(_ text: String) -> [UInt8]? {
        var utf8 = Array(text.utf8)
        if utf8.count >= 2 && utf8[0] == UInt8(ascii: "0") && (utf8[1] | 0x20) == UInt8(ascii: "x") {
            utf8.removeFirst(2)
        }
        guard utf8.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count / 2)
        var i = 0
        while i < utf8.count {
            guard let hi = nibble(utf8[i]), let lo = nibble(utf8[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
