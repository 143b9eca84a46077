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

struct TSA: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tsa", abstract: "The built-in RFC 3161 time-stamping authority.",
        subcommands: [TSAInit.self, TSAServe.self, TSACRL.self])
}

extension PrivateKey.Kind: ExpressibleByArgument {}

struct TSAInit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a TSA: a root CA and a TSA certificate (or adopt an existing key and chain).",
        discussion: """
            Keys are written 0600; with a passphrase they are sealed (Argon2id + XSalsa20-Poly1305).
            DIR/root.pem is what verifiers trust (--tsa-roots). docs/tsa.md describes the directory.
            """)

    @Option(help: "TSA directory (created; must not hold a TSA already).") var dir: String
    @Option(help: "Key type for a new root and TSA key.") var keyType: PrivateKey.Kind = .ecP256
    @Option(help: "TSA certificate subject, /O=…/CN=… form.") var subject: String = "/O=Evident/CN=Evident TSA"
    @Option(help: "The TSA policy OID put in every token.") var policy: String = "1.3.6.1.4.1.99999.1"
    @Option(name: .customLong("adopt-key"), help: "Adopt this PEM private key instead of generating one (with --cert).")
    var key: String?
    @Option(help: "Adopt this PEM TSA certificate (with --key).") var cert: String?
    @Option(help: "PEM certificates to send after the TSA certificate (with --key).") var chain: String?
    @OptionGroup var passphrase: PassphraseOptions

    func validate() throws {
        if (key == nil) != (cert == nil) { throw ValidationError("--adopt-key and --cert go together") }
        if chain != nil && key == nil { throw ValidationError("--chain goes with --adopt-key and --cert") }
    }

    func run() throws {
        try CLI.guarding {
            let pass = try passphrase.passphrase()
            let oid: OID
            do { oid = try OID(dotted: policy) } catch { throw InputError("--policy: '\(policy)' is not a dotted OID") }
            let tsa = TSADirectory(path: dir)
            do {
                if let key, let cert {
                    try tsa.adopt(
                        keyPEM: try CLI.readFile(key, limit: 1 << 16),
                        certificatePEM: try CLI.readFile(cert, limit: 1 << 20),
                        chainPEM: try chain.map { try CLI.readFile($0, limit: 1 << 20) }, policy: oid, passphrase: pass)
                } else {
                    try tsa.initialize(
                        keyKind: keyType, subject: try TSAInit.parseSubject(subject), policy: oid, passphrase: pass,
                        now: Int64(time(nil)))
                }
            }
            print(
                "TSA created in \(dir) (\(key == nil ? keyType.rawValue : "adopted key"), policy \(oid)\(pass == nil ? "" : ", key sealed"))"
            )
            if key == nil { print("Verifiers trust \(dir)/root.pem") }
        }
    }

    static func parseSubject(_ text: String) throws -> [(String, String)] {
        let parts = text.split(separator: "/").filter { !$0.isEmpty }
        let pairs = try parts.map { part -> (String, String) in
            guard let eq = part.firstIndex(of: "="), eq != part.startIndex else {
                throw InputError("--subject: '\(part)' is not NAME=value")
            }
            return (String(part[..<eq]), String(part[part.index(after: eq)...]))
        }
        guard !pairs.isEmpty else { throw InputError("--subject: empty") }
        return pairs
    }
}

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

    func run() throws {
        try CLI.guarding {
            let (host, port) = try ServerSetup.listenAddress(listen)
            let logger = try ServerSetup.logger("evident.tsa", level: logLevel)
            let responder: TimeStampResponder
            do {
                let (config, serials) = try TSADirectory(path: dir).load(passphrase: try passphrase.passphrase())
                responder = try TimeStampResponder(configuration: config, serials: serials)
            } catch let e as SealedSecret.Failure {
                throw InputError("\(dir)/tsa.key.sealed: \(e)")
            }
            let server: TSAHTTPServer
            do {
                server = try TSAHTTPServer(
                    responder: responder, metrics: TSAMetrics(), logger: logger,
                    options: threads.map { .init(host: host, port: port, threads: $0) } ?? .init(host: host, port: port)
                )
            } catch {
                throw InputError("--listen \(listen): \(error)")
            }
            logger.info(
                "listening",
                metadata: [
                    "address": "\(host):\(server.localPort)", "policy": "\(responder.configuration.defaultPolicy)",
                    "key": "\(responder.configuration.signerKey.kind.rawValue)",
                ])
            if let portFile { try CLI.writeFileAtomically(portFile, Array("\(server.localPort)\n".utf8)) }
            Signals.onTerminate { server.shutdown() }
            try server.wait()
            logger.info("stopped")
        }
    }
}

/// `evident tsa crl`: a CRL from the TSA's own root, for verifiers to be given out of band.
struct TSACRL: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crl",
        abstract: "Issue a CRL signed by the TSA's root (empty, or revoking the TSA certificate), PEM.",
        discussion: """
            The built-in TSA's certificate names no CRL distribution point, so bundle verification (which requires revocation
            data for every TSA certificate) is given this file with `evident verify --crl`. With --revoke-tsa the TSA
            certificate is listed as revoked from --revoked-at: anchors with a genTime from then on no longer verify.
            """)
    @Option(help: "TSA directory (made by `tsa init`).") var dir: String
    @OptionGroup var passphrase: PassphraseOptions
    @Flag(help: "List the TSA certificate as revoked.") var revokeTsa = false
    @Option(help: "When the TSA certificate was revoked (RFC 3339 UTC; default now).") var revokedAt: String?
    @Option(help: "RFC 5280 CRLReason code (1 keyCompromise by default).") var reason: Int = 1
    @Option(help: "Days until nextUpdate.") var days: Int = 30
    @Option(name: .shortAndLong, help: "The CRL file to write (PEM).") var output: String

    func validate() throws {
        if !(0...10).contains(reason) || reason == 7 {
            throw ValidationError("--reason must be an RFC 5280 CRLReason (0-6, 8-10)")
        }
        if days < 1 || days > 3650 { throw ValidationError("--days must be 1…3650") }
        if revokedAt != nil && !revokeTsa { throw ValidationError("--revoked-at goes with --revoke-tsa") }
    }

    func run() throws {
        try CLI.guarding {
            let now = WallClock.seconds()
            let at = try revokedAt.map { try CLI.time($0, "--revoked-at").millisecondsSinceEpoch / 1000 } ?? now
            let crl: X509CRL
            do {
                crl = try TSADirectory(path: dir).issueCRL(
                    passphrase: try passphrase.passphrase(), revokeTSA: revokeTsa ? (at, reason) : nil,
                    now: now, validity: Int64(days) * 86_400)
            }
            try CLI.writeFileAtomically(output, Array(crl.pem.utf8))
            print(
                "CRL \(output): issued by \(crl.issuer)\(revokeTsa ? ", the TSA certificate revoked" : ", nothing revoked")"
            )
        }
    }
}
