import EvidentCore
import EvidentCrypto
import EvidentDER

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The on-disk state of a built-in TSA (`evident tsa init` / `evident tsa serve`):
///
/// ```
/// DIR/tsa.conf           key = value settings (policy, accepted policies, accuracy, key type)
/// DIR/tsa.pem            the TSA certificate (critical EKU timeStamping, digitalSignature, not a CA)
/// DIR/chain.pem          certificates sent after it (intermediates, root)
/// DIR/root.pem           the root to give verifiers (--ca-file), when init made one
/// DIR/tsa.key            PKCS#8 PEM, mode 0600 — or tsa.key.sealed (Argon2id + secretbox)
/// DIR/root.key[.sealed]  the root's key, same rules (init-made roots only)
/// DIR/serial             serial high-water mark (SerialNumberSource)
/// ```
public struct TSADirectory: Sendable {
    public let path: String

    /// What fails here: a code to match on and a detail that reads as a sentence.
    public typealias Failure = CodedFailure<TSADirectory>

    public init(path: String) { self.path = path }

    func file(_ name: String) -> String { path + "/" + name }

    /// Creates a root CA and a TSA certificate (validity: root 20 years, TSA 10 years).
    public func initialize(
        keyKind: PrivateKey.Kind, subject: [(String, String)], policy: OID, passphrase: [UInt8]?, now: Int64
    ) throws {
        try prepareEmptyDirectory()
        let rootKey = try PrivateKey.generate(keyKind)
        let tsaKey = try PrivateKey.generate(keyKind)
        let org = subject.first { $0.0 == "O" }?.1 ?? "Evident"
        let root = try CertificateIssuer.issue(
            .init(
                subject: [("O", org), ("CN", "\(org) Time-Stamping Root CA")],
                serial: try SecureRandom.bytes(16).positive(),
                notBefore: now - 3600, notAfter: now + 20 * 365 * 86_400,
                extensions: [
                    ("basicConstraints", "critical,CA:TRUE"), ("keyUsage", "critical,keyCertSign,cRLSign"),
                    ("subjectKeyIdentifier", "hash"),
                ]),
            subjectKey: rootKey, issuerKey: rootKey, issuer: nil)
        let tsa = try CertificateIssuer.issue(
            .init(
                subject: subject, serial: try SecureRandom.bytes(16).positive(), notBefore: now - 3600,
                notAfter: now + 10 * 365 * 86_400,
                extensions: [
                    ("basicConstraints", "critical,CA:FALSE"), ("keyUsage", "critical,digitalSignature"),
                    ("extendedKeyUsage", "critical,timeStamping"), ("subjectKeyIdentifier", "hash"),
                    ("authorityKeyIdentifier", "keyid"),
                ]),
            subjectKey: tsaKey, issuerKey: rootKey, issuer: root)
        try writeKey(rootKey, name: "root.key", passphrase: passphrase)
        try writeKey(tsaKey, name: "tsa.key", passphrase: passphrase)
        try write("root.pem", Array(root.pem.utf8), mode: 0o644)
        try write("chain.pem", Array(root.pem.utf8), mode: 0o644)
        try write("tsa.pem", Array(tsa.pem.utf8), mode: 0o644)
        try writeConfig(policy: policy, keyKind: keyKind)
    }

    /// Adopts an existing TSA key and certificate chain (PEM), checking that the key matches the
    /// certificate and that the certificate is fit for time-stamping (critical EKU timeStamping only).
    public func adopt(
        keyPEM: [UInt8], certificatePEM: [UInt8], chainPEM: [UInt8]?, policy: OID, passphrase: [UInt8]?
    ) throws {
        let key = try PrivateKey(pem: keyPEM)
        let certs = try PEM.certificates(certificatePEM)
        guard let cert = certs.first, key.matches(cert) else {
            throw Failure(.keyMismatch, "the key does not match the certificate")
        }
        let view = try Certificate(derEncoded: cert.derBytes)
        guard let eku = view.extension(.extendedKeyUsage), eku.critical,
            (try? DERParser.parse(eku.value).sequence().map { try $0.objectIdentifier() }) == [.kpTimeStamping]
        else {
            throw Failure(
                .notTimeStamping,
                "the certificate's extended key usage must be exactly id-kp-timeStamping, critical (RFC 3161 §2.3)")
        }
        let chain = try chainPEM.map(PEM.certificates) ?? Array(certs.dropFirst())
        try prepareEmptyDirectory()
        try writeKey(key, name: "tsa.key", passphrase: passphrase)
        try write("tsa.pem", Array(cert.pem.utf8), mode: 0o644)
        try write("chain.pem", Array(chain.map(\.pem).joined().utf8), mode: 0o644)
        try writeConfig(policy: policy, keyKind: key.kind)
    }

