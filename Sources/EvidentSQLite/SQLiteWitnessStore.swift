import EvidentCore
import EvidentLedger
import Foundation
import GRDB

/// A witness's state (docs/witness.md): one SQLite file, WAL mode, `synchronous = FULL`, so a
/// record replaced before a 200 survives a crash or power loss. Table `witness_logs (origin,
/// size, root, note, updated_at)`; ``replace(origin:expected:with:)`` is the compare-and-swap
/// of c2sp.org/tlog-witness: inside `BEGIN IMMEDIATE`, the row changes only if it still holds
/// the expected size and root (or, for a first checkpoint, does not exist yet).
public final class SQLiteWitnessStore: WitnessStateStore, @unchecked Sendable {
    public typealias Failure = CodedFailure<SQLiteWitnessStore>
    public static let formatVersion = 1

    let pool: DatabasePool
    public let path: String

    /// Opens the state file, creating it (and its schema) when it does not exist.
    public init(path: String) throws {
        self.path = path
        var config = Configuration()
        config.busyMode = .timeout(SQLiteLedgerStore.busyTimeout)
        config.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        do {
            pool = try DatabasePool(path: path, configuration: config)
            try pool.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    try db.execute(
                        sql: """
                            CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value ANY NOT NULL) STRICT;
                            CREATE TABLE IF NOT EXISTS witness_logs (
                              origin TEXT PRIMARY KEY, size INTEGER NOT NULL, root BLOB NOT NULL,
                              note BLOB NOT NULL, updated_at INTEGER NOT NULL) STRICT;
                            INSERT OR IGNORE INTO meta (key, value) VALUES ('witness-format', \(Self.formatVersion));
                            """)
                    return .commit
                }
            }
            let version = try pool.read { db in
                try Int.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'witness-format'")
            }
            guard version == Self.formatVersion else {
                throw Failure(
                    .corrupt,
                    "\(path): witness state format \(version.map(String.init) ?? "missing"), this build reads \(Self.formatVersion)"
                )
            }
        } catch let e as Failure {
            throw e
        } catch {
            throw Failure(.io, "\(path): \(error)")
        }
    }

    public func record(origin: String) throws -> WitnessRecord? {
        let row = try wrap {
            try pool.read { db in
                try Row.fetchOne(
                    db, sql: "SELECT size, root, note FROM witness_logs WHERE origin = ?", arguments: [origin])
            }
        }
        guard let row else { return nil }
        let size: Int64 = row["size"], root: Data = row["root"], note: Data = row["note"]
        do {
            return WitnessRecord(size: UInt64(bitPattern: size), root: try MerkleHash(Array(root)), note: Array(note))
        } catch {
            throw Failure(.corrupt, "\(path): the record of \(origin) has a root of \(root.count) bytes")
        }
    }

    public func replace(origin: String, expected: WitnessRecord?, with new: WitnessRecord) throws -> Bool {
        try wrap {
            try pool.writeWithoutTransaction { db in
                var changed = false
                try db.inTransaction(.immediate) {
                    let now = WallClock.seconds()
                    let values: [(any DatabaseValueConvertible)?] = [
                        Int64(bitPattern: new.size), Data(new.root.bytes), Data(new.note), now,
                    ]
                    if let expected {
                        try db.execute(
                            sql:
                                "UPDATE witness_logs SET size = ?, root = ?, note = ?, updated_at = ? WHERE origin = ? AND size = ? AND root = ?",
                            arguments: StatementArguments(
                                values + [origin, Int64(bitPattern: expected.size), Data(expected.root.bytes)]))
                    } else {
                        try db.execute(
                            sql:
                                "INSERT OR IGNORE INTO witness_logs (size, root, note, updated_at, origin) VALUES (?, ?, ?, ?, ?)",
                            arguments: StatementArguments(values + [origin]))
                    }
                    changed = db.changesCount == 1
                    return changed ? .commit : .rollback
                }
                return changed
            }
        }
    }

    private func wrap<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as Failure { throw e } catch { throw Failure(.io, "\(path): \(error)") }
    }
}

extension ErrorCode where Owner == SQLiteWitnessStore {
    public static let io = Self("io")
    public static let corrupt = Self("corrupt")
}
