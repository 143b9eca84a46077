import EvidentTestSupport
import Foundation
import Testing

/// docs/json.md against real output: every command that prints JSON is run on a real ledger,
/// the built-in TSA on loopback and a real bundle, and each document must carry its `schema`
/// and exactly the members of the documented example, at every level, with the same JSON types.
@Suite(.serialized) struct JSONSchemaTests {
    /// The examples in docs/json.md, by kind.
    static func examples() throws -> [String: Any] {
        let doc = try String(contentsOf: TestSupport.repoRoot.appendingPathComponent("docs/json.md"), encoding: .utf8)
        var out: [String: Any] = [:]
        for part in doc.components(separatedBy: "<!-- json: ").dropFirst() {
            let kind = String(part.prefix { $0 != " " })
            guard let start = part.range(of: "```json\n"),
                let end = part.range(of: "\n```", range: start.upperBound..<part.endIndex)
            else { continue }
            out[kind] = try JSONSerialization.jsonObject(
                with: Data(part[start.upperBound..<end.lowerBound].utf8), options: .fragmentsAllowed)
        }
        return out
    }

    /// Members whose inside is not this document's shape: a receipt (docs/receipt.md: optional
    /// members, an open scope) and the bundle summary's per-stream counts (keyed by stream name).
    static let opaque: Set<String> = ["/receipt", "/receipts[]/receipt", "/summary/streams"]

    /// The shape differences between an actual document and the example: keys present in one
    /// only, and values of another JSON type (null matches anything: an absent value).
    static func differences(_ actual: Any, _ example: Any, at path: String = "") -> [String] {
        func kind(_ v: Any) -> String {
            switch v {
            case is NSNull: return "null"
            case let n as NSNumber: return String(cString: n.objCType) == "c" ? "bool" : "number"
            case is String: return "string"
            case is [Any]: return "array"
            case is [String: Any]: return "object"
            default: return "\(type(of: v))"
            }
        }
        if actual is NSNull || example is NSNull { return [] }
        if opaque.contains(path) {
            return kind(actual) == kind(example) ? [] : ["\(path): \(kind(actual)), the example has \(kind(example))"]
        }
        if let a = actual as? [String: Any], let e = example as? [String: Any] {
            var out: [String] = []
            for k in Set(a.keys).subtracting(e.keys) { out.append("\(path)/\(k): not in the example") }
            for k in Set(e.keys).subtracting(a.keys) { out.append("\(path)/\(k): missing") }
            for k in Set(a.keys).intersection(e.keys) { out += differences(a[k]!, e[k]!, at: "\(path)/\(k)") }
            return out
        }
        if let a = actual as? [Any], let e = example as? [Any] {
            guard let x = a.first, let y = e.first else { return [] }
            return differences(x, y, at: path + "[]")
        }
        return kind(actual) == kind(example) ? [] : ["\(path): \(kind(actual)), the example has \(kind(example))"]
    }

    static func json(_ r: TestSupport.ProcessResult, line: Bool = false) throws -> Any {
        let text = line ? String(r.stdoutText.split(separator: "\n").first ?? "") : r.stdoutText
        return try JSONSerialization.jsonObject(with: Data(text.utf8))
    }

