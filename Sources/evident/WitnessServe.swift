import ArgumentParser
import EvidentCore
import EvidentLedger
import EvidentSQLite
import EvidentServer
import Logging

struct WitnessServe: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve c2sp.org/tlog-witness add-checkpoint and the monitoring checkpoint, /healthz, /metrics.",
        discussion:
            "Stops gracefully on SIGINT or SIGTERM. The state (DIR/witness.sqlite) is durable before every 200.")

    @Option(help: "Witness directory made by `evident witness init`.") var dir: String
    @Option(help: "Address to listen on, HOST:PORT (port 0 picks a free one).") var listen: String = "127.0.0.1:3190"
    @Option(help: "The log list (tlog-policy `log` lines; default DIR/logs.policy).") var logs: String?
    @Option(help: "URL path prefix of add-checkpoint and the monitoring checkpoint (e.g. /w1).") var prefix: String = ""
    @Option(help: "Event-loop threads (default: one per core).") var threads: Int?
    @Option(help: "Threads that decide and record add-checkpoint requests.") var workers: Int = 4
    @Option(help: "Close a connection idle (no read or write) for this many seconds.") var idleTimeout: Int64 = 30
    @Option(help: "Log level: trace, debug, info, notice, warning, error.") var logLevel: String = "info"
    @Option(help: "Append one JSON line per request to this file, or - for stdout.") var accessLog: String?
    @Option(help: "Write the bound port to this file once listening (for scripts).") var portFile: String?
    @OptionGroup var passphrase: PassphraseOptions
    @OptionGroup var capacity: CapacityOptions

    func validate() throws {
        if !prefix.isEmpty && (!prefix.hasPrefix("/") || prefix.hasSuffix("/")) {
            throw ValidationError("--prefix starts with / and does not end with one (e.g. /w1), or is empty")
        }
        guard idleTimeout > 0, workers > 0 else { throw ValidationError("--idle-timeout and --workers must be ≥ 1") }
    }

    func run() throws {
        try CLI.guarding {
            let (host, port) = try ServerSetup.listenAddress(listen)
            let logger = try ServerSetup.logger("evident.witness", level: logLevel)
            let directory = WitnessDirectory(path: dir)
            let signer = try directory.signer(key: try LedgerKeys.secret(directory.keyFile, passphrase: passphrase))
            let logKeys = try WitnessLogList.keys(logs ?? directory.logsFile, option: "--logs")
            try directory.makeEvidenceDirectory()
            let witness = try Witness(
                signer: signer, logKeys: logKeys, store: try SQLiteWitnessStore(path: directory.stateFile))
            let server: WitnessHTTPServer
            do {
                var options = WitnessHTTPServer.Options(
                    host: host, port: port, workers: workers, prefix: prefix, idleTimeoutSeconds: idleTimeout,
                    capacity: capacity.capacity)
                if let threads { options.threads = threads }
                server = try WitnessHTTPServer(
                    witness: witness, evidence: directory.evidence, metrics: WitnessMetrics(),
                    accessLog: try accessLog.map { try AccessLog(path: $0) }, logger: logger, options: options)
            } catch let e as AccessLog.Failure {
                throw e
            } catch {
                throw InputError("--listen \(listen): \(error)")
            }
            logger.info(
                "listening",
                metadata: [
                    "address": "\(host):\(server.localPort)", "witness": "\(signer.verifierKey.vkey)",
                    "logs": "\(witness.logs.keys.sorted().map(\.text).joined(separator: ","))",
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
