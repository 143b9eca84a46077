import EvidentCrypto
import EvidentDER
import EvidentTSP
import EvidentTestSupport
import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `evident tsa serve` as a process on loopback: tokens verify with openssl and with us; bad
/// HTTP and bad requests get well-formed errors, never a token; SIGTERM stops it cleanly; serials
/// stay monotonic across a restart.
@Suite(.serialized) struct TSAServerTests {
    final class Server {
        let dir: URL
        let process: Process
        let port: Int
        var base: String { "http://127.0.0.1:\(port)" }

        /// `clock`: run under libfaketime from that moment on (`faketime -f '@YYYY-MM-DD hh:mm:ss'`).
        init(dir: URL, clock: String? = nil) throws {
            self.dir = dir
            let portFile = dir.appendingPathComponent("port")
            process = Process()
            let arguments = [
                "tsa", "serve", "--dir", dir.path, "--listen", "127.0.0.1:0", "--port-file", portFile.path, "--threads",
                "2",
            ]
            if let clock {
                process.executableURL = URL(fileURLWithPath: TestSupport.faketime)
                process.arguments = ["-f", "@" + clock, TestSupport.evidentBinary] + arguments
            } else {
                process.executableURL = URL(fileURLWithPath: TestSupport.evidentBinary)
                process.arguments = arguments
            }
            port = try TestSupport.startServer(process, portFile: portFile)
        }

        func stop() -> Int32 {
            // Under faketime the server is the wrapper's child: SIGTERM goes to it (the wrapper
            // then exits with it).
            if process.executableURL?.path == TestSupport.faketime {
                _ = try? TestSupport.run("/usr/bin/pkill", ["-TERM", "-P", "\(process.processIdentifier)"])
            } else {
                process.terminate()  // SIGTERM
            }
            process.waitUntilExit()
            return process.terminationStatus
        }
    }

    static func makeDirectory() throws -> URL {
        let dir = try TestSupport.temporaryDirectory().appendingPathComponent("tsa")
        let r = try TestSupport.evident([
            "tsa", "init", "--dir", dir.path, "--subject", "/O=Evident Tests/CN=Loopback TSA",
        ])
        precondition(r.status == 0, r.stderrText)
        return dir
    }

    /// A raw HTTP exchange with curl (status code and body).
    static func http(_ args: [String]) throws -> (Int, Data) {
        let out = try TestSupport.temporaryDirectory().appendingPathComponent("body")
        let r = try TestSupport.run("/usr/bin/curl", ["-s", "-o", out.path, "-w", "%{http_code}"] + args)
        return (Int(r.stdoutText) ?? -1, (try? Data(contentsOf: out)) ?? Data())
    }

    @Test func stampsVerifyAndBadInputIsAnswered() throws {
        let dir = try Self.makeDirectory()
        let server = try Server(dir: dir)
        defer { _ = server.stop() }
        let work = try TestSupport.temporaryDirectory()
        let doc = work.appendingPathComponent("doc.txt")
        try Data("approved\n".utf8).write(to: doc)
        let root = dir.appendingPathComponent("root.pem").path

        let s = try TestSupport.evident([
            "stamp", doc.path, "--tsa", server.base + "/", "--tsa-roots", root, "-o", work.path,
        ])
        #expect(s.status == 0, "\(s.stderrText)")
        let o = try TestSupport.openssl([
            "ts", "-verify", "-queryfile", work.appendingPathComponent("doc.txt.tsq").path,
            "-in", work.appendingPathComponent("doc.txt.tsr").path, "-CAfile", root,
        ])
        #expect(o.stdoutText.contains("Verification: OK"), "\(o.stderrText)")

        #expect(try Self.http([server.base + "/healthz"]).0 == 200)
        let (mcode, metrics) = try Self.http([server.base + "/metrics"])
        #expect(mcode == 200)
        #expect(String(decoding: metrics, as: UTF8.self).contains("evident_tsa_requests_total{outcome=\"granted\"} 1"))

        // Garbage and truncated requests: HTTP 200 with a rejection TimeStampResp, no token.
        let query = try TestSupport.read(work.appendingPathComponent("doc.txt.tsq"))
        for body in [Array("garbage".utf8), Array(query.prefix(20))] {
            let f = work.appendingPathComponent("body.bin")
            try Data(body).write(to: f)
            let (code, reply) = try Self.http([
                "-X", "POST", "-H", "Content-Type: application/timestamp-query", "--data-binary", "@" + f.path,
                server.base + "/",
            ])
            #expect(code == 200)
            let resp = try TimeStampResponse(derEncoded: [UInt8](reply))
            #expect(
                resp.statusInfo.status == .rejection && resp.statusInfo.failures == [.badDataFormat]
                    && resp.token == nil)
        }
        // HTTP-level refusals.
        #expect(try Self.http([server.base + "/"]).0 == 405)
        #expect(
            try Self.http(["-X", "POST", "-H", "Content-Type: text/plain", "--data", "x", server.base + "/"]).0 == 415)
        #expect(try Self.http([server.base + "/nope"]).0 == 404)
        let big = work.appendingPathComponent("big.bin")
        try Data(count: 100_000).write(to: big)
        #expect(
            try Self.http([
                "-X", "POST", "-H", "Content-Type: application/timestamp-query", "--data-binary", "@" + big.path,
                server.base + "/",
            ]).0 == 413)
        let (_, after) = try Self.http([server.base + "/metrics"])
        let text = String(decoding: after, as: UTF8.self)
        #expect(text.contains("evident_tsa_requests_total{outcome=\"badDataFormat\"} 2"))
        #expect(text.contains("evident_tsa_http_refusals_total{reason=\"too_large\"} 1"))
    }

    @Test func gracefulShutdownAndSerialsAcrossRestart() throws {
        let dir = try Self.makeDirectory()
        let work = try TestSupport.temporaryDirectory()
        let doc = work.appendingPathComponent("doc.txt")
        try Data("x\n".utf8).write(to: doc)
        var serials: [DERInteger] = []
        for _ in 0..<2 {
            let server = try Server(dir: dir)
            for _ in 0..<3 {
                let r = try TestSupport.evident([
                    "stamp", doc.path, "--tsa", server.base + "/", "--tsa-roots",
                    dir.appendingPathComponent("root.pem").path, "-o", work.path, "--force",
                ])
                #expect(r.status == 0, "\(r.stderrText)")
                let resp = try TimeStampResponse(
                    derEncoded: TestSupport.read(work.appendingPathComponent("doc.txt.tsr")))
                serials.append(try #require(resp.token?.tstInfo.serialNumber))
            }
            #expect(server.stop() == 0)
        }
        let values = serials.compactMap { $0.value(as: UInt64.self) }
        #expect(values.count == 6 && values == values.sorted() && Set(values).count == 6, "\(values)")
    }
}
