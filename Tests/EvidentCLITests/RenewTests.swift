import EvidentCore
import EvidentCrypto
import EvidentLedger
import EvidentSQLite
import EvidentTSP
import EvidentTestSupport
import Foundation
import Testing

/// `evident renew` (RFC 4998 evidence records for anchors, issue #18) against the built-in TSA on
/// loopback, `evident evidence-record verify/inspect`, `evident status`, and BouncyCastle 1.72
/// reading our records and writing records we read (docs/evidence-records.md).
@Suite(.serialized) struct RenewTests {
    struct Setup {
        let f: LedgerCLITests.Fixture
        let server: TSAServerTests.Server
        let root: String
    }

    /// A ledger with one receipt anchored by the built-in TSA.
    static func setup() throws -> Setup {
        let (f, server, tsaDir) = try AnchorTests.setup()
        let root = tsaDir.appendingPathComponent("root.pem").path
        let a = try AnchorTests.anchor(f, ["--tsa", server.base + "/", "--tsa-roots", root])
        #expect(a.status == 0, "\(a.stderrText)")
        return Setup(f: f, server: server, root: root)
    }

    static func renew(_ s: Setup, _ extra: [String], tsas: [String]? = nil) throws -> TestSupport.ProcessResult {
        let urls = (tsas ?? [s.server.base + "/"]).flatMap { ["--tsa", $0] }
        return try TestSupport.evident(["renew", "--dir", s.f.ledger, "--tsa-roots", s.root] + urls + extra)
    }

    /// The stored records with each one's data objects, read from the ledger's SQLite store.
    static func records(_ s: Setup) throws -> [(stored: StoredEvidenceRecord, objects: [[UInt8]])] {
        let ledger = try LedgerDirectory(path: s.f.ledger).open()
        let anchors = try ledger.store.anchors(treeSize: nil)
        let notes = try ledger.store.checkpoints()
        return try ledger.store.evidenceRecords(treeSize: nil).sorted { $0.slot < $1.slot }.map { r in
            let anchor = try #require(anchors.first { (try? Digest.hash(.sha256, $0.response)) == r.anchorHash })
            let note = try #require(notes.first { $0.treeSize == anchor.treeSize }).note
            return (r, AnchorEvidence.dataObjects(anchor: anchor, note: note))
        }
    }

    /// Writes a record and its data objects as files; returns (record path, data object paths).
    static func files(_ record: [UInt8], _ objects: [[UInt8]]) throws -> (String, [String]) {
        let dir = try TestSupport.temporaryDirectory()
        let er = dir.appendingPathComponent("record.ers")
        try Data(record).write(to: er)
        let names = ["checkpoint.note", "anchor.tsr", "anchor.tsq", "anchor.chain.pem", "anchor.revocation.pem"]
        let paths = try zip(names, objects).map { name, bytes in
            let u = dir.appendingPathComponent(name)
            try Data(bytes).write(to: u)
            return u.path
        }
        return (er.path, paths)
    }

    static func verify(_ s: Setup, _ record: String, _ data: [String]) throws -> TestSupport.ProcessResult {
        try TestSupport.evident(
            ["evidence-record", "verify", record, "--tsa-roots", s.root, "--revocation-policy", "none"]
                + data.flatMap { ["--data", $0] })
    }

    static func chainLengths(_ stored: StoredEvidenceRecord) throws -> [Int] {
        try EvidenceRecord(derEncoded: stored.record).chains.map(\.count)
    }

