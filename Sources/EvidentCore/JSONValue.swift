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
        let pad = pretty ? String(repeating: "  ", count: indent + 1) : ""
        let end = pretty ? String(repeating: "  ", count: indent) : ""
        let nl = pretty ? "\n" : ""
        switch self {
        case .string(let s): return JSONValue.quote(s)
        case .int(let i): return String(i)
        case .double(let d): return d.isFinite ? d.description : "null"
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .raw(let text): return text
        case .array(let items):
            if items.isEmpty { return "[]" }
            return "[" + nl
                + items.map { pad + $0.render(indent: indent + 1, pretty: pretty) }.joined(separator: "," + nl) + nl
                + end + "]"
        case .object(let fields):
            if fields.isEmpty { return "{}" }
            let sep = pretty ? ": " : ":"
            return "{" + nl
                + fields.map { pad + JSONValue.quote($0.0) + sep + $0.1.render(indent: indent + 1, pretty: pretty) }
                .joined(separator: "," + nl) + nl + end + "}"
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
