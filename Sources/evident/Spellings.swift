import ArgumentParser

/// One spelling per concept (docs/cli.md): the old spellings still work, as hidden aliases that
/// print a deprecation warning, and an unknown command or option gets a "did you mean …?".
/// The rewriting runs on the arguments before ArgumentParser sees them; an unknown option is
/// named only after ArgumentParser has refused the command line.
enum Spellings {
    /// (command path, old spelling, new spelling). `serve` is `serve run` and `checkpoint` is
    /// `checkpoint sign` (their default subcommands).
    static let aliases: [(path: [String], old: String, new: String)] = [
        (["anchor"], "--key", "--signing-key"),
        (["anchor"], "--ca-file", "--tsa-roots"),
        (["stamp"], "--ca-file", "--tsa-roots"),
        (["ts", "verify"], "--ca-file", "--tsa-roots"),
        (["checkpoint", "sign"], "--key", "--signing-key"),
        (["mint"], "--key", "--signing-key"),
        (["mint"], "--json", "--draft"),
        (["receipt", "sign"], "--key", "--signing-key"),
        (["receipt", "sign"], "--json", "--draft"),
        (["serve", "run"], "--key", "--signing-key"),
        (["serve", "run"], "--keys", "--ledger-key"),
        (["receipt", "verify"], "--keys", "--ledger-key"),
        (["ledger", "verify"], "--keys", "--ledger-key"),
        (["ledger", "add-key-record"], "--keys", "--ledger-key"),
        (["verify"], "--keys", "--ledger-key"),
        (["export"], "--keys", "--ledger-key"),
        (["status"], "--keys", "--ledger-key"),
        (["gate"], "--trusted-keys", "--ledger-key"),
        (["receipts", "search"], "--key", "--key-id"),
        (["tsa", "init"], "--key", "--adopt-key"),
        (["key", "new"], "--out", "--output"),
        (["key", "rotate"], "--out", "--output"),
        (["key", "revoke"], "--out", "--output"),
    ]

    /// A usage problem found before parsing: the message and ArgumentParser's usage exit status.
    struct Unknown: Error {
        let message: String
    }

    /// The arguments with old spellings replaced (and a warning for each on stderr), or the
    /// first unknown command with a suggestion. Options are not judged here: an unknown one makes
    /// ArgumentParser fail, and then `unknownOption(in:)` names it with a suggestion.
    static func rewrite(_ arguments: [String], warn: (String) -> Void) throws -> [String] {
        guard let (_, path, start) = try commandPath(arguments) else { return arguments }
        var out = Array(arguments[..<start])
        var warned: Set<String> = []
        var i = start
        while i < arguments.count {
            let arg = arguments[i]
            i += 1
            if arg == "--" {
                out += [arg] + arguments[i...]
                break
            }
            guard arg.hasPrefix("--") else {
                out.append(arg)
                continue
            }
            let (option, value) = split(arg)
            if let alias = aliases.first(where: { $0.path == path && $0.old == option }) {
                if warned.insert(option).inserted {
                    warn("evident: warning: \(option) is deprecated here; use \(alias.new) (docs/cli.md)")
                }
                out.append(value.map { "\(alias.new)=\($0)" } ?? alias.new)
                continue
            }
            out.append(arg)
        }
        return out
    }

    /// The first option (before `--`) that the command does not have, with a suggestion, if any:
    /// called once parsing has failed.
    static func unknownOption(in arguments: [String]) -> Unknown? {
        // (`help …` gives nil; an unknown command was refused before parsing.)
        guard let (command, path, start) = try? commandPath(arguments) else { return nil }
        let known = longOptions(of: command)
        guard !known.isEmpty else { return nil }
        for arg in arguments[start...] {
            if arg == "--" { break }
            guard arg.hasPrefix("--") else { continue }
            let (option, _) = split(arg)
            if known.contains(option) { continue }
            let at = (["evident"] + path).joined(separator: " ")
            // Old spellings count as candidates too, and suggest their new spelling.
            let renamed = Dictionary(
                aliases.filter { $0.path == path }.map { ($0.old, $0.new) }, uniquingKeysWith: { a, _ in a })
            let guess = suggestion(option, among: Array(known) + Array(renamed.keys)).map { renamed[$0] ?? $0 }
            return Unknown(
                message: "unknown option '\(option)' for '\(at)'\(guess.map { "; did you mean '\($0)'?" } ?? "")")
        }
        return nil
    }

