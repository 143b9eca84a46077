import EvidentCore
import EvidentDER
import EvidentTSP
import EvidentTestSupport
import Foundation
import Testing

/// `evident ts query` against the oracle: for the same digest, nonce, policy and certReq the
/// DER is byte-identical to `openssl ts -query`, for every option combination.
@Suite struct QueryTests {
    struct Combination: CustomStringConvertible, Sendable {
        var hash: String
        var nonce: Bool
        var certReq: Bool
        var policy: String?
        var description: String { "\(hash) nonce=\(nonce) cert=\(certReq) policy=\(policy ?? "-")" }
    }

    static let combinations: [Combination] = {
        var out: [Combination] = []
        for hash in ["sha256", "sha384", "sha512"] {
            for nonce in [true, false] {
                for certReq in [true, false] {
                    for policy in [nil, "1.2.3.4.5", "1.3.6.1.4.1.4146.2.3"] as [String?] {
                        out.append(Combination(hash: hash, nonce: nonce, certReq: certReq, policy: policy))
                    }
                }
            }
        }
        return out
    }()

    @Test(arguments: combinations)
    func byteIdenticalToOpenSSL(_ c: Combination) throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("data.bin")
        try Data("evidence for \(c)\n".utf8).write(to: data)
        let theirs = dir.appendingPathComponent("openssl.tsq").path
        var args = ["ts", "-query", "-data", data.path, "-\(c.hash)", "-out", theirs]
        if !c.nonce { args.append("-no_nonce") }
        if c.certReq { args.append("-cert") }
        if let p = c.policy { args += ["-tspolicy", p] }
        let o = try TestSupport.openssl(args)
        try #require(o.status == 0, "openssl: \(o.stderrText)")
        let theirBytes = try TestSupport.read(URL(fileURLWithPath: theirs))

        // OpenSSL picks a random nonce; reuse it.
        let req = try TimeStampRequest(derEncoded: theirBytes)
        let ours = dir.appendingPathComponent("evident.tsq").path
        var ev = ["ts", "query", data.path, "--hash", c.hash, "-o", ours]
        if let n = req.nonce { ev += ["--nonce-value", n.hexString] } else { ev.append("--no-nonce") }
        if c.certReq { ev.append("--cert-req") }
        if let p = c.policy { ev += ["--policy", p] }
        let e = try TestSupport.evident(ev)
        try #require(e.status == 0, "evident: \(e.stderrText)")
        #expect(try TestSupport.read(URL(fileURLWithPath: ours)) == theirBytes)

