import EvidentTestSupport
import Foundation
import Testing

/// Issue #18's time travel: bundles made now, verified in 2036 and 2046 under libfaketime, with
/// TSAs whose certificates were issued (under faketime too) years apart. TSA A anchors now and its
/// certificate ends in 2033; TSAs B and B2 renew in 2030 (two slots for the same anchors); TSA C
/// (ECDSA P-384) renews in 2038 with a new hash algorithm, because a test algorithm policy ends
/// SHA-256 in 2039. The built-in TSA serves every one (`evident tsa serve` under faketime).
@Suite(.serialized) struct LongTermTests {
    struct World {
        let f: LedgerCLITests.Fixture
        let dir: URL
        var roots: [String] = []
        var crls: [String] = []
    }

    /// A TSA whose certificates start at `clock`; returns its directory.
    static func tsa(_ w: World, _ name: String, from clock: String, key: String = "ec-p256") throws -> URL {
        let dir = w.dir.appendingPathComponent(name)
        let r = try TestSupport.evident(
            at: clock,
            ["tsa", "init", "--dir", dir.path, "--subject", "/O=Evident Tests/CN=\(name)", "--key-type", key])
        #expect(r.status == 0, "\(r.stderrText)")
        return dir
    }

    /// Its CRL, issued at `clock` (after the tokens it must cover).
    static func crl(_ w: inout World, _ tsa: URL, at clock: String) throws {
        let out = tsa.appendingPathComponent("crl-\(w.crls.count).pem").path
        let r = try TestSupport.evident(at: clock, ["tsa", "crl", "--dir", tsa.path, "-o", out])
        #expect(r.status == 0, "\(r.stderrText)")
        w.crls.append(out)
        w.roots.append(tsa.appendingPathComponent("root.pem").path)
    }

