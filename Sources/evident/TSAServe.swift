import ArgumentParser
import EvidentCore
import EvidentCrypto
import EvidentDER
import EvidentServer
import EvidentTSP
import Logging

#if canImport(Glibc)
import Glibc
#endif

struct TSAServe: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve RFC 3161 over HTTP (POST application/timestamp-query), /healthz and /metrics.",
        discussion: "Stops gracefully on SIGINT or SIGTERM: in-flight requests finish, serials stay durable.")

    @Option(help: "TSA directory made by `evident tsa init`.") var dir: String
    @Option(help: "Address to listen on, HOST:PORT (port 0 picks a free one).") var listen: String = "127.0.0.1:3180"
    @Option(help: "Event-loop threads (default: one per core).") var threads: Int?
    @Option(help: "Log level: trace, debug, info, notice, warning, error.") var logLevel: String = "info"
    @Option(help: "Write the bound port to this file once listening (for scripts).") var portFile: String?
    @OptionGroup var passphrase: PassphraseOptions
    @OptionGroup var capacity: CapacityOptions
    @Option(
        name: .customLong("test-only-der-deviation"),
        help: ArgumentHelp(
            "TEST ONLY, never in production: sign tokens with this DER deviation some real TSAs emit (ordering-false-written, signed-attributes-unsorted; repeatable), so verifiers can be tested on them (testdata/conformance).",
            visibility: .hidden))
    var testOnlyDeviations: [String] = []

    /// The responder's test deviations by their option spelling.
    static let deviationNames: [String: TimeStampResponder.Deviation] = [
        "ordering-false-written": .orderingFalseWritten, "signed-attributes-unsorted": .signedAttributesUnsorted,
    ]

    func validate() throws {
        for name in testOnlyDeviations where Self.deviationNames[name] == nil {
            throw ValidationError(
                "--test-only-der-deviation: '\(name)' is not one of \(Self.deviationNames.keys.sorted().joined(separator: ", "))"
            )
        }
    }

    func run() throws {
        try CLI.guarding {
            let (host, port) = try ServerSetup.listenAddress(listen)
            let logger = try ServerSetup.logger("evident.tsa", level: logLevel)
            let responder: TimeStampResponder
            do {
                var (config, serials) = try TSADirectory(path: dir).load(passphrase: try passphrase.passphrase())
                config.deviations = Set(testOnlyDeviations.compactMap { Self.deviationNames[$0] })
                responder = try TimeStampResponder(configuration: config, serials: serials)
            } catch let e as SealedSecret.Failure {
                throw InputError("\(dir)/tsa.key.sealed: \(e)")
            }
            let server: TSAHTTPServer
            do {
                var options = TSAHTTPServer.Options(host: host, port: port, capacity: capacity.capacity)
                if let threads { options.threads = threads }
                server = try TSAHTTPServer(
                    responder: responder, metrics: TSAMetrics(), logger: logger, options: options)
            } catch {
                throw InputError("--listen \(listen): \(error)")
            }
            if !testOnlyDeviations.isEmpty {
                logger.warning(
                    "TEST ONLY: tokens are signed with DER deviations",
                    metadata: ["deviations": "\(testOnlyDeviations.sorted().joined(separator: ","))"])
            }
            logger.info(
                "listening",
                metadata: [
                    "address": "\(host):\(server.localPort)", "policy": "\(responder.configuration.defaultPolicy)",
                    "key": "\(responder.configuration.signerKey.kind.rawValue)",
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
