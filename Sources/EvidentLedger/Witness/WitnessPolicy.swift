import EvidentCore

/// A transparency-log trust policy (c2sp.org/tlog-policy): the logs accepted, the witnesses
/// known, and the quorum of cosignatures a checkpoint needs.
///
/// ```
/// log example.com/log+2f3b8a1c+AQ…            (signature type 0x01; its name is the log's origin)
/// witness X1 w1.example+7b2a90de+BA…           (signature type 0x04: cosignature/v1)
/// witness X2 w2.example+…
/// witness X3 w3.example+…
/// group X 2 X1 X2 X3
/// quorum X
/// ```
///
/// The file is octets: names are compared byte for byte (never by Unicode equivalence); the
/// only control characters allowed are tab and newline. A group or the quorum may only name
/// what is defined above it; each name is a member of at most one group; `none` is the empty
/// quorum. ``evaluate(_:logKeys:)`` says whether a signed checkpoint meets the policy.
public struct WitnessPolicy: Sendable, Hashable {
    /// Largest policy file read (bytes).
    public static let maxSize = 64 * 1024
    /// Most logs, witnesses and groups each (the spec asks implementations to support 32).
    public static let maxEntries = 256

    public struct Log: Sendable, Hashable {
        public let key: NoteVerifierKey
        public let url: String?
    }

    public struct Witness: Sendable, Hashable {
        /// The policy's name for it (a label for groups and the quorum; not its key name).
        public let name: ExactText
        public let key: NoteVerifierKey
        public let url: String?
    }

    /// A group or the quorum: met when at least `threshold` of `members` are.
    public struct Group: Sendable, Hashable {
        public let name: ExactText
        public let threshold: Int
        public let members: [ExactText]
    }

    public let logs: [Log]
    public let witnesses: [Witness]
    public let groups: [Group]
    /// The quorum's name: a witness, a group, or nil for `quorum none`.
    public let quorum: ExactText?

    /// A policy witness whose cosignature verified, and the time it states (POSIX seconds).
    public struct Cosigner: Sendable, Hashable {
        public let name: ExactText
        public let key: NoteVerifierKey
        public let timestamp: UInt64
    }

    /// What the policy says about one checkpoint.
    public struct Evaluation: Sendable, Hashable {
        /// The log keys whose signatures verified.
        public let logKeys: [NoteVerifierKey]
        /// The policy's witnesses whose cosignatures verified, in policy order.
        public let cosigners: [Cosigner]
        /// Whether the quorum is met.
        public let quorumMet: Bool
        /// Why the quorum is (not) met, in words: which groups and witnesses count.
        public let explanation: String

        /// The cosigners in words, each with its cosignature's time (UTC), or "none".
        public var cosignerList: String {
            guard !cosigners.isEmpty else { return "none" }
            return cosigners.map { c in
                "\(c.name) (\(c.key.name), cosigned \(Cosignature.describe(timestamp: c.timestamp)))"
            }.joined(separator: ", ")
        }
    }

    /// Parses a policy file; a line that breaks a rule is named with its number.
    public static func parse(_ bytes: [UInt8]) throws -> WitnessPolicy {
        var parser = Parser(bytes)
        return try parser.parse()
    }

