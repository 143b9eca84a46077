import ArgumentParser
import EvidentCore
import EvidentLedger
import EvidentServer

struct ServeTokenList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract:
            "List the tokens: name, scopes, when made and last used (by `serve`) — never a secret (the file holds none)."
    )
    @Option(help: "The token file.") var tokens: String

    func run() throws {
        try CLI.guarding {
            let text = String(decoding: try CLI.readFile(tokens, limit: 1 << 24), as: UTF8.self)
            let file = try APITokens(fileContents: text)
            let created = APITokens.creationTimes(in: text)
            let used = TokenUsage.read(tokenFile: tokens)
            for e in file.entries {
                let scopes = APIScope.allCases.filter(e.scopes.contains).map(\.rawValue).joined(separator: ",")
                let last = used[e.name].map { "last used \(ReceiptTime.describe(millis: $0))" } ?? "never used"
                print(DisplayText.safe("\(e.name)  \(scopes)  created \(created[e.name] ?? "unknown")  \(last)"))
            }
        }
    }
}
