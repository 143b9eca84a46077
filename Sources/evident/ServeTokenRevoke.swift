import ArgumentParser
import EvidentServer

struct ServeTokenRevoke: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "Remove a token by name; a running server stops accepting it within a second.")
    @Option(help: "The token file.") var tokens: String
    @Option(help: "The token's name.") var name: String

    func run() throws {
        try CLI.guarding {
            let text = String(decoding: try CLI.readFile(tokens, limit: 1 << 24), as: UTF8.self)
            let (kept, removed) = try APITokens.removing(name: name, from: text)
            guard removed > 0 else { throw InputError("\(tokens): no token named \(name)") }
            try CLI.writeFileAtomically(tokens, Array(kept.utf8), mode: 0o600, existing: .replace)
            print("revoked \(removed) token(s) named \(name)")
        }
    }
}