    @Test func forceMakesARecordPerAnchorThenNothingIsDue() throws {
        let s = try Self.setup()
        defer { _ = s.server.stop() }
        let first = try Self.renew(s, ["--force", "--json"])
        #expect(first.status == 0, "\(first.stderrText)")
        #expect(first.stdoutText.contains("\"kind\":\"initial\"") && first.stdoutText.contains("\"slot\":1"))
        let records = try Self.records(s)
        let lengths = try Self.chainLengths(records[0].stored)
        #expect(records.count == 1 && lengths == [1])
        // Idempotent: nothing is due for years.
        let again = try Self.renew(s, [])
        #expect(again.status == 0 && again.stdoutText.contains("nothing due; next due 20"), "\(again.stdoutText)")
        #expect(try Self.records(s)[0].stored.record == records[0].stored.record)

        let (er, data) = try Self.files(records[0].stored.record, records[0].objects)
        let ok = try Self.verify(s, er, data)
        #expect(ok.status == 0 && ok.stdoutText.contains("evidence record: valid"), "\(ok.stdoutText)\(ok.stderrText)")
        // One byte of a data object changed: invalid.
        var changed = records[0].objects
        changed[1][changed[1].count / 2] ^= 1
        let (_, badData) = try Self.files(records[0].stored.record, changed)
        let bad = try Self.verify(s, er, badData)
        #expect(bad.status == 1, "\(bad.stdoutText)")
        // One byte of the record changed (in the imprint the time-stamp signs): invalid.
        var record = records[0].stored.record
        let imprint = try EvidenceRecord(derEncoded: record).chains[0][0].timeStamp.tstInfo.messageImprint.hashedMessage
        let at = try #require(Self.find(imprint, in: record))
        record[at] ^= 1
        let (badER, _) = try Self.files(record, records[0].objects)
        let tampered = try Self.verify(s, badER, data)
        #expect(tampered.status == 1, "\(tampered.stdoutText)\(tampered.stderrText)")

        let inspect = try TestSupport.evident(["evidence-record", "inspect", er])
        #expect(
            inspect.status == 0 && inspect.stdoutText.contains("1 chain(s)")
                && inspect.stdoutText.contains("hash sha256") && inspect.stdoutText.contains("CN=Loopback TSA"),
            "\(inspect.stdoutText)")
        let status = try TestSupport.evident(["status", "--dir", s.f.ledger, "--json"])
        #expect(
            status.stdoutText.contains("\"with_record\": 1") && status.stdoutText.contains("\"overdue\": 0"),
            "\(status.stdoutText)")
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for i in 0...(haystack.count - needle.count) where haystack[i..<(i + needle.count)].elementsEqual(needle) {
            return i
        }
        return nil
    }

    /// A policy table giving SHA-256 an end date 30 days from now: within the default margin.
    static func endingSHA256Policy() throws -> String {
        let end = Date().addingTimeInterval(30 * 86_400)
        let f = DateFormatter()
        f.dateFormat = "yyyy-MM-dd"
        f.timeZone = TimeZone(identifier: "UTC")
        let text = AlgorithmPolicy.builtInText.split(separator: "\n").map { line -> String in
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("name ") { return "name test-sha256-ending" }
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("sha256 ") {
                return "sha256 \(f.string(from: end)) test: ending soon"
            }
            return String(line)
        }.joined(separator: "\n")
        let path = try TestSupport.temporaryDirectory().appendingPathComponent("policy.txt")
        try Data(text.utf8).write(to: path)
        return path.path
    }

    @Test func timeStampRenewalsThenAHashTreeRenewal() throws {
        let s = try Self.setup()
        defer { _ = s.server.stop() }
        for _ in 0..<3 { #expect(try Self.renew(s, ["--force"]).status == 0) }
        let renewed = try Self.records(s)
        #expect(try Self.chainLengths(renewed[0].stored) == [3])
        let policy = try Self.endingSHA256Policy()
        let hashTree = try Self.renew(s, ["--algorithm-policy", policy, "--json"])
        #expect(
            hashTree.status == 0 && hashTree.stdoutText.contains("\"kind\":\"hash-tree renewal\"")
                && hashTree.stdoutText.contains("\"hash\":\"sha512\""), "\(hashTree.stdoutText)\(hashTree.stderrText)")
        let records = try Self.records(s)
        #expect(try Self.chainLengths(records[0].stored) == [3, 1])
        let (er, data) = try Self.files(records[0].stored.record, records[0].objects)
        let ok = try Self.verify(s, er, data)
        #expect(ok.status == 0, "\(ok.stdoutText)\(ok.stderrText)")
        #expect(ok.stdoutText.contains("2.1 (hash-tree renewal, sha512): valid"), "\(ok.stdoutText)")
    }

    @Test func twoTSAsKeepTwoSlots() throws {
        let s = try Self.setup()
        defer { _ = s.server.stop() }
        let tsaDir = try TSAServerTests.makeDirectory()
        let second = try TSAServerTests.Server(dir: tsaDir)
        defer { _ = second.stop() }
        // One roots file trusting both TSAs.
        let roots = try TestSupport.temporaryDirectory().appendingPathComponent("roots.pem")
        try Data(
            try Data(contentsOf: URL(fileURLWithPath: s.root))
                + Data(contentsOf: tsaDir.appendingPathComponent("root.pem"))
        ).write(to: roots)
        let r = try TestSupport.evident([
            "renew", "--dir", s.f.ledger, "--tsa-roots", roots.path, "--tsa", s.server.base + "/", "--tsa",
            second.base + "/", "--force",
        ])
        #expect(r.status == 0, "\(r.stderrText)")
        let records = try Self.records(s)
        #expect(records.map(\.stored.slot) == [1, 2])
        let status = try TestSupport.evident(["status", "--dir", s.f.ledger])
        #expect(
            status.stdoutText.contains("slot 1: 1 of 1 anchors with a record")
                && status.stdoutText.contains("slot 2: 1 of 1 anchors with a record"), "\(status.stdoutText)")
    }

    @Test func aBadTokenRecordsNothingAndFails() throws {
        let s = try Self.setup()
        defer { _ = s.server.stop() }
        // A token over another imprint.
        let other = try Self.renew(s, ["--force", "--retries", "1"], tsas: [FakeTSA.shared.url("other")])
        #expect(other.status == 1 && other.stderrText.contains("nothing recorded"), "\(other.stderrText)")
        // A valid token from a TSA whose root is not trusted.
        let untrusted = try Self.renew(s, ["--force", "--retries", "1"], tsas: [FakeTSA.shared.url("ok")])
        #expect(untrusted.status == 1 && untrusted.stderrText.contains("slot 1"), "\(untrusted.stderrText)")
        #expect(try Self.records(s).isEmpty)
        // One good TSA and one bad: the good slot is recorded, the bad one named, exit 1.
        let mixed = try Self.renew(
            s, ["--force", "--retries", "1"], tsas: [s.server.base + "/", FakeTSA.shared.url("other")])
        #expect(mixed.status == 1 && mixed.stderrText.contains("(slot 2)"), "\(mixed.stderrText)")
        #expect(try Self.records(s).map(\.stored.slot) == [1])
    }

    /// The records `evident renew` stores travel in the bundle (`evidence-records/`) and verify
    /// there over the anchor's files exactly as bundled: the bundle verifier reads the data objects
    /// in the order AnchorEvidence defines.
    @Test func renewedRecordsTravelInTheBundle() throws {
        let s = try Self.setup()
        defer { _ = s.server.stop() }
        for _ in 0..<2 { #expect(try Self.renew(s, ["--force"]).status == 0) }
        let bundle = s.f.dir.appendingPathComponent("period.evb").path
        let e = try TestSupport.evident(["export", "--dir", s.f.ledger, "--ledger-key", s.f.pub, "-o", bundle])
        #expect(e.status == 0, "\(e.stderrText)")
        let v = try TestSupport.evident([
            "verify", bundle, "--tsa-roots", s.root, "--revocation-policy", "none", "--ledger-key", s.f.pub, "--json",
        ])
        #expect(
            v.status == 0 && v.stdoutText.contains("\"evidence_records\""), "\(v.stdoutText)\(v.stderrText)")
    }

    /// `--ltv`: the renewing TSA's CRLs are captured, checked and embedded in its archive
    /// time-stamp. A CRL fetched right after stamping was issued before genTime, so a verifier
    /// requiring revocation data from genTime on says indeterminate (never invalid)
    /// until it is given a later CRL; with --revocation-policy none the record is valid.
    @Test func ltvEmbedsTheRenewingTSAsRevocationData() throws {
        let s = try Self.setup()
        defer { _ = s.server.stop() }
        let roots = try TestSupport.temporaryDirectory().appendingPathComponent("roots.pem")
        try Data(
            try Data(contentsOf: URL(fileURLWithPath: s.root))
                + Data(contentsOf: URL(fileURLWithPath: FakeTSA.shared.caFile))
        ).write(to: roots)
        let r = try TestSupport.evident([
            "renew", "--dir", s.f.ledger, "--tsa-roots", roots.path, "--tsa", FakeTSA.shared.url("ok"), "--ltv",
            "--force",
        ])
        #expect(r.status == 0, "\(r.stdoutText)\(r.stderrText)")
        let record = try #require(try Self.records(s).first)
        let (er, data) = try Self.files(record.stored.record, record.objects)
        let inspect = try TestSupport.evident(["evidence-record", "inspect", er, "--json"])
        #expect(!inspect.stdoutText.contains("\"crls\": 0"), "\(inspect.stdoutText)")
        let strict = try TestSupport.evident(
            ["evidence-record", "verify", er, "--tsa-roots", roots.path] + data.flatMap { ["--data", $0] })
        // (Valid only when the fake TSA issued its CRL in genTime's second: it is made at its start.)
        #expect(
            strict.status == 0 || strict.status == 3 && strict.stdoutText.contains("revocation"),
            "\(strict.stdoutText)")
        let v = try TestSupport.evident(
            ["evidence-record", "verify", er, "--tsa-roots", roots.path, "--revocation-policy", "none"]
                + data.flatMap { ["--data", $0] })
        #expect(v.status == 0, "\(v.stdoutText)\(v.stderrText)")
    }

    /// `evidence-record verify --crl`: the revocation data its own advice asks for (red team round
    /// 17, L1: the option did not exist, so under the default policy a record was never valid).
    @Test func evidenceRecordVerifyTakesRevocationData() throws {
        let s = try Self.setup()
        defer { _ = s.server.stop() }
        #expect(try Self.renew(s, ["--force"]).status == 0)
        let record = try #require(try Self.records(s).first)
        let (er, data) = try Self.files(record.stored.record, record.objects)
        let args = ["evidence-record", "verify", er, "--tsa-roots", s.root] + data.flatMap { ["--data", $0] }
        let without = try TestSupport.evident(args)
        #expect(without.status == 3 && without.stdoutText.contains("give --crl/--ocsp"), "\(without.stdoutText)")
        // The built-in TSA's CRL, issued after both time-stamps' genTimes plus their accuracy
        // (1 s): only such data proves good status (docs/verification.md, "TSA revocation").
        Thread.sleep(forTimeInterval: 2)
        let tsaDir = URL(fileURLWithPath: s.root).deletingLastPathComponent().path
        let crl = try TestSupport.temporaryDirectory().appendingPathComponent("crl.pem").path
        #expect(try TestSupport.evident(["tsa", "crl", "--dir", tsaDir, "-o", crl]).status == 0)
        let with = try TestSupport.evident(args + ["--crl", crl])
        #expect(with.status == 0, "\(with.stdoutText)\(with.stderrText)")
    }

    /// `YYYY-MM-DD hh:mm:ss` (UTC), `seconds` from now: a faketime clock.
    static func clock(_ seconds: TimeInterval) -> String {
        ISO8601DateFormatter().string(from: Date().addingTimeInterval(seconds)).replacingOccurrences(of: "T", with: " ")
            .replacingOccurrences(of: "Z", with: "")
    }

    /// One PEM file trusting `paths`.
    static func roots(_ paths: [String]) throws -> String {
        let out = try TestSupport.temporaryDirectory().appendingPathComponent("roots.pem")
        try Data(try paths.flatMap { try Data(contentsOf: URL(fileURLWithPath: $0)) }).write(to: out)
        return out.path
    }

    /// A renewing TSA whose clock is an hour behind the anchoring one: its initial archive
    /// time-stamp would predate the anchor, and every bundle would be invalid. Refused, named,
    /// nothing recorded, exit 1 (red team R5b).
    @Test func aTSAWhoseClockIsBehindTheAnchorIsRefused() throws {
        let s = try Self.setup()
        defer { _ = s.server.stop() }
        let dir = try TestSupport.temporaryDirectory().appendingPathComponent("late-clock")
        let i = try TestSupport.evident(
            at: Self.clock(-86_400), ["tsa", "init", "--dir", dir.path, "--subject", "/O=Evident Tests/CN=Slow Clock"])
        #expect(i.status == 0, "\(i.stderrText)")
        let slow = try TSAServerTests.Server(dir: dir, clock: Self.clock(-3600))
        defer { _ = slow.stop() }
        let roots = try Self.roots([s.root, dir.appendingPathComponent("root.pem").path])
        let r = try TestSupport.evident([
            "renew", "--dir", s.f.ledger, "--tsa-roots", roots, "--tsa", slow.base + "/", "--force",
        ])
        #expect(
            r.status == 1 && r.stderrText.contains("predates the anchor") && r.stderrText.contains("checkpoint"),
            "\(r.stdoutText)\(r.stderrText)")
        #expect(try Self.records(s).isEmpty)
        // The rule is the bundle verifier's: genTime + accuracy + 2 s before the anchor's genTime − accuracy.
        #expect(ArchiveTimeOrder.predatesAnchor(archiveGenTimeMillis: 0, anchorGenTimeMillis: 2001))
        #expect(!ArchiveTimeOrder.predatesAnchor(archiveGenTimeMillis: 0, anchorGenTimeMillis: 2000))
        #expect(
            !ArchiveTimeOrder.predatesAnchor(
                archiveGenTimeMillis: 0, archiveAccuracyMillis: 500, anchorGenTimeMillis: 3000,
                anchorAccuracyMillis: 500))
    }

    /// The anchor's own proof already ended (here: its signature algorithm past its end date in
    /// the algorithm policy): a renewal now cannot prove it. Refused, named with when it was
    /// needed, nothing recorded, exit 1; `status` counts it as lapsed, not overdue (red team R2).
    /// A record whose proof ended likewise is refused as lapsed.
    @Test func aLapsedAnchorOrRecordIsRefused() throws {
        let s = try Self.setup()
        defer { _ = s.server.stop() }
        let f = DateFormatter()
        f.dateFormat = "yyyy-MM-dd"
        f.timeZone = TimeZone(identifier: "UTC")
        let yesterday = f.string(from: Date().addingTimeInterval(-86_400))
        let text = AlgorithmPolicy.builtInText.split(separator: "\n").map { line -> String in
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix("name ") { return "name test-p256-ended" }
            if t.hasPrefix("ecdsa-p256 ") { return "ecdsa-p256 \(yesterday) test: ended" }
            return String(line)
        }.joined(separator: "\n")
        let policy = try TestSupport.temporaryDirectory().appendingPathComponent("policy.txt")
        try Data(text.utf8).write(to: policy)

        let r = try Self.renew(s, ["--algorithm-policy", policy.path])
        #expect(
            r.status == 1 && r.stderrText.contains("the anchor of checkpoint")
                && r.stderrText.contains("is no longer provable")
                && r.stderrText.contains("a renewal now cannot prove it; it needed one before"),
            "\(r.stdoutText)\(r.stderrText)")
        #expect(!r.stdoutText.contains("proven until"), "\(r.stdoutText)")
        #expect(try Self.records(s).isEmpty)

        // A record made while the policy allowed it, then judged under the ended one.
        #expect(try Self.renew(s, ["--force"]).status == 0)
        let status = try TestSupport.evident(
            ["status", "--dir", s.f.ledger, "--algorithm-policy", policy.path, "--json"])
        #expect(
            status.stdoutText.contains("\"lapsed\": 1") && status.stdoutText.contains("\"overdue\": 0"),
            "\(status.stdoutText)\(status.stderrText)")
        let text2 = try TestSupport.evident(["status", "--dir", s.f.ledger, "--algorithm-policy", policy.path])
        #expect(text2.stdoutText.contains("0 overdue, 1 lapsed"), "\(text2.stdoutText)")
        let before = try Self.records(s)[0].stored.record
        let lapsed = try Self.renew(s, ["--algorithm-policy", policy.path])
        #expect(
            lapsed.status == 1 && lapsed.stderrText.contains("had lapsed")
                && lapsed.stderrText.contains("a renewal now cannot prove it"),
            "\(lapsed.stdoutText)\(lapsed.stderrText)")
        #expect(try Self.records(s)[0].stored.record == before)
        // Under the default policy nothing lapsed.
        let fine = try TestSupport.evident(["status", "--dir", s.f.ledger, "--json"])
        #expect(fine.stdoutText.contains("\"lapsed\": 0"), "\(fine.stdoutText)")
    }

    /// The same renewal on a ledger kept in PostgreSQL: records stored, idempotent, shown by status.
    @Test func renewsAPostgresLedger() throws {
        let f = try LedgerCLITests.fixture(.postgres)
        _ = try LedgerCLITests.mint(f, LedgerCLITests.flags(f))
        let tsaDir = try TSAServerTests.makeDirectory()
        let server = try TSAServerTests.Server(dir: tsaDir)
        defer { _ = server.stop() }
        let s = Setup(f: f, server: server, root: tsaDir.appendingPathComponent("root.pem").path)
        #expect(try AnchorTests.anchor(f, ["--tsa", server.base + "/", "--tsa-roots", s.root]).status == 0)
        let first = try Self.renew(s, ["--force"])
        #expect(
            first.status == 0 && first.stdoutText.contains("slot 1: initial"), "\(first.stdoutText)\(first.stderrText)")
        let renewed = try Self.renew(s, ["--force"])
        #expect(renewed.stdoutText.contains("slot 1: time-stamp renewal"), "\(renewed.stdoutText)\(renewed.stderrText)")
        let again = try Self.renew(s, [])
        #expect(again.status == 0 && again.stdoutText.contains("nothing due"), "\(again.stdoutText)")
        let status = try TestSupport.evident(["status", "--dir", f.ledger])
        #expect(status.stdoutText.contains("slot 1: 1 of 1 anchors with a record"), "\(status.stdoutText)")
    }

    /// docs/evidence-records.md's test vector: a tree of two leaves and its root.
    @Test func theDocumentedTestVector() throws {
        let a = try Digest.hash(.sha256, Array("a".utf8)), b = try Digest.hash(.sha256, Array("b".utf8))
        let (root, trees) = try ArchiveHashTree.build([.init(hashes: [a]), .init(hashes: [b])], .sha256)
        #expect(trees[0] == [[a, b]] && trees[1] == [[b, a]])
        let doc = try String(
            contentsOf: TestSupport.repoRoot.appendingPathComponent("docs/evidence-records.md"), encoding: .utf8)
        #expect(doc.contains(Hex.encode(a)) && doc.contains(Hex.encode(b)) && doc.contains(Hex.encode(root)))
    }

    // MARK: BouncyCastle 1.72 both ways

    static let classpath = ["bcprov", "bcpkix", "bcutil"].map { "/usr/share/java/\($0).jar" }.joined(separator: ":")

    /// Compiles the oracle once; nil (the test says why) when no JDK or BouncyCastle is installed.
    static func oracle() throws -> String? {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/java"),
            FileManager.default.isExecutableFile(atPath: "/usr/bin/javac"),
            FileManager.default.fileExists(atPath: "/usr/share/java/bcpkix.jar")
        else { return nil }
        let out = try TestSupport.temporaryDirectory().path
        let src = TestSupport.repoRoot.appendingPathComponent("Tests/oracles/ers/ErsOracle.java").path
        let c = try TestSupport.run("/usr/bin/javac", ["-cp", classpath, "-d", out, src])
        #expect(c.status == 0, "\(c.stderrText)")
        return out
    }

    static func java(_ oracle: String, _ args: [String]) throws -> TestSupport.ProcessResult {
        try TestSupport.run("/usr/bin/java", ["-cp", oracle + ":" + classpath, "ErsOracle"] + args)
    }

    @Test func bouncyCastleVerifiesOurRecordsAndWeVerifyTheirs() throws {
        guard let oracle = try Self.oracle() else {
            print("RenewTests: SKIPPED the BouncyCastle interop test: java/javac or /usr/share/java/bcpkix.jar missing")
            return
        }
        let s = try Self.setup()
        defer { _ = s.server.stop() }
        func bcVerifies(_ stage: String) throws {
            let r = try Self.records(s)[0]
            let (er, data) = try Self.files(r.stored.record, r.objects)
            let v = try Self.java(oracle, ["verify", "--er", er, "--group"] + data + ["--root", s.root])
            #expect(v.status == 0, "\(stage): \(v.stdoutText)\(v.stderrText)")
        }
        #expect(try Self.renew(s, ["--force"]).status == 0)
        try bcVerifies("initial")
        for _ in 0..<2 { #expect(try Self.renew(s, ["--force"]).status == 0) }
        try bcVerifies("after two time-stamp renewals")
        #expect(try Self.renew(s, ["--algorithm-policy", try Self.endingSHA256Policy()]).status == 0)
        #expect(try Self.chainLengths(try Self.records(s)[0].stored) == [3, 1])
        try bcVerifies("after a hash-tree renewal")

        // Records BouncyCastle makes and renews, over the same data objects.
        let r = try Self.records(s)[0]
        let (_, data) = try Self.files(r.stored.record, r.objects)
        let dir = try TestSupport.temporaryDirectory().path
        let tsa = s.server.base + "/"
        let steps: [(String, [String])] = [
            ("made", ["make", "--tsa", tsa, "--out", dir + "/1.ers", "--group"] + data),
            ("renew-ts", ["renew-ts", "--tsa", tsa, "--er", dir + "/1.ers", "--out", dir + "/2.ers"]),
            ("renew-ts", ["renew-ts", "--tsa", tsa, "--er", dir + "/2.ers", "--out", dir + "/3.ers"]),
            (
                "renew-hash",
                [
                    "renew-hash", "--tsa", tsa, "--er", dir + "/3.ers", "--out", dir + "/4.ers", "--hash", "sha512",
                    "--group",
                ]
                    + data
            ),
        ]
        for (n, (what, args)) in steps.enumerated() {
            let made = try Self.java(oracle, args)
            #expect(made.status == 0, "\(what): \(made.stdoutText)\(made.stderrText)")
            let v = try Self.verify(s, dir + "/\(n + 1).ers", data)
            #expect(v.status == 0, "BouncyCastle's record after \(what): \(v.stdoutText)\(v.stderrText)")
        }
    }
}
