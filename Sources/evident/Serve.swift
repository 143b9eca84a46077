import ArgumentParser
import EvidentCrypto
import EvidentLedger
import EvidentPostgres
import EvidentSQLite
import EvidentServer
import EvidentTSP
import Foundation
import Logging

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract:
            "Serve the ledger over HTTP: the JSON API (docs/openapi.yaml), the compliance web page, /metrics, optionally RFC 3161.",
        discussion: """
            Every API route needs `Authorization: Bearer TOKEN` with the route's scope (mint, read, export, admin); make
            tokens with `evident serve token add`. The token file holds only their SHA-256 hashes. Mint requests wait in a
            bounded queue for group commit and are answered only once durable; a full queue answers 503 with Retry-After.
            --store sqlite:PATH or postgres://USER@HOST[:PORT]/DB[?schema=NAME] overrides the directory's store; several
            servers (on several machines) may share one PostgreSQL store. Stops gracefully on SIGINT or SIGTERM (queued
            mints commit first).
            """,
        subcommands: [ServeRun.self, ServeToken.self], defaultSubcommand: ServeRun.self)
}
