import EvidentCore
import EvidentDER
import EvidentTSP
import EvidentTestSupport
import Foundation
import Testing

/// `evident stamp` against a loopback TSA backed by `openssl ts -reply`, and against servers
/// that misbehave. Each failure has its own message; nothing unverified is ever written.
@Suite(.serialized) struct StampTests {
    static let tsa = FakeTSA.shared

    struct Case: Sendable, CustomStringConvertible {
        let mode: String
        let message: String
        var description: String { mode }
    }

    static func document() throws -> (dir: URL, file: String) {
        let dir = try TestSupport.temporaryDirectory()
        let file = dir.appendingPathComponent("decision.txt")
        try Data("deploy v2.4.1 approved by #4711\n".utf8).write(to: file)
        return (dir, file.path)
    }

    static func written(_ dir: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter {
            $0.hasSuffix(".tsr") || $0.hasSuffix(".tsq") || $0.contains(".tmp")
        }.sorted()
    }

    @Test func stampsAndTheTokenVerifiesWithOpenSSL() throws {
        let (dir, file) = try Self.document()
        let r = try TestSupport.evident([
            "stamp", file, "--tsa", Self.tsa.url("ok"), "--tsa-roots", Self.tsa.caFile, "-o", dir.path,
        ])
        #expect(r.status == 0, "\(r.stderrText)")
        #expect(Self.written(dir) == ["decision.txt.tsq", "decision.txt.tsr"])
        let o = try TestSupport.openssl([
            "ts", "-verify", "-queryfile", dir.appendingPathComponent("decision.txt.tsq").path,
            "-in", dir.appendingPathComponent("decision.txt.tsr").path, "-CAfile", Self.tsa.caFile,
        ])
        #expect(o.status == 0 && o.stdoutText.contains("Verification: OK"), "\(o.stderrText)")
        let v = try TestSupport.evident([
            "ts", "verify", "--in", dir.appendingPathComponent("decision.txt.tsr").path, "--data", file, "--tsa-roots",
            Self.tsa.caFile,
        ])
        #expect(v.status == 0, "\(v.stdoutText)")
    }

