import EvidentCore
import EvidentCrypto
import EvidentLedger
import Foundation

/// A ledger's directory: `DIR/ledger.conf` (`origin = …`, and `store = postgres://…` when the
/// store is a shared PostgreSQL database), `DIR/ledger.sqlite` (the embedded store, when there
/// is no `store` line), `DIR/field.key` and the key files.
public struct LedgerDirectory: Sendable {
    /// What `ledger.conf` says.
    public struct Config: Sendable, Hashable {
        public var origin: String
        /// A shared store's URL (postgres://…), or nil for `ledger.sqlite` in the directory.
        public var store: String?
    }

    public let path: String

    public init(path: String) { self.path = path }

    public var databasePath: String { path + "/ledger.sqlite" }
    /// The per-ledger key of the keyed hash for sensitive fields (32 random bytes, mode 0600).
    public var fieldKeyPath: String { path + "/field.key" }
    var configPath: String { path + "/ledger.conf" }

    /// Refuses an origin a reader could misread: only printable ASCII without spaces, like the
    /// schema-less URL C2SP recommends (an internationalised domain in its punycode form).
    /// Anything else can read as another log: a right-to-left override made
    /// "\u{202e}gol/elpmaxe.knab" read as "bank.example/log" (red team round 15), a Hebrew letter
    /// reordered "acme.example/\u{05d0}/2025-12" into "acme.example/2025-12/\u{05d0}", Cyrillic
    /// letters pass for Latin ones, and a Unicode space broke checkpoint signing later (round 16).
    /// Checked before anything is created, also a shared store.
    public static func checkOrigin(_ origin: String) throws {
        guard !origin.isEmpty, origin.utf8.count <= 512,
            origin.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) })
        else {
            throw LedgerStoreError(
                .invalidRequest,
                "origin must be printable ASCII without spaces, at most 512 bytes, e.g. example.org/ledger/prod (got \(DisplayText.safe(String(origin.prefix(200)))))"
            )
        }
    }

    /// Creates an empty ledger; refuses a directory that already holds one. With `sharedStore`,
    /// the ledger's store is that (already created) shared store, recorded by `storeURL`
    /// (without a password), instead of a new `ledger.sqlite`.
    public func initialize(
        origin: String, sharedStore: (any LedgerStore)? = nil, storeURL: String? = nil
    ) throws -> Ledger {
        try Self.checkOrigin(origin)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        guard !FileManager.default.fileExists(atPath: configPath) else {
            throw LedgerStoreError(.alreadyInitialized, "\(path) already holds a ledger")
        }
        let store = try sharedStore ?? SQLiteLedgerStore(path: databasePath, create: true)
        // The field key exists from the start so that every receipt of this ledger protects a
        // sensitive value the same way (searchable by its keyed hash, never in the clear).
        var key = try SecureRandom.bytes(32)
        defer { SealedSecret.wipe(&key) }
        // A secret: 0600 from creation (DurableFile), never replacing one that exists.
        try DurableFile.write(key, to: fieldKeyPath, mode: 0o600, existing: .create)
        let text =
            "# evident ledger (docs/ledger-store.md)\norigin = \(origin)\n" + (storeURL.map { "store = \($0)\n" } ?? "")
        try DurableFile.write(Array(text.utf8), to: configPath, mode: 0o644)
        return Ledger(store: store, origin: origin)
    }

    /// The ledger's field key (docs/receipt.md, sensitive fields).
    public func fieldKey() throws -> SensitiveFieldKey {
        guard var bytes = FileManager.default.contents(atPath: fieldKeyPath).map({ [UInt8]($0) }) else {
            throw LedgerStoreError(.notInitialized, "\(fieldKeyPath) is missing")
        }
        defer { SealedSecret.wipe(&bytes) }
        return try SensitiveFieldKey(bytes: bytes)
    }

    public func config() throws -> Config {
        guard let text = try? String(contentsOfFile: configPath, encoding: .utf8) else {
            throw LedgerStoreError(.notInitialized, "\(path) holds no ledger (run `evident ledger init --dir \(path)`)")
        }
        var origin: String?, store: String?
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else { continue }
            switch parts[0] {
            case "origin": origin = parts[1]
            case "store": store = parts[1]
            default: throw LedgerStoreError(.corrupt, "\(configPath): unknown setting \(parts[0])")
            }
        }
        guard let origin, !origin.isEmpty else { throw LedgerStoreError(.corrupt, "\(configPath): no origin") }
        return Config(origin: origin, store: store)
    }

    /// Opens the ledger when its store is the embedded one; a shared store is opened by the
    /// caller from ``config()`` (this module does not speak PostgreSQL).
    public func open() throws -> Ledger {
        let config = try config()
        if let store = config.store {
            throw LedgerStoreError(.invalidRequest, "\(path) keeps its receipts in \(store), not in ledger.sqlite")
        }
        return Ledger(store: try SQLiteLedgerStore(path: databasePath), origin: config.origin)
    }
}
