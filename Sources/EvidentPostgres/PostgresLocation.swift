import EvidentLedger
import Foundation
import NIOSSL
import PostgresNIO

/// Where a PostgreSQL ledger lives, from a libpq-style URL:
///
///     postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?schema=NAME&sslmode=MODE&sslrootcert=PATH&connect_timeout=S&pool=N&query_timeout=S]
///
/// `sslmode` is `disable` (the default for a loopback host), `require` (encrypt and verify the
/// server's certificate and name against the system's roots or `sslrootcert`; the default for
/// any other host) or `verify-full` (the same). There is no mode that encrypts without verifying.
/// A password is better given in the `PGPASSWORD` environment variable than in a command line.
/// `schema` keeps a ledger in its own schema, so one database can hold several ledgers.
public struct PostgresLocation: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var schema: String
    public var tls: Bool
    public var rootCertificatePath: String?
    public var connectTimeoutSeconds: Int
    /// Most connections one process opens to the server.
    public var poolSize: Int
    /// How long one statement may take before the connection is given up (client side).
    public var queryTimeoutSeconds: Int

    public init(url: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://"), let c = URLComponents(string: url),
            let host = c.host, !host.isEmpty
        else {
            throw LedgerStoreError(
                .invalidRequest,
                "not a PostgreSQL URL (postgres://USER@HOST[:PORT]/DATABASE): \(PostgresLocation.redacted(url))")
        }
        self.host = host
        port = c.port ?? 5432
        guard let user = c.user, !user.isEmpty else {
            throw LedgerStoreError(.invalidRequest, "the PostgreSQL URL names no user")
        }
        self.user = user.removingPercentEncoding ?? user
        password = c.password.map { $0.removingPercentEncoding ?? $0 } ?? environment["PGPASSWORD"]
        let db = String(c.path.drop(while: { $0 == "/" }))
        database = db.isEmpty ? self.user : db
        let query = Dictionary(
            (c.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, last in last })
        for name in query.keys
        where !["schema", "sslmode", "sslrootcert", "connect_timeout", "pool", "query_timeout"].contains(name) {
            throw LedgerStoreError(.invalidRequest, "unknown PostgreSQL URL parameter \(name)")
        }
        schema = query["schema"] ?? "evident"
        guard !schema.isEmpty, schema.utf8.count <= 63,
            schema.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F })
        else {
            throw LedgerStoreError(.invalidRequest, "schema must be 1…63 characters of a-z, 0-9 and _")
        }
        let loopback = host == "127.0.0.1" || host == "::1" || host == "localhost"
        switch query["sslmode"] ?? (loopback ? "disable" : "require") {
        case "disable": tls = false
        case "require", "verify-full": tls = true
        case let other:
            throw LedgerStoreError(.invalidRequest, "sslmode \(other) is not supported (disable, require, verify-full)")
        }
        rootCertificatePath = query["sslrootcert"]
        guard let timeout = Int(query["connect_timeout"] ?? "10"), (1...300).contains(timeout) else {
            throw LedgerStoreError(.invalidRequest, "connect_timeout must be 1…300 seconds")
        }
        connectTimeoutSeconds = timeout
        guard let pool = Int(query["pool"] ?? "8"), (1...256).contains(pool) else {
            throw LedgerStoreError(.invalidRequest, "pool must be 1…256 connections")
        }
        poolSize = pool
        guard let q = Int(query["query_timeout"] ?? "60"), (1...3600).contains(q) else {
            throw LedgerStoreError(.invalidRequest, "query_timeout must be 1…3600 seconds")
        }
        queryTimeoutSeconds = q
    }

    /// `evident:SCHEMA`, as pg_stat_activity shows this store's connections.
    public var applicationName: String { "evident:" + schema }

    /// The URL without its password.
    public var description: String { "postgres://\(user)@\(host):\(port)/\(database)?schema=\(schema)" }

    /// `url` with any password removed (for configuration files and messages).
    public static func withoutPassword(_ url: String) -> String {
        guard var c = URLComponents(string: url), c.password != nil else { return url }
        c.password = nil
        return c.string ?? url
    }

    static func redacted(_ url: String) -> String {
        guard var c = URLComponents(string: url), c.password != nil else { return url }
        c.password = "***"
        return c.string ?? "(unprintable URL)"
    }

    func configuration() throws -> PostgresConnection.Configuration {
        let mode: PostgresConnection.Configuration.TLS
        if tls {
            var t = TLSConfiguration.makeClientConfiguration()
            t.certificateVerification = .fullVerification
            if let rootCertificatePath { t.trustRoots = .file(rootCertificatePath) }
            do { mode = .require(try NIOSSLContext(configuration: t)) } catch {
                throw LedgerStoreError(.invalidRequest, "TLS set-up for \(host): \(error)")
            }
        } else {
            mode = .disable
        }
        var config = PostgresConnection.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: mode)
        config.options.connectTimeout = .seconds(Int64(connectTimeoutSeconds))
        // The schema in the application name lets an operator (and the tests) tell ledgers apart
        // in pg_stat_activity.
        config.options.additionalStartupParameters = [("search_path", schema), ("application_name", applicationName)]
        return config
    }
}