    @Test(arguments: [
        Case(mode: "http500", message: "HTTP status 500"),
        Case(mode: "wrongtype", message: "Content-Type is text/html, expected application/timestamp-reply"),
        Case(mode: "garbage", message: "response invalid: der: "),
        Case(mode: "oversized", message: "response body larger than 1048576 bytes"),
        Case(mode: "rejection", message: "response invalid: status: status is rejection, failInfo badAlg"),
        Case(mode: "other", message: "response invalid: imprint: message imprint mismatch"),
        Case(mode: "nonexistent-mode", message: "HTTP status 404"),
    ])
    func misbehavingTSAIsRefusedAndNothingWritten(_ c: Case) throws {
        let (dir, file) = try Self.document()
        let r = try TestSupport.evident([
            "stamp", file, "--tsa", Self.tsa.url(c.mode), "--tsa-roots", Self.tsa.caFile, "-o", dir.path, "--retries",
            "1",
        ])
        #expect(r.status == 1)
        #expect(
            r.stderrText.contains("no TSA returned a valid time-stamp: \(Self.tsa.url(c.mode)): \(c.message)"),
            "\(r.stderrText)")
        #expect(Self.written(dir).isEmpty)
    }

    @Test func connectionRefused() throws {
        let (dir, file) = try Self.document()
        let r = try TestSupport.evident([
            "stamp", file, "--tsa", "http://127.0.0.1:1/", "--tsa-roots", Self.tsa.caFile, "-o", dir.path, "--retries",
            "1",
        ])
        #expect(r.status == 1)
        #expect(r.stderrText.contains("http://127.0.0.1:1/: Failed to connect to 127.0.0.1 port 1"), "\(r.stderrText)")
        #expect(Self.written(dir).isEmpty)
    }

    @Test func timeoutAndTrickle() throws {
        let (dir, file) = try Self.document()
        let t = try TestSupport.evident([
            "stamp", file, "--tsa", Self.tsa.url("timeout"), "--tsa-roots", Self.tsa.caFile, "-o", dir.path,
            "--retries", "1", "--timeout", "1",
        ])
        #expect(t.status == 1)
        #expect(t.stderrText.contains("Operation timed out after"), "\(t.stderrText)")
        let s = try TestSupport.evident([
            "stamp", file, "--tsa", Self.tsa.url("trickle"), "--tsa-roots", Self.tsa.caFile, "-o", dir.path,
            "--retries", "1",
        ])
        #expect(s.status == 1)
        #expect(s.stderrText.contains("Operation too slow"), "\(s.stderrText)")
        #expect(Self.written(dir).isEmpty)
    }

    @Test func retriesThenFailsOverToTheNextTSA() throws {
        let (dir, file) = try Self.document()
        let r = try TestSupport.evident([
            "stamp", file, "--tsa", Self.tsa.url("http500"), "--tsa", Self.tsa.url("garbage"), "--tsa",
            Self.tsa.url("ok"),
            "--tsa-roots", Self.tsa.caFile, "-o", dir.path, "--retries", "2",
        ])
        #expect(r.status == 0, "\(r.stderrText)")
        // http500 twice (retryable), garbage once (not retryable), then ok.
        #expect(
            r.stdoutText.contains("from \(Self.tsa.url("ok"))") && r.stdoutText.contains("after 3 failed attempt(s)"),
            "\(r.stdoutText)")
        #expect(Self.written(dir) == ["decision.txt.tsq", "decision.txt.tsr"])
    }

    /// A 503 is retryable: the same TSA answers on the second attempt (the fake TSA's /flaky
    /// fails its first request only, so this is the one test that uses it).
    @Test func transient503IsRetriedOnTheSameTSA() throws {
        let (dir, file) = try Self.document()
        let r = try TestSupport.evident([
            "stamp", file, "--tsa", Self.tsa.url("flaky"), "--tsa-roots", Self.tsa.caFile, "-o", dir.path, "--retries",
            "2",
        ])
        #expect(r.status == 0, "\(r.stderrText)")
        #expect(
            r.stdoutText.contains("from \(Self.tsa.url("flaky"))")
                && r.stdoutText.contains("after 1 failed attempt(s)"), "\(r.stdoutText)")
        #expect(Self.written(dir) == ["decision.txt.tsq", "decision.txt.tsr"])
    }

    @Test func untrustedRootIsRefused() throws {
        let (dir, file) = try Self.document()
        let other = try TestSupport.temporaryDirectory()
        _ = try TestSupport.run(
            "/bin/bash", [TestSupport.repoRoot.appendingPathComponent("scripts/openssl-tsa.sh").path, other.path, "ec"])
        let r = try TestSupport.evident([
            "stamp", file, "--tsa", Self.tsa.url("ok"), "--tsa-roots", other.appendingPathComponent("ca.pem").path,
            "-o", dir.path, "--retries", "1",
        ])
        #expect(r.status == 1)
        #expect(r.stderrText.contains("response indeterminate: chain: no path to a trusted root"), "\(r.stderrText)")
        #expect(Self.written(dir).isEmpty)
    }

    @Test func httpsWithACustomCA() throws {
        let (dir, file) = try Self.document()
        let ok = try TestSupport.evident([
            "stamp", file, "--tsa", Self.tsa.tlsURL("ok"), "--cacert", Self.tsa.tlsCAFile,
            "--tsa-roots", Self.tsa.caFile, "-o", dir.path, "--retries", "1",
        ])
        #expect(ok.status == 0, "\(ok.stderrText)")
        #expect(Self.written(dir) == ["decision.txt.tsq", "decision.txt.tsr"])
        // Without the CA the server is not trusted: a TLS error, not retried, nothing written.
        let (dir2, _) = try Self.document()
        let bad = try TestSupport.evident([
            "stamp", file, "--tsa", Self.tsa.tlsURL("ok"), "--tsa-roots", Self.tsa.caFile, "-o", dir2.path, "--retries",
            "3",
        ])
        #expect(bad.status == 1)
        #expect(bad.stderrText.contains("SSL certificate problem"), "\(bad.stderrText)")
        #expect(!bad.stderrText.contains(";"), "a TLS failure must not be retried: \(bad.stderrText)")
        #expect(Self.written(dir2).isEmpty)
    }

    @Test func manyInputsConcurrently() throws {
        let dir = try TestSupport.temporaryDirectory()
        var files: [String] = []
        for i in 0..<12 {
            let f = dir.appendingPathComponent("in\(i).txt")
            try Data("input \(i)\n".utf8).write(to: f)
            files.append(f.path)
        }
        let out = dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let r = try TestSupport.evident(
            ["stamp"] + files + [
                "--tsa", Self.tsa.url("ok"), "--tsa-roots", Self.tsa.caFile, "-o", out.path, "--concurrency", "4",
            ])
        #expect(r.status == 0, "\(r.stderrText)")
        #expect(Self.written(out).count == 24)
    }
}