    @Test func everyDocumentMatchesItsExample() throws {
        let examples = try Self.examples()
        #expect(examples.count == 12)
        // A ledger with receipts in the example's stream, anchored by the built-in TSA.
        let f = try LedgerCLITests.fixture()
        let tsaDir = try TSAServerTests.makeDirectory()
        let server = try TSAServerTests.Server(dir: tsaDir)
        defer { _ = server.stop() }
        let roots = tsaDir.appendingPathComponent("root.pem").path
        let ledger = ["--dir", f.ledger]
        var outputs: [(String, Any)] = []
        func run(_ kind: String, _ args: [String], line: Bool = false, status: Int32 = 0) throws {
            let r = try TestSupport.evident(args)
            #expect(r.status == status, "\(args): \(r.stderrText)")
            outputs.append((kind, try Self.json(r, line: line)))
        }
        for decision in ["allow", "deny"] {
            try run(
                "minted",
                ["mint"] + ledger + ["--signing-key", f.key]
                    + LedgerCLITests.flags(f, stream: "deploys", decision: decision), line: true)
        }
        try run(
            "anchor",
            ["anchor"] + ledger + ["--signing-key", f.key, "--tsa", server.base + "/", "--tsa-roots", roots, "--json"])
        try run("status", ["status"] + ledger + ["--ledger-key", f.pub, "--json"])
        try run("ledger-status", ["ledger", "status"] + ledger + ["--json"])
        try run("receipts", ["receipts", "search"] + ledger + ["--json"])
        let hash = try #require((outputs.first?.1 as? [String: Any])?["hash"] as? String)
        try run("inclusion-proof", ["proof", "inclusion", hash] + ledger)
        _ = try LedgerCLITests.mint(f, LedgerCLITests.flags(f, stream: "deploys"))
        #expect(try TestSupport.evident(["checkpoint"] + ledger + ["--signing-key", f.key]).status == 0)
        try run("consistency-proof", ["proof", "consistency", "2", "3"] + ledger)
        // A time-stamp: the request inspected, the response verified.
        let doc = f.dir.appendingPathComponent("doc.txt")
        try Data("hello\n".utf8).write(to: doc)
        let stamped = f.dir.appendingPathComponent("stamped")
        try FileManager.default.createDirectory(at: stamped, withIntermediateDirectories: true)
        #expect(
            try TestSupport.evident([
                "stamp", doc.path, "--tsa", server.base + "/", "--tsa-roots", roots, "-o", stamped.path,
            ]).status == 0)
        try run("tsp-message", ["ts", "inspect", "--json", stamped.appendingPathComponent("doc.txt.tsq").path])
        try run(
            "timestamp-verification",
            [
                "ts", "verify", "--in", stamped.appendingPathComponent("doc.txt.tsr").path,
                "--data", doc.path, "--tsa-roots", roots, "--json",
            ])
        // Many tokens in one process: one line each.
        let tsr = stamped.appendingPathComponent("doc.txt.tsr").path
        try run(
            "timestamp-verification-file",
            ["ts", "verify", "--in", tsr, tsr, "--data", doc.path, "--tsa-roots", roots, "--json"], line: true)
        // A bundle of the denials; without revocation data its anchor is indeterminate (exit 3).
        let bundle = f.dir.appendingPathComponent("deny.evb").path
        #expect(
            try TestSupport.evident(
                ["anchor"] + ledger + ["--signing-key", f.key, "--tsa", server.base + "/", "--tsa-roots", roots]
            ).status == 0)
        #expect(try TestSupport.evident(["export"] + ledger + ["--decision", "deny", "-o", bundle]).status == 0)
        try run(
            "bundle-verification", ["verify", bundle, "--tsa-roots", roots, "--ledger-key", f.pub, "--json"], status: 3)

        // The access log of `evident serve --access-log FILE`: one line per request.
        let tokens = f.dir.appendingPathComponent("tokens").path
        #expect(
            try TestSupport.evident([
                "serve", "token", "add", "--tokens", tokens, "--name", "auditor", "--scope", "read",
            ])
            .status == 0)
        let accessLog = f.dir.appendingPathComponent("access.jsonl").path
        let served = try ServeTests.Server(
            ["--dir", f.ledger, "--signing-key", f.key, "--tokens", tokens, "--access-log", accessLog], dir: f.dir)
        try #require(served.port > 0)
        let curl = try TestSupport.run(
            "/usr/bin/curl", ["-s", "-o", "/dev/null", "http://127.0.0.1:\(served.port)/healthz"])
        served.stop()
        #expect(curl.status == 0)
        let line =
            try String(contentsOfFile: accessLog, encoding: .utf8).split(separator: "\n").first.map(String.init) ?? ""
        outputs.append(("access-log", try JSONSerialization.jsonObject(with: Data(line.utf8))))

        #expect(Set(outputs.map(\.0)) == Set(examples.keys), "every documented kind is checked")
        for (kind, actual) in outputs {
            let document = try #require(actual as? [String: Any], "\(kind)")
            let example = try #require(examples[kind], "\(kind) has no example in docs/json.md")
            // v1, or the version the example documents (bundle-verification is v2).
            let version = ((example as? [String: Any])?["schema"] as? String)?.split(separator: "/").last ?? "v1"
            #expect(document["schema"] as? String == "evident.\(kind)/\(version)")
            let diff = Self.differences(actual, example)
            #expect(diff.isEmpty, "\(kind): \(diff.sorted())")
        }
    }
}
