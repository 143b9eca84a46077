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
            let created = APITokens.creationTimes(in: text)
            for e in file.entries {
                let scopes = APIScope.allCases.filter(e.scopes.contains).map(\.rawValue).joined(separator: ",")
                print(DisplayText.safe("\(e.name)  \(scopes)  created \(created[e.name] ?? "unknown")"))
            }
        }
    }
}