    /// Loads everything `tsa serve` needs.
    public func load(passphrase: [UInt8]?) throws -> (TimeStampResponder.Configuration, SerialNumberSource) {
        let settings = try readConfig()
        guard let policyText = settings["policy"], let policy = try? OID(dotted: policyText) else {
            throw Failure(.invalidConfiguration, "\(file("tsa.conf")): no valid policy")
        }
        let key: PrivateKey
        if access(file("tsa.key.sealed"), F_OK) == 0 {
            guard let passphrase else {
                throw Failure(.passphraseNeeded, "the TSA key is sealed: a passphrase is needed")
            }
            var pem = try SealedSecret.open(try read("tsa.key.sealed"), passphrase: passphrase)
            defer { SealedSecret.wipe(&pem) }
            key = try PrivateKey(pem: pem)
        } else {
            var pem = try read("tsa.key")
            defer { SealedSecret.wipe(&pem) }
            key = try PrivateKey(pem: pem)
        }
        let cert = try PEM.certificates(try read("tsa.pem"))[0]
        let chainBytes = try read("chain.pem")
        let chain = chainBytes.isEmpty ? [] : try PEM.certificates(chainBytes)
        var config = TimeStampResponder.Configuration(
            signerKey: key, signerCertificate: cert, chain: chain, defaultPolicy: policy)
        config.acceptedPolicies = (settings["accepted_policies"] ?? "").split(separator: ",").compactMap {
            try? OID(dotted: String($0).trimmingCharacters(in: " "))
        }
        if let acc = settings["accuracy_seconds"].flatMap(Int.init) {
            config.accuracy = Accuracy(
                seconds: acc > 0 ? acc : nil,
                millis: settings["accuracy_millis"].flatMap(Int.init).flatMap { $0 > 0 ? $0 : nil })
        }
        let serials = try SerialNumberSource(path: file("serial"))
        return (config, serials)
    }

    /// A CRL signed by the root `init` made: empty, or revoking the TSA certificate from
    /// `revokeTSA` (seconds, with a CRLReason). Verifiers are given it out of band
    /// (`verify --crl`): the built-in TSA names no distribution point.
    public func issueCRL(
        passphrase: [UInt8]?, revokeTSA: (at: Int64, reason: Int)?, now: Int64, validity: Int64
    ) throws -> X509CRL {
        guard access(file("root.pem"), F_OK) == 0 else {
            throw Failure(.noRoot, "\(path) has no root made by `tsa init`: its CA issues the CRLs")
        }
        let root = try PEM.certificates(try read("root.pem"))[0]
        var pem: [UInt8]
        if access(file("root.key.sealed"), F_OK) == 0 {
            guard let passphrase else {
                throw Failure(.passphraseNeeded, "the root key is sealed: a passphrase is needed")
            }
            pem = try SealedSecret.open(try read("root.key.sealed"), passphrase: passphrase)
        } else {
            pem = try read("root.key")
        }
        defer { SealedSecret.wipe(&pem) }
        let key = try PrivateKey(pem: pem)
        var revoked: [CRLIssuer.Revoked] = []
        if let revokeTSA {
            let tsa = try Certificate(derEncoded: PEM.certificates(try read("tsa.pem"))[0].derBytes)
            revoked.append(
                .init(serial: Array(tsa.serialNumber.magnitude), revokedAt: revokeTSA.at, reason: revokeTSA.reason))
        }
        return try CRLIssuer.issue(
            issuer: root, key: key, revoked: revoked, thisUpdate: now, nextUpdate: now + validity)
    }

    // MARK: files

    func prepareEmptyDirectory() throws {
        mkdir(path, 0o755)
        for name in ["tsa.pem", "tsa.key", "tsa.key.sealed", "tsa.conf"] where access(file(name), F_OK) == 0 {
            throw Failure(.exists, "\(path) already holds a TSA (\(name)); refusing to overwrite it")
        }
    }

    func writeKey(_ key: PrivateKey, name: String, passphrase: [UInt8]?) throws {
        var pem = try key.pkcs8PEM()
        defer { SealedSecret.wipe(&pem) }
        if let passphrase {
            try write(name + ".sealed", try SealedSecret.seal(pem, passphrase: passphrase), mode: 0o600)
        } else {
            try write(name, pem, mode: 0o600)
        }
    }

    func writeConfig(policy: OID, keyKind: PrivateKey.Kind) throws {
        let text = """
            # evident tsa configuration (docs/tsa.md)
            policy = \(policy)
            accepted_policies =
            accuracy_seconds = 1
            accuracy_millis = 0
            key_type = \(keyKind.rawValue)

            """
        try write("tsa.conf", Array(text.utf8), mode: 0o644)
    }

    func readConfig() throws -> [String: String] {
        let text = String(decoding: try read("tsa.conf"), as: UTF8.self)
        var out: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let eq = line.firstIndex(of: "=") else { continue }
            out[String(line[..<eq]).trimmingCharacters(in: " ")] = String(line[line.index(after: eq)...])
                .trimmingCharacters(in: " ")
        }
        return out
    }

    func read(_ name: String) throws -> [UInt8] {
        guard let f = fopen(file(name), "rb") else {
            throw Failure(.io, "\(file(name)): cannot open: \(String(cString: strerror(errno)))")
        }
        defer { fclose(f) }
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buf, 1, buf.count, f)
            if n > 0 { out += buf[0..<n] }
            if n < buf.count { break }
        }
        return out
    }

    /// Writes with `mode` from creation (a key is never world-readable, even briefly): DurableFile.
    func write(_ name: String, _ bytes: [UInt8], mode: mode_t) throws {
        try DurableFile.write(bytes, to: file(name), mode: mode)
    }
}

extension Array where Element == UInt8 {
    /// Clears the top bit so the bytes read as a positive INTEGER (certificate serials, RFC 5280 §4.1.2.2).
    func positive() -> [UInt8] {
        var b = self
        if !b.isEmpty { b[0] &= 0x7F }
        if b.first == 0 { b[0] = 1 }
        return b
    }
}

extension ErrorCode where Owner == TSADirectory {
    public static let keyMismatch = Self("key-mismatch")
    public static let notTimeStamping = Self("not-a-time-stamping-certificate")
    public static let invalidConfiguration = Self("invalid-configuration")
    public static let passphraseNeeded = Self("passphrase-needed")
    public static let noRoot = Self("no-root")
    public static let exists = Self("exists")
    public static let io = Self("io")
}
