import EvidentCore
import EvidentCrypto
import EvidentDER
import Foundation

/// What a bearer token may do. `admin` implies every other scope.
public enum APIScope: String, CaseIterable, Sendable, Hashable {
    case mint, read, export, admin
}

/// The API's bearer tokens, kept only as SHA-256 hashes in a token file (mode 0600), one per
/// line: `sha256:HEX SCOPE[,SCOPE…] NAME`. A token is `evt_` and 43 characters of base64url
/// (256 random bits), shown once when it is made. A request's token is hashed and looked up;
/// the file never holds anything that would let a reader call the API.
public struct APITokens: Sendable {
    public struct Entry: Sendable, Hashable {
        public let hash: [UInt8]
        public let scopes: Set<APIScope>
        public let name: String

        public func allows(_ scope: APIScope) -> Bool { scopes.contains(scope) || scopes.contains(.admin) }
    }

    public let entries: [Entry]
    private let byHash: [[UInt8]: Entry]

    public init(entries: [Entry]) {
        self.entries = entries
        byHash = Dictionary(entries.map { ($0.hash, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// Parses a token file; every line must be well formed.
    public init(fileContents text: String) throws {
        var entries: [Entry] = []
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if let entry = try Self.entry(raw, line: n + 1) { entries.append(entry) }
        }
        self.init(entries: entries)
    }

    /// One line of a token file: its entry, nil for a blank or comment line; throws when malformed.
    static func entry(_ raw: Substring, line n: Int) throws -> Entry? {
        let line = raw.trimmingCharacters(in: .whitespaces)
        if line.isEmpty || line.hasPrefix("#") { return nil }
        let fields = line.split(separator: " ", maxSplits: 2).map(String.init)
        guard fields.count == 3, fields[0].hasPrefix("sha256:"),
            let hash = Hex.decode(String(fields[0].dropFirst(7))), hash.count == 32
        else {
            throw APITokenError(.invalidTokenFile, "line \(n): expected `sha256:HEX SCOPES NAME`")
        }
        var scopes = Set<APIScope>()
        for s in fields[1].split(separator: ",") {
            guard let scope = APIScope(rawValue: String(s)) else {
                throw APITokenError(.invalidTokenFile, "line \(n): unknown scope \(s)")
            }
            scopes.insert(scope)
        }
        guard !scopes.isEmpty else { throw APITokenError(.invalidTokenFile, "line \(n): no scope") }
        return Entry(hash: hash, scopes: scopes, name: fields[2])
    }

    /// The comment `serve token add` writes before a token's line: when it was made.
    public static func creationComment(name: String, time: String) -> String { "# created \(time) \(name)" }

    /// The creation comment's time and name, or nil for any other line.
    static func creation(_ raw: Substring) -> (time: String, name: String)? {
        let line = raw.trimmingCharacters(in: .whitespaces)
        guard line.hasPrefix("# created ") else { return nil }
        let rest = line.dropFirst("# created ".count).split(separator: " ", maxSplits: 1)
        return rest.count == 2 ? (String(rest[0]), String(rest[1])) : nil
    }

    /// The creation times a token file's comments record, by token name.
    public static func creationTimes(in text: String) -> [String: String] {
        var out: [String: String] = [:]
        for raw in text.split(separator: "\n") { if let c = creation(raw) { out[c.name] = c.time } }
        return out
    }

    /// The file without the tokens named `name` and their creation comments, and how many
    /// tokens went; throws when the file is malformed.
    public static func removing(name: String, from text: String) throws -> (text: String, removed: Int) {
        var removed = 0
        var kept: [Substring] = []
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if creation(raw)?.name == name { continue }
            if try entry(raw, line: n + 1)?.name == name {
                removed += 1
                continue
            }
            kept.append(raw)
        }
        return (kept.joined(separator: "\n"), removed)
    }

    public static func load(path: String) throws -> APITokens {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw APITokenError(.invalidTokenFile, "\(path): cannot read the token file")
        }
        do { return try APITokens(fileContents: String(decoding: data, as: UTF8.self)) } catch let e as APITokenError {
            throw APITokenError(.invalidTokenFile, "\(path): \(e.description)")
        }
    }

    /// The entry a presented token belongs to, or nil.
    public func authenticate(_ token: String) -> Entry? {
        guard token.hasPrefix("evt_"), token.utf8.count <= 128, let hash = try? Digest.hash(.sha256, Array(token.utf8))
        else { return nil }
        return byHash[hash]
    }

    /// A new token and its file line.
    public static func issue(name: String, scopes: Set<APIScope>) throws -> (token: String, line: String) {
        guard !name.isEmpty, !name.contains("\n"), !scopes.isEmpty else {
            throw APITokenError(.invalidToken, "a token needs a one-line name and a scope")
        }
        let token =
            "evt_"
            + Base64.encode(try SecureRandom.bytes(32)).replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let hash = try Digest.hash(.sha256, Array(token.utf8))
        let line =
            "sha256:\(Hex.encode(hash)) \(APIScope.allCases.filter(scopes.contains).map(\.rawValue).joined(separator: ",")) \(name)"
        return (token, line)
    }
}

/// A token file that cannot be read or a token that cannot be made.
public struct APITokenError: CodedError {
    public typealias Code = ErrorCode<APITokenError>
    public let code: Code
    public let detail: String
    public init(_ code: Code = .invalidTokenFile, _ detail: String) {
        self.code = code
        self.detail = detail
    }
}

extension ErrorCode where Owner == APITokenError {
    public static let invalidTokenFile = Self("invalid-token-file")
    public static let invalidToken = Self("invalid-token")
}

/// The token file as the server sees it: re-read when it changes (checked at most once a
/// second), so tokens are added and revoked without a restart. A file that becomes unreadable,
/// goes missing or is malformed **fails closed**: no token is accepted until a valid file
/// appears (keeping the last good set would keep a token whose line was just removed), the
/// problem is reported once through ``onProblem`` and shown by ``isValid`` (a metric).
public final class APITokenFile: @unchecked Sendable {
    public let path: String?
    private var tokens: APITokens
    private var stamp: (Int, Int)
    private var checkedAt: UInt64 = 0
    public private(set) var lastError: String?
    /// Called (outside the lock) when the file turns bad (with why) or good again (nil).
    public var onProblem: (@Sendable (String?) -> Void)?
    private let lock = NSLock()

