import ArgumentParser
import EvidentCore
import EvidentServer

struct ServeTokenList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the tokens: name, scopes, when made — never a secret (the file holds none).")
    @Option(help: "The token file.") var tokens: String

    func run() throws {
        try CLI.guarding {
            let text = String(decoding: try CLI.readFile(tokens, limit: 1 << 24), as: UTF8.self)
            let file = try APITokens(fileContents: text)
            let created = ServeTokenList.creationTimes(text)
            for e in file.entries {
                let scopes = APIScope.allCases.filter(e.scopes.contains).map(\.rawValue).joined(separator: ",")
                print(DisplayText.safe("\(e.name)  \(scopes)  created \(created[e.name] ?? "unknown")"))
            }
        }
    }

    /// `# created TIME NAME` comment lines (written by `serve token add`), by name.
    static func creationTimes(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("# created ") {
            let rest = line.dropFirst("# created ".count).split(separator: " ", maxSplits: 1)
            if rest.count == 2 { out[String(rest[1])] = String(rest[0]) }
        }
        return out
    }
}
