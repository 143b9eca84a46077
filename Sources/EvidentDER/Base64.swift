/// Standard base64 (RFC 4648 §4: alphabet `A–Z a–z 0–9 + /`, `=` padding), used by PEM, signed
/// notes and checkpoints.
///
/// Decoding is strict, because the formats that carry base64 here are signed or hashed as text:
/// padding is required, no whitespace or other characters are skipped, and the unused low bits of
/// the last group must be zero (RFC 4648 §3.5), so every byte string has exactly one accepted
/// encoding.
public enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// The value of each alphabet byte, or 0xFF for bytes outside the alphabet.
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in alphabet.enumerated() { table[Int(c)] = UInt8(i) }
        return table
    }()

    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        let input = Array(bytes)
        var out: [UInt8] = []
        out.reserveCapacity((input.count + 2) / 3 * 4)
        var i = 0
        while i + 3 <= input.count {
            let v = UInt32(input[i]) << 16 | UInt32(input[i + 1]) << 8 | UInt32(input[i + 2])
            out.append(alphabet[Int(v >> 18)])
            out.append(alphabet[Int(v >> 12 & 63)])
            out.append(alphabet[Int(v >> 6 & 63)])
            out.append(alphabet[Int(v & 63)])
            i += 3
        }
        let pad = UInt8(ascii: "=")
        switch input.count - i {
        case 1:
            let v = UInt32(input[i]) << 16
            out += [alphabet[Int(v >> 18)], alphabet[Int(v >> 12 & 63)], pad, pad]
        case 2:
            let v = UInt32(input[i]) << 16 | UInt32(input[i + 1]) << 8
            out += [alphabet[Int(v >> 18)], alphabet[Int(v >> 12 & 63)], alphabet[Int(v >> 6 & 63)], pad]
        default:
            break
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes canonical, padded standard base64; nil for anything else (wrong length, a byte
    /// outside the alphabet, misplaced `=`, non-zero unused bits).
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        decode(utf8: Array(text.utf8))
    }

    public static func decode(utf8 input: [UInt8]) -> [UInt8]? {
        guard input.count % 4 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(input.count / 4 * 3)
        let pad = UInt8(ascii: "=")
        var i = 0
        while i < input.count {
            let last = i + 4 == input.count
            let padding = last ? (input[i + 3] == pad ? (input[i + 2] == pad ? 2 : 1) : 0) : 0
            var v: UInt32 = 0
            for j in 0..<(4 - padding) {
                let d = values[Int(input[i + j])]
                guard d != 0xFF else { return nil }
                v = v << 6 | UInt32(d)
            }
            switch padding {
            case 0:
                // Three appends, not `+= [..]`: an array literal per quad allocated (perf: 14 % of bundle verification).
                out.append(UInt8(v >> 16))
                out.append(UInt8(v >> 8 & 0xFF))
                out.append(UInt8(v & 0xFF))
            case 1:  // 18 bits: 2 bytes and 2 unused bits
                guard v & 0x3 == 0 else { return nil }
                out.append(UInt8(v >> 10))
                out.append(UInt8(v >> 2 & 0xFF))
            default:  // 12 bits: 1 byte and 4 unused bits
                guard v & 0xF == 0 else { return nil }
                out.append(UInt8(v >> 4))
            }
            i += 4
        }
        return out
    }
}