        // The same request from --digest.
        let digest = Hex.encode(req.messageImprint.hashedMessage)
        var ed = ["ts", "query", "--digest", digest, "--hash", c.hash, "-o", ours, "--force"]
        ed += Array(ev.dropFirst(7))
        let e2 = try TestSupport.evident(ed)
        try #require(e2.status == 0, "evident --digest: \(e2.stderrText)")
        #expect(try TestSupport.read(URL(fileURLWithPath: ours)) == theirBytes)
    }

    @Test func randomNonceIs64BitsAndFresh() throws {
        let a = try TestSupport.evident(["ts", "query", "--digest", String(repeating: "ab", count: 32)])
        let b = try TestSupport.evident(["ts", "query", "--digest", String(repeating: "ab", count: 32)])
        let ra = try TimeStampRequest(derEncoded: [UInt8](a.stdout))
        let rb = try TimeStampRequest(derEncoded: [UInt8](b.stdout))
        let na = try #require(ra.nonce), nb = try #require(rb.nonce)
        #expect(na != nb)
        #expect(na.magnitude.count <= 8 && !na.isNegative)
    }

    /// `-o -` is standard output; `-o /dev/null` writes into the device and leaves it a device
    /// (issue #13: it was replaced by a regular file when run as root).
    @Test func outputToStdoutAndToADevice() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("a.txt")
        try Data("a".utf8).write(to: a)
        let stdout = try TestSupport.evident(["ts", "query", a.path, "--no-nonce", "-o", "-"])
        #expect(stdout.status == 0, "\(stdout.stderrText)")
        #expect(try TimeStampRequest(derEncoded: [UInt8](stdout.stdout)).nonce == nil)
        #expect(try TestSupport.evident(["ts", "query", a.path, "-o", "/dev/null"]).status == 0)
        var st = stat()
        #expect(stat("/dev/null", &st) == 0 && st.st_mode & S_IFMT == S_IFCHR)
        // A character device made with mknod in a temporary directory (a null device: 1,3)
        // is written into and stays a device, with or without --force.
        let device = dir.appendingPathComponent("null").path
        if mknod(device, S_IFCHR | 0o666, dev_t((1 << 8) | 3)) == 0 {
            for force in [[], ["--force"]] {
                #expect(try TestSupport.evident(["ts", "query", a.path, "-o", device] + force).status == 0)
                #expect(lstat(device, &st) == 0 && st.st_mode & S_IFMT == S_IFCHR)
            }
        } else {
            #expect(errno == EPERM, "mknod: \(String(cString: strerror(errno)))")
        }
    }

    /// An existing output file is refused without --force (exit 2, the file unchanged) and
    /// replaced with it; a symbolic link is never written through, --force or not.
    @Test func anExistingOutputNeedsForce() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("a.txt")
        try Data("a".utf8).write(to: a)
        let out = dir.appendingPathComponent("a.tsq").path
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: out))
        let refused = try TestSupport.evident(["ts", "query", a.path, "-o", out])
        #expect(refused.status == 2 && refused.stderrText.contains("exists; not replacing it (--force replaces it)"))
        #expect(FileManager.default.contents(atPath: out) == Data("keep me".utf8))
        let forced = try TestSupport.evident(["ts", "query", a.path, "-o", out, "--force"])
        #expect(forced.status == 0, "\(forced.stderrText)")
        #expect(try TimeStampRequest(derEncoded: TestSupport.read(URL(fileURLWithPath: out))).nonce != nil)
        let victim = dir.appendingPathComponent("victim").path, link = dir.appendingPathComponent("link").path
        try Data("victim".utf8).write(to: URL(fileURLWithPath: victim))
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: victim)
        let linked = try TestSupport.evident(["ts", "query", a.path, "-o", link, "--force"])
        #expect(linked.status == 2 && linked.stderrText.contains("not a regular file"), "\(linked.stderrText)")
        #expect(FileManager.default.contents(atPath: victim) == Data("victim".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains(".tmp-") }.isEmpty)
    }

    @Test func severalFilesGoToADirectory() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("a.txt"), b = dir.appendingPathComponent("b.txt")
        try Data("a".utf8).write(to: a)
        try Data("b".utf8).write(to: b)
        let out = dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let r = try TestSupport.evident(["ts", "query", a.path, b.path, "-o", out.path])
        #expect(r.status == 0, "\(r.stderrText)")
        for name in ["a.txt.tsq", "b.txt.tsq"] {
            let req = try TimeStampRequest(derEncoded: TestSupport.read(out.appendingPathComponent(name)))
            #expect(req.messageImprint.hashedMessage.count == 32)
        }
    }

    @Test(arguments: [
        (["ts", "query", "--digest", "abcd"], "--digest: 2 bytes, a sha256 digest is 32"),
        (["ts", "query", "--digest", "xyz"], "--digest: not hex"),
        (
            ["ts", "query", "--digest", String(repeating: "00", count: 32), "--policy", "1.x"],
            "--policy: '1.x' is not a dotted OID"
        ),
        (
            ["ts", "query", "--digest", String(repeating: "00", count: 32), "--nonce-value", "12ab"],
            "--nonce-value: '12ab' is not a non-negative decimal or 0x-hex number"
        ),
        (["ts", "query", "/nonexistent/file"], "/nonexistent/file: cannot open: No such file or directory"),
    ])
    func badInputExitsTwoWithOneLine(_ args: [String], _ message: String) throws {
        let r = try TestSupport.evident(args)
        #expect(r.status == 2)
        #expect(r.stderrText == "evident: error: \(message)\n")
        #expect(r.stdout.isEmpty)
    }

    @Test(arguments: [
        ["ts", "query"],
        ["ts", "query", "x", "--digest", "00"],
        ["ts", "query", "--digest", "00", "--no-nonce", "--nonce-value", "5"],
    ])
    func usageErrorsExit64(_ args: [String]) throws {
        let r = try TestSupport.evident(args)
        #expect(r.status == 64, "\(r.stderrText)")
    }
}
