import ArgumentParser
import EvidentCore
import EvidentCrypto
import EvidentLedger
import EvidentPostgres
import EvidentSQLite
import EvidentServer
import EvidentTSP
import Foundation
import Logging

struct ServeRun: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Run the server (the default).")

    @Option(help: "Ledger directory (its ledger.conf gives the origin and store; field.key lives there).") var dir:
        String?
    @Option(help: "The store: sqlite:PATH or postgres://… (default: the directory's).") var store: String?
    @Option(help: "Checkpoint origin, when neither --dir nor a PostgreSQL store gives it.") var origin: String?
    @Option(help: "Address to listen on, HOST:PORT (port 0 picks a free one).") var listen: String = "127.0.0.1:8180"
    @Option(name: .customLong("signing-key"), help: "The ledger signing key file (signs receipts and checkpoints).")
    var key: String
    @OptionGroup var passphrase: PassphraseOptions
    @Option(help: "The token file (lines `sha256:HEX SCOPES NAME`).") var tokens: String
    @Option(
        name: .customLong("ledger-key"), parsing: .upToNextOption,
        help: "Other ledger public keys and key records (other writers' keys, for verification and bundles).") var keys:
        [String] = []
    @Option(help: "Also answer RFC 3161 at POST /tsa with this TSA directory (from `evident tsa init`).") var tsaDir:
        String?
    @Option(help: "Passphrase file for a sealed TSA key.") var tsaPassphraseFile: String?
    @Flag(help: "Let /tsa answer without a token (RFC 3161 clients rarely send one).") var tsaPublic = false
    @Option(help: "Largest request body in bytes.") var maxBody: Int = 1 << 20
    @Option(help: "Most drafts waiting for group commit (then 503).") var queue: Int = 20_000
    @Option(help: "Most drafts per commit.") var batch: Int = 1000
    @Option(help: "Requests per second per token.") var rate: Double = 2000
    @Option(help: "Burst per token.") var burst: Double = 4000
    @Option(help: "Worker threads for requests.") var workers: Int = 64
    @Option(help: "Event-loop threads (default: one per core).") var threads: Int?
    @Option(help: "Close a connection idle (no read or write) for this many seconds.") var idleTimeout: Int64 = 120
    @Option(help: "Log level: trace, debug, info, notice, warning, error.") var logLevel: String = "info"
    @Option(
        help:
            "Append one JSON line per request (time, method, route, status, bytes, duration, token name — never the token) to this file, or - for stdout."
    )
    var accessLog: String?
    @OptionGroup var capacity: CapacityOptions
    @Option(help: "Most exports running or downloading at once (then 503).") var maxExports: Int = 4
    @Option(help: "Most exports one token runs or downloads at once (then 503).") var maxExportsPerToken: Int = 2
    @Option(help: "Cut off a download not finished within this many seconds (its staged file is deleted).")
    var downloadDeadline: Int64 = 600
    @Option(help: "Write the bound port to this file once listening (for scripts).") var portFile: String?

    func validate() throws {
        guard dir != nil || store != nil else { throw ValidationError("give --dir or --store") }
        guard (1...(1 << 30)).contains(maxBody) else { throw ValidationError("--max-body must be 1…2^30") }
        guard queue >= 1, (1...LedgerLimits.maxBatch).contains(batch) else {
            throw ValidationError("--queue must be ≥ 1 and --batch 1…\(LedgerLimits.maxBatch)")
        }
        guard rate > 0, burst >= 1, (1...1024).contains(workers) else {
            throw ValidationError("--rate > 0, --burst ≥ 1, --workers 1…1024")
        }
        guard (1...86_400).contains(idleTimeout), (1...86_400).contains(downloadDeadline) else {
            throw ValidationError("--idle-timeout and --download-deadline must be 1…86400 seconds")
        }
        guard (1...256).contains(maxExports), (1...256).contains(maxExportsPerToken) else {
            throw ValidationError("--max-exports and --max-exports-per-token must be 1…256")
        }
    }

    func run() throws {
        try CLI.guarding {
            let (host, port) = try ServerSetup.listenAddress(listen)
            let logger = try ServerSetup.logger("evident.serve", level: logLevel)

            let ledger = try StoreURL.open(dir: dir, url: store, origin: origin)
            let signing = try LedgerKeys.secret(key, passphrase: passphrase)
            var publicKeys = [signing.publicKey]
            var keyFiles = [try LedgerKeyFile.encodePublic(signing.publicKey)]
            if !keys.isEmpty {
                let (more, _) = try LedgerKeys.load(keys)
                publicKeys += more
                keyFiles += try keys.map { try CLI.readFile($0, limit: 1 << 20) }
            }
            let tokenSet = try APITokenFile(path: tokens)
            tokenSet.onProblem = { problem in
                if let problem {
                    logger.error(
                        "the token file is not valid: every API request is refused until it is fixed",
                        metadata: ["problem": "\(problem)"])
                } else {
                    logger.notice("the token file is valid again")
                }
            }
            if tokenSet.current.entries.isEmpty {
                logger.warning("the token file has no tokens: every API request will be refused")
            }

            var responder: TimeStampResponder?
            if let tsaDir {
                let p = try tsaPassphraseFile.map { try CLI.readFile($0, limit: 4096) }.map {
                    Array($0.prefix(while: { $0 != 0x0A && $0 != 0x0D }))
                }
                do {
                    let (config, serials) = try TSADirectory(path: tsaDir).load(passphrase: p)
                    responder = try TimeStampResponder(configuration: config, serials: serials)
                } catch let e as TSADirectory.Failure {
                    throw InputError(e.description)
                }
            }
            var limits = LedgerService.Limits()
            limits.maxBody = maxBody
            limits.queueCapacity = queue
            limits.commitBatch = batch
            limits.maxBatchDrafts = batch
            limits.rate = rate
            limits.burst = burst
            limits.maxExports = maxExports
            limits.maxExportsPerToken = maxExportsPerToken
            // Exports are staged in a private directory of our own (mkdtemp, 0700): a directory
            // someone else created first is never reused (issue #13, item 4).
            let exportDirectory = try DurableFile.privateDirectory(
                in: FileManager.default.temporaryDirectory.path, prefix: "evident-serve-")
            defer { try? FileManager.default.removeItem(atPath: exportDirectory) }
            // The field key (for ?sensitive=) lives in the ledger directory; without --dir there is none.
            let fieldKey = try dir.map { d -> SensitiveFieldKey in
                do { return try LedgerDirectory(path: d).fieldKey() } catch { throw InputError("\(error)") }
            }
            let service = try LedgerService(
                ledger: ledger, key: signing, verifierKeys: publicKeys, publicKeyFiles: keyFiles, tokens: tokenSet,
                limits: limits, responder: responder, tsaPublic: tsaPublic, exportDirectory: exportDirectory,
                fieldKey: fieldKey)
            service.accessLog = try accessLog.map { try AccessLog(path: $0) }
            service.capacity = capacity.capacity
            service.usage = TokenUsage(tokenFile: tokens)
            let server: LedgerHTTPServer
            do {
                var options = LedgerHTTPServer.Options(
                    host: host, port: port, workers: workers, idleTimeoutSeconds: idleTimeout,
                    downloadDeadlineSeconds: downloadDeadline)
                if let threads { options.eventLoops = threads }
                server = try LedgerHTTPServer(service: service, logger: logger, options: options)
            } catch {
                throw InputError("--listen \(listen): \(error)")
            }
            logger.info(
                "listening",
                metadata: [
                    "address": "\(host):\(server.localPort)", "origin": "\(ledger.origin)", "key": "\(signing.keyID)",
                    "tokens": "\(tokenSet.current.entries.count)", "tsa": "\(responder != nil)",
                ])
            if let portFile {
                try CLI.writeFileAtomically(portFile, Array("\(server.localPort)\n".utf8), existing: .replace)
            }
            Signals.onTerminate { server.shutdown() }
            try server.wait()
            logger.info("stopped")
        }
    }
}
