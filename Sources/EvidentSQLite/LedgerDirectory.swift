import EvidentCrypto
import EvidentLedger
import Foundation

/// A ledger on disk: `DIR/ledger.sqlite` (the store) and `DIR/ledger.conf` (`origin = …`).
public struct LedgerDirectory: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    public var databasePath: String { path + "/ledger.sqlite" }
    /// The per-ledger key of the keyed hash for sensitive fields (32 random bytes, mode 0600).
    public var fieldKeyPath: String { path + "/field.key" }
    var configPath: String { path + "/ledger.conf" }

    /// Creates an empty ledger; refuses a directory that already holds one.
    public func initialize(origin: String) throws -> Ledger {
        guard !origin.isEmpty, !origin.contains("\n"), origin.unicodeScalars.allSatisfy({ $0.value >= 0x21 && $0.value != 0x7F }) else {
            throw LedgerStoreError(.invalidRequest, "origin must be one line of printable characters without spaces")
        }
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        guard !FileManager.default.fileExists(atPath: configPath) else {
            throw LedgerStoreError(.alreadyInitialized, "\(path) already holds a ledger")
        }
        let store = try SQLiteLedgerStore(path: databasePath, create: true)
        // The field key exists from the start so that every receipt of this ledger protects a
        // sensitive value the same way (searchable by its keyed hash, never in the clear).
        var key = try SecureRandom.bytes(32)
        defer { SealedSecret.wipe(&key) }
        guard FileManager.default.createFile(atPath: fieldKeyPath, contents: Data(key), attributes: [.posixPermissions: 0o600]) else {
            throw LedgerStoreError(.io, "\(fieldKeyPath): cannot create")
        }
        let text = "# evident ledger (docs/ledger-store.md)\norigin = \(origin)\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: configPath), options: .atomic)
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

    public func open() throws -> Ledger {
        guard let text = try? String(contentsOfFile: configPath, encoding: .utf8) else {
            throw LedgerStoreError(.notInitialized, "\(path) holds no ledger (run `evident ledger init --dir \(path)`)")
        }
        var origin: String?
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2 && parts[0] == "origin" { origin = parts[1] }
        }
        guard let origin, !origin.isEmpty else { throw LedgerStoreError(.corrupt, "\(configPath): no origin") }
        return Ledger(store: try SQLiteLedgerStore(path: databasePath), origin: origin)
    }
}
