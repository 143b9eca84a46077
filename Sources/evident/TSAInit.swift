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
