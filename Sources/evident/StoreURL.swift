import EvidentLedger
import EvidentPostgres
import EvidentSQLite

/// Which store a ledger lives in, chosen in one place for every command (issue #15): the ledger
/// directory's own (`ledger.sqlite`, or the `store = postgres://…` its ledger.conf names), or a
/// URL that overrides it — `sqlite:PATH` or `postgres://` / `postgresql://`.
enum StoreURL {
    static func isPostgres(_ url: String) -> Bool { url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") }

    /// Opens a ledger. `url` overrides the directory's store; the origin comes from `origin` or
    /// the directory (a PostgreSQL store also records it and checks it).
    static func open(dir: String?, url override: String? = nil, origin: String? = nil) throws -> Ledger {
        do {
            let config = try dir.map { try LedgerDirectory(path: $0).config() }
            let url = override ?? config?.store
            if let url, isPostgres(url) {
                let store = try PostgresLedgerStore(
                    location: PostgresLocation(url: url), origin: origin ?? config?.origin)
                return Ledger(store: store, origin: store.origin)
            }
            if let url {
                guard url.hasPrefix("sqlite:"), url.count > 7 else {
                    throw InputError(
                        "store '\(PostgresLocation.withoutPassword(url))': give sqlite:PATH or postgres://…")
                }
                guard let origin = origin ?? config?.origin else {
                    throw InputError("--origin is required with --store sqlite:PATH and no --dir")
                }
                return Ledger(store: try SQLiteLedgerStore(path: String(url.dropFirst(7))), origin: origin)
            }
            guard let dir else { throw InputError("give --dir or --store") }
            return try LedgerDirectory(path: dir).open()
        }
    }
}