/// `evident stamp --ltv`: the TSA chain's CRLs are fetched after stamping and stored beside the
/// token; years later the token verifies at genTime with them and no network.
@Suite(.serialized) struct LongTermValidationTests {
    static let tsa = FakeTSA.shared

    @Test func capturesCRLsAndVerifiesOfflineWithThem() throws {
        let (dir, file) = try StampTests.document()
        let r = try TestSupport.evident([
            "stamp", file, "--tsa", Self.tsa.url("ok"), "--tsa-roots", Self.tsa.caFile, "-o", dir.path, "--ltv",
        ])
        #expect(r.status == 0, "\(r.stderrText)")
        let crls = dir.appendingPathComponent("decision.txt.crls.pem")
        let pem = try String(contentsOf: crls, encoding: .utf8)
        #expect(pem.hasPrefix("-----BEGIN X509 CRL-----"))
        let v = try TestSupport.evident([
            "ts", "verify", "--in", dir.appendingPathComponent("decision.txt.tsr").path,
            "--queryfile", dir.appendingPathComponent("decision.txt.tsq").path,
            "--tsa-roots", Self.tsa.caFile, "--crl", crls.path, "--json",
        ])
        #expect(v.status == 0, "\(v.stdoutText)")
        #expect(v.stdoutText.contains("not revoked then"))
    }

    @Test func revokedTSACertificateIsRefusedAndNothingWritten() throws {
        let served = Self.tsa.filesDirectory.appendingPathComponent("crl.pem")
        let clean = try Data(contentsOf: served)
        try Data(contentsOf: Self.tsa.directory.appendingPathComponent("crl-revoked.pem")).write(to: served)
        defer { try? clean.write(to: served) }
        let (dir, file) = try StampTests.document()
        let r = try TestSupport.evident([
            "stamp", file, "--tsa", Self.tsa.url("ok"), "--tsa-roots", Self.tsa.caFile, "-o", dir.path, "--ltv",
        ])
        #expect(r.status == 1)
        #expect(
            r.stderrText.contains(
                "long-term validation data: with the fetched revocation data the response is invalid: chain: certificate revoked"
            ), "\(r.stderrText)")
        #expect(StampTests.written(dir).isEmpty)
    }

    @Test func unreachableCRLIsAnError() throws {
        let served = Self.tsa.filesDirectory.appendingPathComponent("crl.pem")
        let clean = try Data(contentsOf: served)
        try FileManager.default.removeItem(at: served)
        defer { try? clean.write(to: served) }
        let (dir, file) = try StampTests.document()
        let r = try TestSupport.evident([
            "stamp", file, "--tsa", Self.tsa.url("ok"), "--tsa-roots", Self.tsa.caFile, "-o", dir.path, "--ltv",
        ])
        #expect(r.status == 1)
        #expect(
            r.stderrText.contains(
                "no revocation data for CN=Evident Demo TSA,O=Evident Demo: http://127.0.0.1:\(Self.tsa.port)/files/crl.pem: HTTP status 404"
            ), "\(r.stderrText)")
        #expect(StampTests.written(dir).isEmpty)
    }
}

/// `evident stamp --ltv` with a TSA certificate that names an OCSP responder: the response is
/// captured, stored as NAME.ocsp.pem, and used offline by `ts verify --ocsp`.
@Suite(.serialized) struct OCSPLongTermValidationTests {
    static let tsa = FakeTSA.withOCSP

