import EvidentLedger
import EvidentPostgres
import EvidentSQLite
import EvidentTestSupport
import Foundation
import Testing

/// The two ledger stores; every test of the store suite runs against each.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    var testDescription: String { rawValue }

    /// A new, empty store, and a way to open the same store again (a second connection, as a
    /// second process would have).
    func make() throws -> (store: any LedgerStore, reopen: @Sendable () throws -> any LedgerStore) {
        switch self {
        case .sqlite:
            let path = try TestSupport.temporaryDirectory().appendingPathComponent("ledger.sqlite").path
            return (try SQLiteLedgerStore(path: path, create: true), { try SQLiteLedgerStore(path: path) })
        case .postgres:
            let location = try PostgresLocation(url: TestPostgres.freshURL())
            return (
                try PostgresLedgerStore(location: location, create: true, origin: "evident.test/ledger"),
                { try PostgresLedgerStore(location: location) }
            )
        }
    }

    /// Creating the same store again must be refused.
    func recreate(like reopen: () throws -> any LedgerStore) throws {
        let existing = try reopen()
        switch existing {
        case let s as SQLiteLedgerStore: _ = try SQLiteLedgerStore(path: s.path, create: true)
        case let p as PostgresLedgerStore:
            _ = try PostgresLedgerStore(location: p.location, create: true, origin: p.origin)
        default: Issue.record("unknown store \(type(of: existing))")
        }
    }
}