    public init(path: String) throws {
        self.path = path
        tokens = try APITokens.load(path: path)
        stamp = APITokenFile.stamp(path)
    }

    /// A fixed set (tests).
    public init(fixed: APITokens) {
        path = nil
        tokens = fixed
        stamp = (0, 0)
    }

    /// Whether the file read last was valid (false: no token is accepted).
    public var isValid: Bool { lock.withLock { lastError == nil } }

    public var current: APITokens {
        var change: String??
        let result: APITokens = lock.withLock {
            guard let path else { return tokens }
            let now = DispatchTime.now().uptimeNanoseconds
            guard now &- checkedAt >= 1_000_000_000 else { return tokens }
            checkedAt = now
            let s = APITokenFile.stamp(path)
            guard s != stamp else { return tokens }
            stamp = s
            do {
                tokens = try APITokens.load(path: path)
                if lastError != nil { change = .some(nil) }
                lastError = nil
            } catch {
                tokens = APITokens(entries: [])
                if lastError == nil { change = .some("\(error)") }
                lastError = "\(error)"
            }
            return tokens
        }
        if let change { onProblem?(change) }
        return result
    }

    static func stamp(_ path: String) -> (Int, Int) {
        var st = stat()
        guard stat(path, &st) == 0 else { return (-1, -1) }
        return (Int(st.st_mtim.tv_sec) * 1_000_000_000 + Int(st.st_mtim.tv_nsec), Int(st.st_ino))
    }
}
