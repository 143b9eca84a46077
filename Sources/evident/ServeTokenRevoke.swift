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
            _ = try APITokens(fileContents: text)
            var removed = 0
            let kept = text.split(separator: "\n", omittingEmptySubsequences: false).filter { raw in
                let line = raw.trimmingCharacters(in: .whitespaces)
                if line == "# created" || (line.hasPrefix("# created ") && line.hasSuffix(" " + name)) { return false }
                guard !line.isEmpty, !line.hasPrefix("#") else { return true }
                let fields = line.split(separator: " ", maxSplits: 2)
                if fields.count == 3, fields[2] == name {
                    removed += 1
                    return false
                }
                return true
            }
            guard removed > 0 else { throw InputError("\(tokens): no token named \(name)") }
            try CLI.writeFileAtomically(tokens, Array(kept.joined(separator: "\n").utf8), mode: 0o600)
            print("revoked \(removed) token(s) named \(name)")
        }
    }
}
