import EvidentLedger
import EvidentTestSupport
import Testing

/// Random values: canonicalize(parse(canonical)) == canonical, and any non-canonical spelling of
/// the same value (whitespace, member order, escapes, number spellings) canonicalises to it.
@Suite struct JCSPropertyTests {
    @Test(arguments: 0..<8)
    func canonicalFormIsAFixedPoint(seed: UInt64) throws {
        var rng = SplitMix64(seed: 0x4A43_5300 + seed)
        for _ in 0..<150 {
            let value = RandomJSON.value(&rng, depth: 0)
            let canonical = try JCS.serialize(value)
            let parsed = try JCS.parse(canonical)
            #expect(parsed == value, "seed \(seed)")
            #expect(
                try JCS.serialize(parsed) == canonical, "seed \(seed): \(String(decoding: canonical, as: UTF8.self))")
            let noisy = RandomJSON.noisy(value, &rng)
            #expect(try JCS.canonicalize(noisy) == canonical, "seed \(seed): \(String(decoding: noisy, as: UTF8.self))")
        }
    }
}

/// Random JSON values and random non-canonical spellings of them.
enum RandomJSON {
    static func value(_ rng: inout SplitMix64, depth: Int) -> JCSValue {
        switch Int.random(in: 0..<(depth < 4 ? 8 : 5), using: &rng) {
        case 0: return .null
        case 1: return .bool(rng.chance(50))
        case 2: return .number(number(&rng))
        case 3, 4: return .string(string(&rng))
        case 5: return .array((0..<Int.random(in: 0...4, using: &rng)).map { _ in value(&rng, depth: depth + 1) })
        default:
            var members: [JCSObject.Member] = []
            var names = Set<[Unicode.Scalar]>()
            for _ in 0..<Int.random(in: 0...5, using: &rng) {
                let key = string(&rng)
                if names.insert(Array(key.unicodeScalars)).inserted {
                    members.append(.init(key, value(&rng, depth: depth + 1)))
                }
            }
            return .object(try! JCSObject(members))
        }
    }

    static func number(_ rng: inout SplitMix64) -> Double {
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: return Double(Int.random(in: -1000...1000, using: &rng))
        case 1: return Double(Int.random(in: -1_000_000...1_000_000, using: &rng)) / 1000
        case 2:
            return [0.0, -0.0, 1e21, 1e-7, 1e-6, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 9007199254740992][
                Int.random(in: 0..<8, using: &rng)]
        default:
            while true {
                let d = Double(bitPattern: rng.next())
                if d.isFinite { return d }
            }
        }
    }

    /// Scalars from every class the serializer treats differently (no surrogates: they are not scalars).
    static func string(_ rng: inout SplitMix64) -> String {
        var s = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...8, using: &rng) {
            let v: UInt32
            switch Int.random(in: 0..<6, using: &rng) {
            case 0: v = UInt32.random(in: 0x00...0x1F, using: &rng)
            case 1: v = [0x22, 0x5C, 0x2F, 0x7F][Int.random(in: 0..<4, using: &rng)]
            case 2: v = UInt32.random(in: 0x20...0x7E, using: &rng)
            case 3: v = UInt32.random(in: 0x80...0xD7FF, using: &rng)
            case 4: v = UInt32.random(in: 0xE000...0xFFFF, using: &rng)
            default: v = UInt32.random(in: 0x10000...0x10FFFF, using: &rng)
            }
            s.append(Unicode.Scalar(v)!)
        }
        return String(s)
    }

    /// A valid, deliberately non-canonical JSON text for `value`.
    static func noisy(_ value: JCSValue, _ rng: inout SplitMix64) -> [UInt8] {
        var out: [UInt8] = []
        write(value, &rng, into: &out)
        return out
    }

    private static func space(_ rng: inout SplitMix64, into out: inout [UInt8]) {
        for _ in 0..<Int.random(in: 0...2, using: &rng) {
            out.append([0x20, 0x09, 0x0A, 0x0D][Int.random(in: 0..<4, using: &rng)])
        }
    }

    private static func write(_ value: JCSValue, _ rng: inout SplitMix64, into out: inout [UInt8]) {
        space(&rng, into: &out)
        switch value {
        case .null: out += utf8("null")
        case .bool(let b): out += utf8(b ? "true" : "false")
        case .number(let d):
            // Swift's own spelling ("1e-07", "100.0") or a padded exponent form: both JSON.
            out += utf8(rng.chance(50) ? d.description : exponentSpelling(d))
        case .string(let s): writeString(s, &rng, into: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                write(item, &rng, into: &out)
            }
            space(&rng, into: &out)
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            out.append(UInt8(ascii: "{"))
            for (i, member) in object.members.shuffled(using: &rng).enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                space(&rng, into: &out)
                writeString(member.key, &rng, into: &out)
                space(&rng, into: &out)
                out.append(UInt8(ascii: ":"))
                write(member.value, &rng, into: &out)
            }
            space(&rng, into: &out)
            out.append(UInt8(ascii: "}"))
        }
        space(&rng, into: &out)
    }

    private static func exponentSpelling(_ d: Double) -> String {
        guard d != 0 else { return "0E+00" }
        let text = JCS.numberString(d)!
        return text.contains("e") ? text.uppercased() : text + "e0"
    }

    /// Every scalar either raw (when JSON allows it) or as \u escapes (surrogate pairs above the BMP).
    private static func writeString(_ s: String, _ rng: inout SplitMix64, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for scalar in s.unicodeScalars {
            let mustEscape = scalar.value < 0x20 || scalar == "\"" || scalar == "\\"
            if mustEscape || rng.chance(30) {
                for unit in String(scalar).utf16 {
                    let h = String(unit, radix: 16, uppercase: rng.chance(50))
                    out += utf8("\\u" + String(repeating: "0", count: 4 - h.count) + h)
                }
            } else {
                out += Array(String(scalar).utf8)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