    /// Checks a signed checkpoint against the policy. The log's signature must verify under a
    /// policy log whose name is the checkpoint's origin (or under `logKeys` when the policy lists
    /// no logs); every cosignature line by a policy witness must verify (a failing one makes the
    /// note malformed: `invalid-signature`); then the quorum is counted. Only log keys `usable`
    /// accepts count (a verifier's ring drops keys whose validity has ended).
    public func evaluate(
        _ note: SignedNote, origin: String, logKeys given: [NoteVerifierKey] = [],
        usable: (NoteVerifierKey) -> Bool = { _ in true }
    ) throws -> Evaluation {
        let accepted = (logs.isEmpty ? given : logs.map(\.key).filter { $0.name.utf8.elementsEqual(origin.utf8) })
            .filter(usable)
        guard !accepted.isEmpty else {
            throw NoteError(.noTrustedSignature, "the policy lists no usable log key for the origin \(origin)")
        }
        let logVerified = try note.verify(trusting: accepted)
        let verified = try note.verifiedSignatures(by: witnesses.map(\.key))
        let cosigners = witnesses.compactMap { w -> Cosigner? in
            guard verified.contains(w.key), let line = note.signatures.first(where: { w.key.matches($0) }),
                let timestamp = Cosignature.timestamp(of: line.signature)
            else { return nil }
            return Cosigner(name: w.name, key: w.key, timestamp: timestamp)
        }
        let (met, explanation) = count(quorum, signed: Set(cosigners.map(\.name)))
        return Evaluation(logKeys: logVerified, cosigners: cosigners, quorumMet: met, explanation: explanation)
    }

    /// Whether `name` is met given the witnesses that `signed`, with the reason in words.
    private func count(_ name: ExactText?, signed: Set<ExactText>) -> (Bool, String) {
        guard let name else { return (true, "the quorum is none: no cosignature is required") }
        if witnesses.contains(where: { $0.name == name }) {
            return signed.contains(name)
                ? (true, "\(name) cosigned") : (false, "\(name) did not cosign")
        }
        let group = groups.first { $0.name == name }!
        let parts = group.members.map { (member: $0, result: count($0, signed: signed)) }
        let met = parts.filter { $0.result.0 }.count
        let ok = met >= group.threshold
        let detail = parts.map(\.result.1).joined(separator: "; ")
        return (ok, "group \(name) needs \(group.threshold) of \(group.members.count) and has \(met): [\(detail)]")
    }
}

