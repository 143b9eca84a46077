import EvidentCore
import EvidentDER

/// The RFC 8785 canonical form of a ``JCSValue``: no whitespace, members sorted by UTF-16 code
/// units (§3.2.3), strings escaped per §3.2.2.2, numbers per §3.2.2.3, UTF-8 output (§3.2.4).
enum JCSSerializer {
    static func serialize(_ value: JCSValue) throws -> [UInt8] {
        var out: [UInt8] = []
        do { try write(value, into: &out) } catch let e as NonFinite {
            let path = e.tokens.reversed().map { "/" + $0 }.joined()
            throw JCSError(
                .nonFiniteNumber, at: nil,
                "\(e.value) at \(path.isEmpty ? "/" : path) has no JSON form (RFC 8785 §3.2.2.3)")
        }
        return out
    }

    /// A number with no JSON form; each enclosing level adds its reference token on the way out,
    /// so the RFC 6901 path is only built when there is an error (perf: building it eagerly for
    /// every member was 7 % of minting).
    private struct NonFinite: Error {
        let value: Double
        var tokens: [String] = []
    }

    private static func write(_ value: JCSValue, into out: inout [UInt8]) throws {
        switch value {
        case .null: out += Array("null".utf8)
        case .bool(let b): out += Array((b ? "true" : "false").utf8)
        case .number(let x):
            guard let text = ECMAScriptNumber.format(x) else { throw NonFinite(value: x) }
            out += Array(text.utf8)
        case .string(let s): write(string: s, into: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                do { try write(item, into: &out) } catch var e as NonFinite {
                    e.tokens.append("\(i)")
                    throw e
                }
            }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            out.append(UInt8(ascii: "{"))
            // JCSObject keeps its members in §3.2.3 order already.
            for (i, member) in object.members.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                write(string: member.key, into: &out)
                out.append(UInt8(ascii: ":"))
                do { try write(member.value, into: &out) } catch var e as NonFinite {
                    e.tokens.append(pointerToken(member.key))
                    throw e
                }
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    static func serialize(string: String) -> [UInt8] {
        var out: [UInt8] = []
        write(string: string, into: &out)
        return out
    }

    /// RFC 8785 §3.2.2.2 string escaping (shared with the CLI's JSON output: ``JSONString``).
    static func write(string: String, into out: inout [UInt8]) { JSONString.write(string, into: &out) }

    /// RFC 6901 reference token, for error messages only.
    private static func pointerToken(_ key: String) -> String {
        key.replacingAll("~", with: "~0").replacingAll("/", with: "~1")
    }
}

extension String {
    /// Foundation-free replacement of every occurrence of one character.
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
