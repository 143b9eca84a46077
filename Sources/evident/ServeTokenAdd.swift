import ArgumentParser
import EvidentCore
import EvidentCrypto
import EvidentLedger
import EvidentPostgres
import EvidentSQLite
import EvidentServer
import EvidentTSP
import Foundation
import Logging

struct ServeTokenAdd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Make a token: prints it once; the token file keeps only its SHA-256.")
    @Option(help: "The token file (created 0600 if missing).") var tokens: String
    @Option(help: "A name for the token (who or what uses it).") var name: String
    @Option(help: "Scopes, comma-separated: mint, read, export, admin.") var scope: String

    func run() throws {
        try CLI.guarding {
            var scopes = Set<APIScope>()
            for s in scope.split(separator: ",") {
                guard let v = APIScope(rawValue: s.trimmingCharacters(in: .whitespaces)) else {
                    throw InputError("--scope: unknown scope \(s)")
                }
                scopes.insert(v)
            }
            guard !scopes.isEmpty else { throw InputError("--scope: none given") }
            let (token, line) = try APITokens.issue(name: name, scopes: scopes)
            var existing = ""
            if FileManager.default.fileExists(atPath: tokens) {
                existing = String(decoding: try CLI.readFile(tokens, limit: 1 << 24), as: UTF8.self)
                do { _ = try APITokens(fileContents: existing) } catch let e as APITokenError {
                    throw InputError("\(tokens): \(e.description)")
                }
                if !existing.isEmpty && !existing.hasSuffix("\n") { existing += "\n" }
            }
            // A comment line before the token records when it was made (`serve token list`).
            let created =
                APITokens.creationComment(name: name, time: ReceiptTime.describe(millis: WallClock.millis())) + "\n"
            try CLI.writeFileAtomically(
                tokens, Array((existing + created + line + "\n").utf8), mode: 0o600, existing: .replace)
            print(token)
        }
    }
}
