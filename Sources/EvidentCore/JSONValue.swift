/// A minimal JSON value with deterministic output (keys in insertion order), so `--json`
/// output is stable for scripts and tests.
public indirect enum JSONValue: Sendable, Equatable {
    case string(String)
    case int(Int)
    /// A finite number with a fraction (a share, a rate); written in Swift's shortest form that
    /// reads back as the same double. Not finite: null.
    case double(Double)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])
    /// JSON text already serialised (a canonical receipt, say), emitted as it is: the caller
    /// vouches that it is one valid JSON value.
    case raw(String)

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.render() == b.render() }

    public func render(indent: Int = 0, pretty: Bool = true) -> String {
        var out: [UInt8] = []
        write(into: &out, indent: indent, pretty: pretty)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the rendering to one buffer (no intermediate string per member: a `ts verify
    /// --json` report is rendered per token, BENCHMARKS.md "Start time").
    public func write(into out: inout [UInt8], indent: Int = 0, pretty: Bool = true) {
        func newline(_ level: Int) {
            guard pretty else { return }
            out.append(0x0A)
            for _ in 0..<level { out.append(0x20); out.append(0x20) }
        }
        switch self {
        case .string(let s): JSONString.write(s, into: &out)
        case .int(let i): out.append(contentsOf: String(i).utf8)
        case .double(let d): out.append(contentsOf: (d.isFinite ? d.description : "null").utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .null: out.append(contentsOf: "null".utf8)
        case .raw(let text): out.append(contentsOf: text.utf8)
        case .array(let items):
            if items.isEmpty { return out.append(contentsOf: "[]".utf8) }
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(indent + 1)
                item.write(into: &out, indent: indent + 1, pretty: pretty)
            }
            newline(indent)
            out.append(UInt8(ascii: "]"))
        case .object(let fields):
            if fields.isEmpty { return out.append(contentsOf: "{}".utf8) }
            out.append(UInt8(ascii: "{"))
            for (i, (key, value)) in fields.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(indent + 1)
                JSONString.write(key, into: &out)
                out.append(UInt8(ascii: ":"))
                if pretty { out.append(0x20) }
                value.write(into: &out, indent: indent + 1, pretty: pretty)
            }
            newline(indent)
            out.append(UInt8(ascii: "}"))
        }
    }

    /// A top-level output document: its `schema` member first (`evident.<kind>/v1`, documented
    /// in docs/json.md), then `members`. Every JSON object a command prints is one.
    public static func document(_ kind: String, _ members: [(String, JSONValue)]) -> JSONValue {
        .object([("schema", .string(schemaID(kind)))] + members)
    }

    /// `evident.<kind>/v1`.
    public static func schemaID(_ kind: String) -> String { "evident.\(kind)/v1" }

    /// A JSON string literal, escaped as RFC 8785 does (``JSONString``).
    static func quote(_ s: String) -> String {
        var out: [UInt8] = []
        JSONString.write(s, into: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