    @Test func capturesOCSPAndVerifiesOfflineWithIt() throws {
        let (dir, file) = try StampTests.document()
        let r = try TestSupport.evident([
            "stamp", file, "--tsa", Self.tsa.url("ok"), "--tsa-roots", Self.tsa.caFile, "-o", dir.path, "--ltv",
        ])
        #expect(r.status == 0, "\(r.stderrText)")
        let ocsp = dir.appendingPathComponent("decision.txt.ocsp.pem")
        #expect(try String(contentsOf: ocsp, encoding: .utf8).hasPrefix("-----BEGIN OCSP RESPONSE-----"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("decision.txt.crls.pem").path))
        let args = [
            "ts", "verify", "--in", dir.appendingPathComponent("decision.txt.tsr").path,
            "--queryfile", dir.appendingPathComponent("decision.txt.tsq").path, "--tsa-roots", Self.tsa.caFile,
        ]
        let v = try TestSupport.evident(args + ["--ocsp", ocsp.path])
        #expect(v.status == 0, "\(v.stdoutText)")
        #expect(v.stdoutText.contains("OCSP good as of"))
        // At genTime the OCSP response (made after it) covers the certificate; at a date after the
        // response's thisUpdate (a day from now, the certificate still valid) it no longer does:
        // indeterminate, not valid.
        let tomorrow = try DERTime(secondsSinceEpoch: WallClock.seconds() + 86_400).description
        let later = try TestSupport.evident(args + ["--ocsp", ocsp.path, "--at", tomorrow])
        #expect(later.status == 3, "\(later.stdoutText)")
        // In 2099 the TSA certificate has expired: that contradicts the chain, whatever the
        // revocation data says (the path is judged before its revocation status).
        let expired = try TestSupport.evident(args + ["--ocsp", ocsp.path, "--at", "2099-01-01T00:00:00Z"])
        #expect(expired.status == 1, "\(expired.stdoutText)")
        // An OCSP response signed by a key the verifier does not trust is ignored: the TSA chain
        // is still valid, but nothing covers its revocation status, so the verdict is indeterminate.
        let other = try TestSupport.temporaryDirectory()
        _ = try TestSupport.run(
            "/bin/bash", [TestSupport.repoRoot.appendingPathComponent("scripts/openssl-tsa.sh").path, other.path, "ec"])
        let d = Self.tsa.directory.path, req = other.appendingPathComponent("req.der").path,
            rogue = other.appendingPathComponent("rogue.der").path
        #expect(
            try TestSupport.openssl([
                "ocsp", "-issuer", d + "/ca.pem", "-cert", d + "/tsa.pem", "-reqout", req, "-no_nonce",
            ]).status == 0)
        #expect(
            try TestSupport.openssl([
                "ocsp", "-index", d + "/index-valid.txt", "-rsigner", other.path + "/ca.pem", "-rkey",
                other.path + "/ca.key",
                "-CA", d + "/ca.pem", "-reqin", req, "-respout", rogue, "-ndays", "1",
            ]).status == 0)
        let untrusted = try TestSupport.evident(args + ["--ocsp", rogue])
        #expect(untrusted.status == 3, "\(untrusted.stdoutText)")
        #expect(untrusted.stdoutText.contains("revocation status unknown"))
    }

    @Test func revokedByOCSPIsRefusedAndNothingWritten() throws {
        let index = Self.tsa.ocspIndex
        let valid = try Data(contentsOf: index)
        try Data(contentsOf: Self.tsa.directory.appendingPathComponent("index-revoked.txt")).write(to: index)
        defer { try? valid.write(to: index) }
        let (dir, file) = try StampTests.document()
        let r = try TestSupport.evident([
            "stamp", file, "--tsa", Self.tsa.url("ok"), "--tsa-roots", Self.tsa.caFile, "-o", dir.path, "--ltv",
        ])
        #expect(r.status == 1)
        #expect(
            r.stderrText.contains(
                "with the fetched revocation data the response is invalid: chain: certificate revoked"),
            "\(r.stderrText)")
        #expect(StampTests.written(dir).isEmpty)
    }
}
