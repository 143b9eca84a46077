import ArgumentParser
import EvidentCore
import EvidentDER
import EvidentLedger
import EvidentPostgres
import EvidentSQLite
import EvidentTSP

struct LedgerInit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract:
            "Create an empty ledger: SQLite in the directory (WAL, synchronous FULL), or a shared PostgreSQL store.",
        discussion: """
            With --store postgres://USER@HOST[:PORT]/DB[?schema=NAME&sslmode=require], the receipts live in that \
            database (created there; several machines then share it, each with a ledger directory naming the same \
            store and origin: run init once with --store, and with --store --join on every other machine). Give a \
            password in PGPASSWORD, not in the URL.
            """)
    @OptionGroup var ledger: LedgerOptions
    @Option(help: "Checkpoint origin line, unique per log (e.g. example.org/ledger/prod).") var origin: String
    @Option(help: "A shared store instead of ledger.sqlite: postgres://USER@HOST[:PORT]/DB[?schema=NAME].") var store:
        String?
    @Flag(help: "With --store: use the ledger already in that store (same origin) instead of creating it.") var join =
        false

    func run() throws {
        try CLI.guarding {
            do {
                try LedgerDirectory.checkOrigin(origin)
                var shared: (any LedgerStore)?
                if let store {
                    let location = try PostgresLocation(url: store)
                    shared = try PostgresLedgerStore(location: location, create: !join, origin: origin)
                } else if join {
                    throw InputError("--join needs --store")
                }
                _ = try LedgerDirectory(path: ledger.dir).initialize(
                    origin: origin, sharedStore: shared, storeURL: store.map(PostgresLocation.withoutPassword))
            }
            print(
                "ledger \(join ? "joined" : "created") in \(ledger.dir) (origin \(origin)\(store.map { ", store \(PostgresLocation.withoutPassword($0))" } ?? ""))"
            )
        }
    }
}
