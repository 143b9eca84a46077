import Foundation

/// A loopback TSA backed by `openssl ts -reply` (scripts/fake-tsa.py), with misbehaving modes
/// selected by URL path. One per test process, started on first use.
public final class FakeTSA: @unchecked Sendable {
    /// A TSA whose certificate names a CRL distribution point on this server.
    public static let shared: FakeTSA = {
        do { return try FakeTSA(ocsp: false) } catch { fatalError("cannot start the fake TSA: \(error)") }
    }()

    /// A TSA whose certificate names an OCSP responder (POST /ocsp) on this server.
    public static let withOCSP: FakeTSA = {
        do { return try FakeTSA(ocsp: true) } catch { fatalError("cannot start the fake TSA: \(error)") }
    }()

    /// The `openssl ocsp -index` database the responder answers from (copy index-valid.txt or
    /// index-revoked.txt over it).
    public var ocspIndex: URL { directory.appendingPathComponent("ocsp-index.txt") }

    public let directory: URL
    public let port: Int
    /// The demo root the fake TSA's certificate chains to.
    public var caFile: String { directory.appendingPathComponent("ca.pem").path }
    private let process: Process

    public func url(_ mode: String) -> String { "http://127.0.0.1:\(port)/\(mode)" }

    /// HTTPS on 127.0.0.1 with a certificate from its own throw-away CA (`tlsCAFile`).
    public private(set) var tlsPort = 0
    public func tlsURL(_ mode: String) -> String { "https://127.0.0.1:\(tlsPort)/\(mode)" }
    public var tlsCAFile: String { directory.appendingPathComponent("tls/ca.pem").path }

    /// Directory served under GET /files/ (the CRLs of long-term validation tests).
    public var filesDirectory: URL { directory.appendingPathComponent("files") }

    init(ocsp: Bool) throws {
        directory = try TestSupport.temporaryDirectory()
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("files"), withIntermediateDirectories: true)
        let config = directory.appendingPathComponent("tsa.cnf").path
        let reject = directory.appendingPathComponent("reject.cnf").path
        let portFile = directory.appendingPathComponent("port").path
        let tls = directory.appendingPathComponent("tls")
        try FileManager.default.createDirectory(at: tls, withIntermediateDirectories: true)
        let mkTLS = try TestSupport.run(
            "/bin/bash",
            [
                "-c",
                """
                set -e; cd '\(tls.path)'
                openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem -days 2 -subj '/CN=Fake TSA TLS CA' \\
                  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign 2>/dev/null
                openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout server.key -out server.csr -subj '/CN=127.0.0.1' 2>/dev/null
                printf 'subjectAltName=IP:127.0.0.1\\nextendedKeyUsage=serverAuth\\n' > ext.cnf
                openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2 -extfile ext.cnf 2>/dev/null
                """,
            ])
        guard mkTLS.status == 0 else {
            throw NSError(domain: "FakeTSA", code: 3, userInfo: [NSLocalizedDescriptionKey: mkTLS.stderrText])
        }
        let tlsPortFile = tls.appendingPathComponent("port").path
        // The server starts first: its port goes into the TSA certificate's CRL distribution point.
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [
            "python3", TestSupport.repoRoot.appendingPathComponent("scripts/fake-tsa.py").path,
            "--config", config, "--reject-config", reject, "--port-file", portFile,
            "--files", directory.appendingPathComponent("files").path, "--max-seconds", "900",
            "--ocsp-ca", directory.path, "--ocsp-index", directory.appendingPathComponent("ocsp-index.txt").path,
            "--tls-cert", tls.appendingPathComponent("server.pem").path, "--tls-key",
            tls.appendingPathComponent("server.key").path,
            "--tls-port-file", tlsPortFile,
        ]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        process = p
        var found: Int? = nil
        for _ in 0..<100 {
            if let s = try? String(contentsOfFile: portFile, encoding: .utf8), let port = Int(s) {
                found = port
                break
            }
            usleep(50_000)
        }
        guard let port = found else {
            p.terminate()
            throw NSError(domain: "FakeTSA", code: 2, userInfo: [NSLocalizedDescriptionKey: "fake TSA did not start"])
        }
        self.port = port
        for _ in 0..<100 where tlsPort == 0 {
            if let s = try? String(contentsOfFile: tlsPortFile, encoding: .utf8), let p = Int(s) {
                tlsPort = p
            } else {
                usleep(50_000)
            }
        }
        let urlVariable =
            ocsp ? "OCSP_URL=http://127.0.0.1:\(port)/ocsp" : "CRL_URL=http://127.0.0.1:\(port)/files/crl.pem"
        let mk = try TestSupport.run(
            "/usr/bin/env",
            [
                urlVariable, "bash",
                TestSupport.repoRoot.appendingPathComponent("scripts/openssl-tsa.sh").path, directory.path, "ec",
            ])
        guard mk.status == 0 else {
            p.terminate()
            throw NSError(domain: "FakeTSA", code: 1, userInfo: [NSLocalizedDescriptionKey: mk.stderrText])
        }
        let text = try String(contentsOfFile: config, encoding: .utf8)
        try text.replacingOccurrences(of: "digests = sha1, sha256, sha384, sha512", with: "digests = sha1").write(
            toFile: reject, atomically: true, encoding: .utf8)
        if ocsp {
            try FileManager.default.copyItem(at: directory.appendingPathComponent("index-valid.txt"), to: ocspIndex)
        } else {
            try FileManager.default.copyItem(
                at: directory.appendingPathComponent("crl.pem"), to: filesDirectory.appendingPathComponent("crl.pem"))
        }
    }

    deinit { process.terminate() }
}