/// The policy file's grammar (c2sp.org/tlog-policy), line by line.
private struct Parser {
    let bytes: [UInt8]
    var logs: [WitnessPolicy.Log] = []
    var witnesses: [WitnessPolicy.Witness] = []
    var groups: [WitnessPolicy.Group] = []
    var quorum: ExactText??
    /// Names that are already a member of a group (each may be listed once).
    var used: Set<ExactText> = []

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func parse() throws -> WitnessPolicy {
        guard bytes.count <= WitnessPolicy.maxSize else {
            throw PolicyError(.tooLarge, "the policy is \(bytes.count) bytes, the limit is \(WitnessPolicy.maxSize)")
        }
        if let i = bytes.firstIndex(where: { ($0 < 0x20 && $0 != 0x09 && $0 != 0x0A) || $0 == 0x7F }) {
            throw PolicyError(
                .syntax, line: bytes[..<i].filter { $0 == 0x0A }.count + 1,
                "control character 0x\(Hex.encode([bytes[i]])): only tab and newline are allowed")
        }
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw PolicyError(
                .syntax, "the policy is not UTF-8 (Evident reads names as UTF-8 and compares their bytes)")
        }
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        if bytes.last == 0x0A { lines.removeLast() }
        for (n, line) in lines.enumerated() {
            let words = line.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 }).map {
                String(decoding: $0, as: UTF8.self)
            }
            guard let keyword = words.first, !keyword.hasPrefix("#") else { continue }
            try parse(keyword: keyword, Array(words.dropFirst()), line: n + 1)
        }
        guard let quorum else { throw PolicyError(.syntax, "the policy has no quorum line") }
        return WitnessPolicy(logs: logs, witnesses: witnesses, groups: groups, quorum: quorum)
    }

    private mutating func parse(keyword: String, _ args: [String], line: Int) throws {
        switch keyword {
        case "log":
            guard (1...2).contains(args.count) else { throw PolicyError(.syntax, line: line, "log <vkey> [<url>]") }
            let key = try vkey(args[0], type: .ed25519, line: line)
            guard !logs.contains(where: { $0.key.publicKey == key.publicKey }) else {
                throw PolicyError(.duplicate, line: line, "a second log with the same public key")
            }
            try limit(logs.count, "logs", line: line)
            logs.append(.init(key: key, url: args.count == 2 ? args[1] : nil))
        case "witness":
            guard (2...3).contains(args.count) else {
                throw PolicyError(.syntax, line: line, "witness <name> <vkey> [<url>]")
            }
            let name = try newName(args[0], line: line)
            let key = try vkey(args[1], type: .cosignatureV1, line: line)
            guard !witnesses.contains(where: { $0.key.publicKey == key.publicKey }) else {
                throw PolicyError(.duplicate, line: line, "a second witness with the same public key")
            }
            try limit(witnesses.count, "witnesses", line: line)
            witnesses.append(.init(name: name, key: key, url: args.count == 3 ? args[2] : nil))
        case "group":
            guard args.count >= 3 else {
                throw PolicyError(.syntax, line: line, "group <name> all|any|<k> <name>... (at least one member)")
            }
            let name = try newName(args[0], line: line)
            let members = try args.dropFirst(2).map { try defined($0, line: line) }
            for member in members {
                guard used.insert(member).inserted else {
                    throw PolicyError(.duplicate, line: line, "\(member) is already a member of a group")
                }
            }
            let threshold: Int
            switch args[1] {
            case "all": threshold = members.count
            case "any": threshold = 1
            default:
                guard let k = Int(args[1]), String(k) == args[1], (1...members.count).contains(k) else {
                    throw PolicyError(
                        .syntax, line: line,
                        "the threshold is all, any or a decimal k with 1 <= k <= \(members.count), not \(args[1])")
                }
                threshold = k
            }
            try limit(groups.count, "groups", line: line)
            groups.append(.init(name: name, threshold: threshold, members: members))
        case "quorum":
            guard args.count == 1 else { throw PolicyError(.syntax, line: line, "quorum <name>") }
            guard quorum == nil else { throw PolicyError(.duplicate, line: line, "a second quorum line") }
            quorum = .some(args[0] == "none" ? nil : try defined(args[0], line: line))
        default:
            throw PolicyError(.syntax, line: line, "unknown keyword \(keyword) (log, witness, group, quorum)")
        }
    }

    private func vkey(_ text: String, type: NoteVerifierKey.SignatureType, line: Int) throws -> NoteVerifierKey {
        let key: NoteVerifierKey
        do { key = try NoteVerifierKey(vkey: text) } catch let error as NoteError {
            throw PolicyError(.invalidKey, line: line, error.detail)
        }
        guard key.type == type else {
            throw PolicyError(
                .invalidKey, line: line,
                type == .ed25519
                    ? "a log key has signature type 0x01 (Ed25519), not 0x0\(key.type.rawValue)"
                    : "a witness key has signature type 0x04 (Ed25519 cosignature/v1), not 0x0\(key.type.rawValue)")
        }
        return key
    }

    private func newName(_ text: String, line: Int) throws -> ExactText {
        let name = ExactText(text)
        guard text != "none" else { throw PolicyError(.syntax, line: line, "none is reserved") }
        guard !witnesses.contains(where: { $0.name == name }), !groups.contains(where: { $0.name == name }) else {
            throw PolicyError(.duplicate, line: line, "\(text) is already defined")
        }
        return name
    }

    private func defined(_ text: String, line: Int) throws -> ExactText {
        let name = ExactText(text)
        guard witnesses.contains(where: { $0.name == name }) || groups.contains(where: { $0.name == name }) else {
            throw PolicyError(
                .undefinedName, line: line, "\(text) is not a witness or group defined on an earlier line")
        }
        return name
    }

    private func limit(_ count: Int, _ what: String, line: Int) throws {
        guard count < WitnessPolicy.maxEntries else {
            throw PolicyError(.tooLarge, line: line, "more than \(WitnessPolicy.maxEntries) \(what)")
        }
    }
}
