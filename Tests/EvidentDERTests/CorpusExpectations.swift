import Foundation

/// testdata/der/expectations.txt: the pinned strict-DER verdict of every corpus case that
/// the corpus tests check one by one, so each rejection has a specific, reviewed error code.
///
///     <case>  <verdict>  [openssl=<der|not-der|rejected>]  [-- <why we accept what OpenSSL does not>]
///
/// `case` is a path under testdata/der, with `#<n>:<PEM TYPE>` (spaces as `_`) for the n-th
/// PEM block of a file; `verdict` is `ok` or `<code>@<offset>` of `DERParser.parse(_, rules: .der)`.
/// Set EVIDENT_WRITE_EXPECTATIONS=1 to rewrite the file from the current results (reasons
/// already in the file are kept).
struct CorpusExpectation: Equatable {
    var verdict: String
    var openssl: String?
    var reason: String?

    var line: String {
        var fields = [verdict]
        if let openssl { fields.append("openssl=\(openssl)") }
        if let reason { fields.append("-- \(reason)") }
        return fields.joined(separator: "  ")
    }
}

enum CorpusExpectations {
    static let url = derTestdata.appendingPathComponent("expectations.txt")
    static var rewriting: Bool { ProcessInfo.processInfo.environment["EVIDENT_WRITE_EXPECTATIONS"] == "1" }

    /// Cases by key, and the header comment lines.
    static func load() throws -> (cases: [String: CorpusExpectation], order: [String], header: [String]) {
        guard FileManager.default.fileExists(atPath: url.path) else { return ([:], [], []) }
        var cases: [String: CorpusExpectation] = [:]
        var order: [String] = []
        var header: [String] = []
        for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") {
            if line.hasPrefix("#") {
                if order.isEmpty { header.append(String(line)) }
                continue
            }
            var rest = Substring(line)
            var reason: String?
            if let r = rest.range(of: " -- ") {
                reason = String(rest[r.upperBound...]).trimmingCharacters(in: .whitespaces)
                rest = rest[..<r.lowerBound]
            }
            let fields = rest.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard fields.count >= 2 else { continue }
            let openssl = fields.dropFirst(2).first { $0.hasPrefix("openssl=") }.map { String($0.dropFirst(8)) }
            cases[fields[0]] = CorpusExpectation(verdict: fields[1], openssl: openssl, reason: reason)
            order.append(fields[0])
        }
        return (cases, order, header)
    }

    /// Suites run in parallel; each rewrites its own section of the one file.
    private static let writeLock = NSLock()

    /// Replaces the cases whose keys start with `prefix`, keeping everything else.
    static func write(section prefix: String, _ results: [(String, CorpusExpectation)]) throws {
        writeLock.lock()
        defer { writeLock.unlock() }
        let (old, order, header) = try load()
        var merged = old.filter { !$0.key.hasPrefix(prefix) }
        var keys = order.filter { !$0.hasPrefix(prefix) }
        for (key, value) in results {
            merged[key] = value
            keys.append(key)
        }
        let width = (keys.map(\.count).max() ?? 0) + 2
        var text = header.joined(separator: "\n") + (header.isEmpty ? "" : "\n")
        for key in keys.sorted() {
            text += key.padding(toLength: width, withPad: " ", startingAt: 0) + merged[key]!.line + "\n"
        }
        try text.write(to: url, atomically: true, encoding: .utf8)
    }
}