    /// The command the leading words name, those words, and where its options start; nil for
    /// `help …`. An unknown command is refused with a suggestion.
    static func commandPath(_ arguments: [String]) throws -> (any ParsableCommand.Type, [String], Int)? {
        var command: any ParsableCommand.Type = Evident.self
        var path: [String] = []
        var i = 0
        while i < arguments.count {
            let word = arguments[i]
            let config = command.configuration
            guard !config.subcommands.isEmpty, !word.hasPrefix("-") else { break }
            if let sub = config.subcommands.first(where: { name(of: $0) == word }) {
                command = sub
                path.append(word)
                i += 1
                continue
            }
            if config.defaultSubcommand != nil { break }
            if word == "help" { return nil }
            let names = config.subcommands.map(name(of:))
            let at = (["evident"] + path).joined(separator: " ")
            throw Unknown(
                message:
                    "'\(word)' is not a command of '\(at)'\(suggestion(word, among: names).map { "; did you mean '\($0)'?" } ?? "") (commands: \(names.joined(separator: ", ")))"
            )
        }
        // A group that runs a default subcommand (`serve` is `serve run`) takes that one's options.
        if let run = command.configuration.defaultSubcommand, !command.configuration.subcommands.isEmpty {
            command = run
            path.append(name(of: run))
        }
        return (command, path, i)
    }

    static func name(of command: any ParsableCommand.Type) -> String {
        command.configuration.commandName ?? String(describing: command).lowercased()
    }

    static func split(_ arg: String) -> (String, String?) {
        guard let eq = arg.firstIndex(of: "=") else { return (arg, nil) }
        return (String(arg[..<eq]), String(arg[arg.index(after: eq)...]))
    }

    /// The long options a command accepts, read from the option lines of its full help (hidden
    /// ones included; the first column of each line that starts with "-"), plus the ones every
    /// command has. Empty when none can be read (then nothing is refused here).
    static func longOptions(of command: any ParsableCommand.Type) -> Set<String> {
        let help = Evident.helpMessage(for: command, includeHidden: true, columns: 10_000)
        var found: Set<String> = []
        for line in help.split(separator: "\n") {
            let text = line.drop { $0 == " " }
            guard text.hasPrefix("-") else { continue }
            let column = text.range(of: "  ").map { text[..<$0.lowerBound] } ?? text
            for word in column.split(whereSeparator: { " ,<>/".contains($0) })
            where word.hasPrefix("--") {
                // A flag with an inversion prints as --[no-]name.
                if word.hasPrefix("--[no-]") {
                    found.insert("--" + word.dropFirst(7))
                    found.insert("--no-" + word.dropFirst(7))
                } else {
                    found.insert(String(word))
                }
            }
        }
        return found.isEmpty ? [] : found.union(builtIn)
    }

    /// The options ArgumentParser gives every command, which no help lists: the man pages and shell
    /// completions scripts/package makes come from the last three (the completion scripts call
    /// `---completion` back for values).
    static let builtIn: Set<String> = [
        "--help", "--version", "--help-hidden", "--generate-completion-script", "--experimental-dump-help",
        "---completion",
    ]

    /// The closest name, if it is close: within an edit distance of a third of its length (at
    /// least 1, at most 3), or a unique name the word is a prefix of.
    static func suggestion(_ word: String, among names: [String]) -> String? {
        let scored = names.map { ($0, distance(word, $0)) }.min { $0.1 < $1.1 }
        if let (best, d) = scored, d <= max(1, min(3, best.count / 3)) { return best }
        let prefixed = names.filter { $0.hasPrefix(word) }
        return prefixed.count == 1 ? prefixed[0] : nil
    }

    /// Levenshtein distance over characters.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let saved = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = saved
            }
        }
        return a.isEmpty ? b.count : row[b.count]
    }
}
