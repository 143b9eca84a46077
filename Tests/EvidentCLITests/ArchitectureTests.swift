import EvidentTestSupport
import Foundation
import Testing

/// docs/architecture.md, "What each module may import", enforced: every `import` under Sources/
/// and every target dependency in Package.swift must be listed there, and C modules are imported
/// only by the files named for them.
@Suite struct ArchitectureTests {
    struct Rule {
        let project: Set<String>
        let other: Set<String>
        var all: Set<String> { project.union(other) }
    }

    /// The table between the `imports:begin` / `imports:end` markers.
    static func rules() throws -> [String: Rule] {
        let doc = try String(
            contentsOf: TestSupport.repoRoot.appendingPathComponent("docs/architecture.md"), encoding: .utf8)
        guard let begin = doc.range(of: "<!-- imports:begin -->"), let end = doc.range(of: "<!-- imports:end -->")
        else { return [:] }
        var out: [String: Rule] = [:]
        for line in doc[begin.upperBound..<end.lowerBound].split(separator: "\n")
        where line.hasPrefix("| ") && !line.hasPrefix("| module") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard cells.count >= 4 else { continue }
            func names(_ s: String) -> Set<String> {
                Set(s.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
            }
            out[cells[1]] = Rule(project: names(cells[2]), other: names(cells[3]))
        }
        return out
    }

    static let cModules: Set<String> = ["COpenSSL", "CCurl", "CSodium"]

    /// Every Swift file of a module with the modules it imports.
    static func imports(of module: String) throws -> [(file: String, modules: Set<String>)] {
        let root = TestSupport.repoRoot.appendingPathComponent("Sources/\(module)")
        guard let e = FileManager.default.enumerator(atPath: root.path) else { return [] }
        var out: [(String, Set<String>)] = []
        for case let path as String in e where path.hasSuffix(".swift") {
            let text = try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
            var found = Set<String>()
            for line in text.split(separator: "\n") {
                let words = line.split(separator: " ").map(String.init)
                guard let i = words.firstIndex(of: "import"), i + 1 < words.count,
                    words[..<i].allSatisfy({
                        ["@testable", "internal", "public", "private", "fileprivate", "package", "@_exported"].contains(
                            $0)
                    })
                else { continue }
                found.insert(String(words[i + 1].split(separator: ".")[0]))
            }
            out.append((path, found))
        }
        return out
    }

    /// C modules are imported `internal` only, so no C type can appear in a public API (the
    /// compiler refuses a public declaration that uses one).
    @Test func cModulesAreImportedInternally() throws {
        let root = TestSupport.repoRoot.appendingPathComponent("Sources")
        let e = try #require(FileManager.default.enumerator(atPath: root.path))
        var seen = 0
        for case let path as String in e where path.hasSuffix(".swift") {
            let text = try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
            for line in text.split(separator: "\n") {
                let words = line.split(separator: " ")
                guard let i = words.firstIndex(of: "import"), i + 1 < words.count,
                    Self.cModules.contains(String(words[i + 1]))
                else { continue }
                seen += 1
                #expect(words[..<i] == ["internal"], "Sources/\(path): \(line)")
            }
        }
        #expect(seen >= 10)
    }

    @Test func everyImportIsAllowed() throws {
        let rules = try Self.rules()
        #expect(rules.count == 10, "the table in docs/architecture.md lists \(rules.count) modules")
        for (module, rule) in rules {
            let files = try Self.imports(of: module)
            #expect(!files.isEmpty, "no sources for \(module)")
            for (file, modules) in files {
                for m in modules where !rule.all.contains(m) {
                    Issue.record(
                        "Sources/\(module)/\(file) imports \(m), which docs/architecture.md does not allow \(module)")
                }
                let name = (file as NSString).lastPathComponent
                let namedForC =
                    ["_openssl.swift", "_curl.swift", "_sodium.swift"].contains { name.hasSuffix($0) }
                    || name == "Libraries.swift"
                if !modules.isDisjoint(with: Self.cModules) && !namedForC {
                    Issue.record(
                        "Sources/\(module)/\(file) imports a C module but is not named *_openssl/_curl/_sodium.swift")
                }
            }
        }
        // Every module under Sources/ (but the C shims and the browser verifier's JavaScript,
        // which is not a Swift module) has a row.
        let dirs = try FileManager.default.contentsOfDirectory(
            atPath: TestSupport.repoRoot.appendingPathComponent("Sources").path)
        for d in dirs where !Self.cModules.contains(d) && d != "verifier-web" {
            #expect(rules[d] != nil, "docs/architecture.md has no row for \(d)")
        }
    }

    @Test func packageDependenciesMatchTheTable() throws {
        let rules = try Self.rules()
        let package = try String(
            contentsOf: TestSupport.repoRoot.appendingPathComponent("Package.swift"), encoding: .utf8)
        let chunks =
            package.components(separatedBy: ".target(")
            + package.components(separatedBy: ".executableTarget(").dropFirst()
        var checked = 0
        for chunk in chunks.dropFirst() {
            let body = String(chunk.prefix(2000))
            guard let nameRange = body.range(of: #"name: "([^"]+)""#, options: .regularExpression) else { continue }
            let name = String(body[nameRange]).dropFirst(7).dropLast()
            guard let rule = rules[String(name)] else { continue }
            // The dependencies array: up to its closing bracket.
            guard let deps = body.range(of: "dependencies: ["), let close = body[deps.upperBound...].firstIndex(of: "]")
            else {
                checked += 1  // no dependencies at all (EvidentDER)
                continue
            }
            let list = String(body[deps.upperBound..<close])
            var named = Set<String>()
            let products = try NSRegularExpression(pattern: #"\.product\(name: "([^"]+)""#)
            for m in products.matches(in: list, range: NSRange(list.startIndex..., in: list)) {
                named.insert(String(list[Range(m.range(at: 1), in: list)!]))
            }
            let withoutProducts = products.stringByReplacingMatches(
                in: list, range: NSRange(list.startIndex..., in: list), withTemplate: "")
            let plain = try NSRegularExpression(pattern: #""([^"]+)""#)
            for m in plain.matches(
                in: withoutProducts, range: NSRange(withoutProducts.startIndex..., in: withoutProducts))
            {
                let s = String(withoutProducts[Range(m.range(at: 1), in: withoutProducts)!])
                if !s.contains("-") && !s.contains(".") { named.insert(s) }
            }
            for dep in named where !rule.all.contains(dep) {
                Issue.record("Package.swift: \(name) depends on \(dep), which docs/architecture.md does not allow")
            }
            checked += 1
        }
        #expect(checked == 10, "checked \(checked) targets of Package.swift")
    }
}