    static func policy(_ w: World, _ name: String, _ rows: String) throws -> String {
        let path = w.dir.appendingPathComponent(name + ".txt").path
        try Data("name \(name)\n\(rows)".utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// A ledger with receipts, anchored now by TSA A (certificate 2024–2033).
    static func world() throws -> (World, URL) {
        let f = try LedgerCLITests.fixture()
        _ = try LedgerCLITests.mint(f, LedgerCLITests.flags(f))
        var w = World(f: f, dir: f.dir)
        let a = try tsa(w, "TSA A", from: "2024-01-01 00:00:00")
        let server = try TSAServerTests.Server(dir: a)
        defer { _ = server.stop() }
        let r = try AnchorTests.anchor(f, ["--tsa", server.base + "/", "--tsa-roots", a.path + "/root.pem"])
        #expect(r.status == 0, "\(r.stderrText)")
        let now = ISO8601DateFormatter().string(from: Date().addingTimeInterval(5)).replacingOccurrences(
            of: "T", with: " "
        )
        .replacingOccurrences(of: "Z", with: "")
        try crl(&w, a, at: now)
        return (w, a)
    }

    /// One PEM file holding the roots of `tsas` (`--tsa-roots` takes one file).
    static func roots(_ w: World, _ paths: [String]) throws -> String {
        let out = w.dir.appendingPathComponent("roots-\(UUID().uuidString).pem")
        try Data(try paths.flatMap { try TestSupport.read(URL(fileURLWithPath: $0)) }).write(to: out)
        return out.path
    }

    static func renew(
        _ w: World, at clock: String, _ tsas: [URL], _ extra: [String]
    ) throws -> TestSupport.ProcessResult {
        var args = ["renew", "--dir", w.f.ledger] + extra
        var servers: [TSAServerTests.Server] = []
        defer { for s in servers { _ = s.stop() } }
        for t in tsas {
            let s = try TSAServerTests.Server(dir: t, clock: clock)
            servers.append(s)
            args += ["--tsa", s.base + "/"]
        }
        // The roots of every TSA of the records so far too: renew re-verifies each whole record.
        args += ["--tsa-roots", try roots(w, w.roots + tsas.map { $0.appendingPathComponent("root.pem").path })]
        return try TestSupport.evident(at: clock, args)
    }

    static func export(_ w: World, _ name: String) throws -> String {
        let path = w.dir.appendingPathComponent(name).path
        let r = try TestSupport.evident(["export", "--dir", w.f.ledger, "--ledger-key", w.f.pub, "-o", path])
        #expect(r.status == 0, "\(r.stderrText)")
        return path
    }

    static func verify(
        _ w: World, _ bundle: String, at clock: String, policy: String
    ) throws -> TestSupport.ProcessResult {
        try TestSupport.evident(
            at: clock,
            ["verify", bundle, "--ledger-key", w.f.pub, "--algorithm-policy", policy, "--all"]
                + ["--tsa-roots", try roots(w, w.roots)] + w.crls.flatMap { ["--crl", $0] })
    }

    @Test func renewedInTimeStaysProvenIn2036And2046() throws {
        var (w, a) = try Self.world()
        // SHA-256 and P-256 stay acceptable in this table: what ends in 2036 are certificates.
        let noEnds = try Self.policy(
            w, "no-end-dates", "sha256 - t\nsha384 - t\nsha512 - t\necdsa-p256 - t\necdsa-p384 - t\n")
        let unrenewed = try Self.export(w, "unrenewed.evb")

        // 2030: B and B2 renew every anchor (due: A's certificate ends within --renew-before).
        let b = try Self.tsa(w, "TSA B", from: "2030-01-01 00:00:00")
        let b2 = try Self.tsa(w, "TSA B2", from: "2030-01-01 00:00:00")
        let r2030 = try Self.renew(w, at: "2030-06-01 00:00:00", [b, b2], ["--renew-before", "1500"])
        #expect(r2030.status == 0 && r2030.stdoutText.contains("initial"), "\(r2030.stdoutText)\(r2030.stderrText)")
        try Self.crl(&w, b, at: "2030-06-01 00:10:00")
        try Self.crl(&w, b2, at: "2030-06-01 00:10:00")
        // A's CRL from the renewal's time on: the anchor is judged then (a key revoked by then
        // would have made its token unprovable).
        try Self.crl(&w, a, at: "2030-06-01 00:10:00")
        let again = try Self.renew(w, at: "2030-06-02 00:00:00", [b, b2], ["--renew-before", "1500"])
        #expect(again.status == 0 && again.stdoutText.contains("nothing due"), "\(again.stdoutText)")
        let renewed = try Self.export(w, "renewed-2030.evb")

        // 2036: A's certificate ended in 2033.
        let v2036 = try Self.verify(w, renewed, at: "2036-06-01 00:00:00", policy: noEnds)
        #expect(v2036.status == 0, "\(v2036.stdoutText)\(v2036.stderrText)")
        let bare2036 = try Self.verify(w, unrenewed, at: "2036-06-01 00:00:00", policy: noEnds)
        #expect(bare2036.status == 3 && bare2036.stdoutText.contains("expired"), "\(bare2036.stdoutText)")

        // 2038: SHA-256 ends in 2039 (test table): a hash-tree renewal to SHA-512 by C (P-384, SHA-384 signatures).
        let sha256Ends = try Self.policy(
            w, "sha256-ends-2039", "sha256 2039-12-31 t\nsha384 - t\nsha512 - t\necdsa-p256 - t\necdsa-p384 - t\n")
        let c = try Self.tsa(w, "TSA C", from: "2038-01-01 00:00:00", key: "ec-p384")
        let r2038 = try Self.renew(
            w, at: "2038-06-01 00:00:00", [c], ["--renew-before", "730", "--algorithm-policy", sha256Ends])
        #expect(r2038.status == 0 && r2038.stdoutText.contains("hash-tree"), "\(r2038.stdoutText)\(r2038.stderrText)")
        try Self.crl(&w, c, at: "2038-06-01 00:10:00")
        try Self.crl(&w, b, at: "2038-06-01 00:10:00")
        let twice = try Self.export(w, "renewed-2038.evb")

        // 2046: B's certificates ended in 2039, SHA-256 at the end of 2039. Slot 1 (B, then C)
        // proves the anchors; slot 2 (B2 alone) lapsed, which does not undo slot 1.
        let v2046 = try Self.verify(w, twice, at: "2046-06-01 00:00:00", policy: sha256Ends)
        #expect(v2046.status == 0, "\(v2046.stdoutText)\(v2046.stderrText)")
        let once2046 = try Self.verify(w, renewed, at: "2046-06-01 00:00:00", policy: sha256Ends)
        #expect(once2046.status == 3, "\(once2046.stdoutText)")
        #expect(once2046.stdoutText.contains("evidence-record"), "\(once2046.stdoutText)")
        let bare2046 = try Self.verify(w, unrenewed, at: "2046-06-01 00:00:00", policy: sha256Ends)
        #expect(bare2046.status == 3, "\(bare2046.stdoutText)")
    }

    @Test func aRenewalAfterTheCertificateEndedDoesNotRescue() throws {
        var (w, _) = try Self.world()
        let noEnds = try Self.policy(w, "no-end-dates", "sha256 - t\nsha512 - t\necdsa-p256 - t\n")
        // A's certificate ended at the end of 2033; the renewal comes in 2034.
        let late = try Self.tsa(w, "Late TSA", from: "2034-01-01 00:00:00")
        // renew refuses it: the anchor's proof has ended, nothing is recorded (red team R2).
        let r = try Self.renew(w, at: "2034-06-01 00:00:00", [late], ["--force"])
        #expect(
            r.status == 1 && r.stderrText.contains("is no longer provable")
                && r.stderrText.contains("it needed one before 2033"), "\(r.stdoutText)\(r.stderrText)")
        try Self.crl(&w, late, at: "2034-06-01 00:10:00")
        let bundle = try Self.export(w, "late.evb")
        let v = try Self.verify(w, bundle, at: "2036-06-01 00:00:00", policy: noEnds)
        #expect(v.status == 3 && v.stdoutText.contains("expired"), "\(v.stdoutText)")
    }
}
