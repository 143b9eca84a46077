import EvidentCore
import EvidentCrypto
import EvidentDER
import EvidentLedger
import EvidentSQLite
import EvidentTSP
import EvidentTestSupport
import Foundation
import Testing

@testable import EvidentBundle

/// Export and offline verification, and the tamper matrix: each kind of tampering is detected
/// with its own check name, and a clean bundle verifies valid.
@Suite struct BundleTests {
    static let origin = "evident.test/bundle"

    /// A ledger of 10 receipts in two streams, checkpoints at 6 and 10, each anchored by an
    /// in-process TSA (the responder, no network), and its exported bundle. Timeline (the ledger's
    /// clock fixed): 6 receipts at t0, anchored at t0+30 s; 4 at t0+40 s, anchored at t0+60 s.
    final class Fixture: @unchecked Sendable {
        let dir: URL
        let ledger: Ledger
        let key: LedgerKey
        let root: [X509Certificate]
        let bundle: String
        let responder: TimeStampResponder
        /// The TSA root's CRL (nothing revoked), given to the verifier out of band.
        let crl: X509CRL
        var t0: Int64 { now - 120 }
        let now: Int64
        let expiredTSA: Bool
        let tsa: TSADirectory
        /// Distinguishes the receipts of a second ledger (a fork) from this one's.
        let resourcePrefix: String

        /// `tsaCertificatesFrom`: when the TSA's root and certificate start (default: now); far in
        /// the past gives a TSA whose certificate has expired by the time it signs. `sharing`: a
        /// second ledger with the same origin, key and TSA (a fork), with other receipts.
        /// `journal`: key records put into the ledger before anything is minted.
        /// `second`: what happens between the first anchor (t0+30 s) and the second (t0+60 s);
        /// by default 4 receipts minted at t0+40 s.
        init(
            tsaCertificatesFrom: Int64? = nil, sharing other: Fixture? = nil,
            journal: (LedgerKey, Int64) throws -> [KeyRecord] = { _, _ in [] },
            second: ((Fixture) throws -> Void)? = nil
        ) throws {
            now = other?.now ?? Int64(Date().timeIntervalSince1970)
            dir = try TestSupport.temporaryDirectory()
            ledger = try LedgerDirectory(path: dir.appendingPathComponent("ledger").path).initialize(
                origin: BundleTests.origin)
            key = try other?.key ?? LedgerKey.generate()
            resourcePrefix = other == nil ? "api-" : "fork-"
            if let other {
                tsa = other.tsa
                expiredTSA = other.expiredTSA
                responder = other.responder
            } else {
                tsa = TSADirectory(path: dir.appendingPathComponent("tsa").path)
                try tsa.initialize(
                    keyKind: .ecP256, subject: [("O", "Tests"), ("CN", "Bundle TSA")],
                    policy: try OID(dotted: "1.3.6.1.4.1.99999.1"),
                    passphrase: nil, now: tsaCertificatesFrom ?? now)
                expiredTSA = tsaCertificatesFrom != nil
                let (config, serials) = try tsa.load(passphrase: nil)
                responder = try TimeStampResponder(configuration: config, serials: serials)
            }
            root = try PEM.certificates(TestSupport.read(URL(fileURLWithPath: tsa.path + "/root.pem")))
            crl = try tsa.issueCRL(passphrase: nil, revokeTSA: nil, now: now, validity: 86_400)
            bundle = dir.appendingPathComponent("period.evb").path
            for record in try journal(key, now) {
                try ledger.store.addKeyRecord(try record.encoded(), addedAtMillis: now * 1000)
            }
            try mint(6, at: t0)
            try anchor(at: t0 + 30)
            if let second {
                try second(self)
                try anchor(at: t0 + 60)
            } else if other == nil {
                try mint(4, at: t0 + 40)
                try anchor(at: t0 + 60)
            } else {
                try mint(2, at: t0 + 35)
                try anchor(at: t0 + 50)
            }
            try BundleExporter.perReceipt(ledger: ledger, scope: .init()).export(to: bundle, nowMillis: now * 1000)
        }

        /// Mints `n` receipts with the ledger's clock at `at` (seconds).
        func mint(_ n: Int, at: Int64) throws {
            let drafts = try (0..<n).map { i in
                try Minter.draft(
                    json: Array(
                        """
                        {"stream":"\(i % 2 == 0 ? "agent-7" : "deploy")","decision":"\(i % 3 == 0 ? "deny" : "allow")","actor":"ci","action":"tool.call","resource":"\(resourcePrefix)\(i)","scope":{},"policy":{"id":"p","version":"1","hash":"\(String(repeating: "a", count: 64))"}}
                        """.utf8), nowMillis: at * 1000)
            }
            var minter = Minter(ledger: ledger, key: key)
            minter.clock = { at * 1000 }
            _ = try minter.mint(drafts)
        }

        /// Signs a checkpoint and anchors it with genTime `at` (seconds).
        func anchor(at: Int64) throws {
            let cp = try ledger.checkpoint(
                signers: [try NoteSigner(name: BundleTests.origin, key: key.secretKey)], nowMillis: now * 1000)
            let digest = try Digest.hash(.sha256, cp.note)
            let request = try TimeStampRequest(
                messageImprint: try MessageImprint(algorithm: .sha256, digest: digest), certReq: true
            ).derBytes()
            let response = responder.respond(to: request, now: (at, 0)).response
            var options = VerificationOptions(trustedRoots: root, now: now)
            options.expectedImprint = try MessageImprint(algorithm: .sha256, digest: digest)
            if expiredTSA { options.validationTime = .at(now - 30 * 365 * 86_400) }  // only to build the record below
            let report = TimeStampVerifier(options: options).verify(response, isResponse: true)
            precondition(expiredTSA || report.verdict == .valid, "\(report.firstProblem.map(\.description) ?? "")")
            let tst = report.tstInfo!
            try ledger.store.saveAnchor(
                StoredAnchor(
                    treeSize: cp.treeSize, checkpointHash: digest, tsaURL: "http://tsa.test/", response: response,
                    request: request,
                    genTimeMillis: tst.genTime.secondsSinceEpoch * 1000,
                    chainPEM: report.chainCertificates.map { PEM.encode($0, label: "CERTIFICATE") }.joined(),
                    revocationPEM: "", createdAtMillis: now * 1000))
        }

        func verifier(keys: [Ed25519.PublicKey]? = nil, roots: [X509Certificate]? = nil) -> BundleVerifier {
            var v = BundleVerifier(ledgerKeys: keys ?? [key.publicKey], tsaRoots: roots ?? root, now: now + 60)
            v.crls = [crl]
            return v
        }

        func verify(_ path: String? = nil) -> BundleReport { verifier().verify(path: path ?? bundle) }

        func entries() throws -> [(name: String, bytes: [UInt8])] { try TarReader.read(path: bundle, limits: .default) }

        /// Writes a tampered copy; with `fixManifest`, the manifest's digests and receipt count are
        /// recomputed, as an attacker would (the manifest is not signed).
        func tampered(
            from source: String? = nil, fixManifest: Bool = true,
            _ change: (inout [(name: String, bytes: [UInt8])]) throws -> Void
        ) throws -> String {
            var e = try TarReader.read(path: source ?? bundle, limits: .default)
            try change(&e)
            if fixManifest, let m = e.firstIndex(where: { $0.name == BundleFormat.manifest }) {
                guard case .object(let o) = try JCS.parse(e[m].bytes) else { fatalError() }
                let receiptsEntry = e.first(where: { $0.name == BundleFormat.receipts })
                let receipts = receiptsEntry?.bytes.filter({ $0 == 0x0A }).count ?? 0
                var members = o.members.filter { $0.key != "files" && $0.key != "counts" }
                members.append(
                    .init(
                        "files",
                        .object(
                            try JCSObject(
                                try e.filter { $0.name != BundleFormat.manifest }.map {
                                    JCSObject.Member($0.name, .string(Hex.encode(try Digest.hash(.sha256, $0.bytes))))
                                }))))
                guard case .object(let counts)? = o["counts"] else { fatalError() }
                members.append(
                    .init(
                        "counts",
                        .object(
                            try JCSObject(
                                counts.members.filter { $0.key != "receipts" } + [
                                    .init("receipts", .number(Double(receipts)))
                                ]))))
                e[m].bytes = try JCS.serialize(.object(try JCSObject(members))) + [0x0A]
            }
            return try write(e)
        }

        func write(_ e: [(name: String, bytes: [UInt8])], typeflag: UInt8? = nil) throws -> String {
            let path = dir.appendingPathComponent("tampered-\(UUID().uuidString).evb").path
            var out: [UInt8] = []
            for (k, entry) in e.enumerated() {
                var h = try Tar.header(name: entry.name, size: UInt64(entry.bytes.count))
                if let typeflag, k == e.count - 1 {
                    h[156] = typeflag
                    for i in 148..<156 { h[i] = 0x20 }
                    let digits = String(h.reduce(0) { $0 + UInt64($1) }, radix: 8)
                    for (i, b) in (Array((String(repeating: "0", count: 6 - digits.count) + digits).utf8) + [0, 0x20])
                        .enumerated()
                    { h[148 + i] = b }
                }
                out += h + entry.bytes + [UInt8](repeating: 0, count: Tar.padding(for: UInt64(entry.bytes.count)))
            }
            out += [UInt8](repeating: 0, count: 1024)
            try Data(out).write(to: URL(fileURLWithPath: path))
            return path
        }

        /// Replaces line `n` (0-based) of a JSON-lines entry.
        static func editLine(
            _ e: inout [(name: String, bytes: [UInt8])], _ name: String, _ n: Int, _ f: ([UInt8]) throws -> [[UInt8]]
        ) rethrows {
            let i = e.firstIndex { $0.name == name }!
            var lines = e[i].bytes.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false).map { Array($0) }
            lines.replaceSubrange(n...n, with: try f(lines[n]))
            e[i].bytes = lines.flatMap { $0 + [0x0A] }
        }

        static func replace(_ line: [UInt8], _ key: String, _ value: JCSValue) throws -> [UInt8] {
            guard case .object(let o) = try JCS.parse(line) else { fatalError() }
            return try JCS.serialize(.object(try JCSObject(o.members.filter { $0.key != key } + [.init(key, value)])))
        }
    }

    static let shared: Fixture = { do { return try Fixture() } catch { fatalError("fixture: \(error)") } }()

    func expectFailure(_ path: String, _ check: CheckName, _ f: Fixture = BundleTests.shared) {
        let r = f.verify(path)
        #expect(r.verdict == .invalid, "\(r.findings)")
        #expect(r.firstProblem?.check == check, "\(r.findings)")
    }

    @Test func cleanExportVerifiesValid() throws {
        let f = Self.shared
        let r = f.verify()
        #expect(r.verdict == .valid, "\(r.findings)")
        #expect(r.summary.receipts == 10 && r.summary.streams == [ExactText("agent-7"): 5, ExactText("deploy"): 5])
        #expect(r.summary.checkpoints == [6, 10] && r.summary.anchors.count == 2 && r.summary.unanchored == 0)
        #expect(r.summary.windows.allSatisfy { $0.notAfter != nil })
        let names = try f.entries().map(\.name)
        #expect(names.first == BundleFormat.manifest && names.contains("VERIFY") && names.contains("anchors/10-1.tsr"))
        let verifyText = String(decoding: try f.entries().first { $0.name == "VERIFY" }!.bytes, as: UTF8.self)
        #expect(
            verifyText.contains("openssl ts -verify -data checkpoints/") && verifyText.contains("-CAfile TSA-ROOTS.pem")
        )
        #expect(
            verifyText.contains("openssl pkeyutl -verify -pubin -inkey LEDGER-KEY.pem -rawin")
                && !verifyText.contains("sha256sum"))
        // A filtered selection verifies too (only adjacent seqs are chain-checked).
        let filtered = f.dir.appendingPathComponent("deny.evb").path
        try BundleExporter.perReceipt(ledger: f.ledger, scope: .init(decision: "deny")).export(
            to: filtered, nowMillis: f.now * 1000)
        let fr = f.verify(filtered)
        #expect(
            fr.verdict == .valid && fr.summary.denies == fr.summary.receipts && fr.summary.receipts > 0,
            "\(fr.findings)")
    }

    @Test func modifiedReceipt() throws {
        let p = try Self.shared.tampered {
            try Fixture.editLine(&$0, BundleFormat.receipts, 2) {
                [try Fixture.replace($0, "resource", .string("api-x"))]
            }
        }
        expectFailure(p, "receipt-signature")
    }

    @Test func flippedSignatureByte() throws {
        let p = try Self.shared.tampered {
            try Fixture.editLine(&$0, BundleFormat.receipts, 1) { line in
                let r = try Receipt(json: line)
                var sig = r.signature
                sig[10] ^= 0x01
                return [try Fixture.replace(line, "sig", .string(Base64.encode(sig)))]
            }
        }
        expectFailure(p, "receipt-signature")
    }

    @Test func deletedReceipt() throws {
        let p = try Self.shared.tampered {
            Fixture.editLine(&$0, BundleFormat.receipts, 4) { _ in [] }
            Fixture.editLine(&$0, BundleFormat.proofs, 4) { _ in [] }
        }
        expectFailure(p, "completeness")
    }

    @Test func expiredTSACertificate() throws {
        // The TSA's certificate (10 years from 30 years ago) had expired when it signed: the
        // anchors are invalid at their genTime.
        let f = try Fixture(tsaCertificatesFrom: Int64(Date().timeIntervalSince1970) - 30 * 365 * 86_400)
        let r = f.verify()
        #expect(r.verdict == .invalid, "\(r.findings)")
        #expect(
            r.firstProblem?.check == "anchor" && r.firstProblem?.reason.contains("expired") == true, "\(r.findings)")
    }

    @Test func truncatedLog() throws {
        // The last two receipts cut off (the manifest fixed up as an attacker would).
        let p = try Self.shared.tampered { e in
            for name in [BundleFormat.receipts, BundleFormat.proofs] {
                Fixture.editLine(&e, name, 9) { _ in [] }
                Fixture.editLine(&e, name, 8) { _ in [] }
            }
        }
        expectFailure(p, "completeness")
    }

    @Test func forkedChain() throws {
        // Someone holding the ledger key signs a second agent-7 receipt with the same seq and prev
        // (another resource) and swaps it in: it is not the receipt the log committed to.
        let f = Self.shared
        let original = try Receipt(
            json: f.entries().first { $0.name == BundleFormat.receipts }!.bytes.split(separator: 0x0A).map(Array.init)[
                2])
        var d = original.draft
        d.resource = "api-forked"
        let fork = try d.sign(with: f.key)
        let p = try f.tampered { e in
            Fixture.editLine(&e, BundleFormat.receipts, 2) { _ in [fork.canonicalBytes] }
            try Fixture.editLine(&e, BundleFormat.proofs, 2) { l in
                [try Fixture.replace(l, "hash", .string(fork.receiptHashHex))]
            }
        }
        let r = f.verify(p)
        #expect(r.verdict == .invalid, "\(r.findings)")
        #expect(["inclusion", "chain"].contains(r.firstProblem?.check ?? ""), "\(r.findings)")
    }

    @Test func reorderedReceipts() throws {
        let p = try Self.shared.tampered { e in
            for name in [BundleFormat.receipts, BundleFormat.proofs] {
                var a: [UInt8] = []
                Fixture.editLine(&e, name, 3) { l in
                    a = l; return []
                }
                Fixture.editLine(&e, name, 3) { l in [l, a] }
            }
        }
        expectFailure(p, "order")
    }

    @Test func insertedForeignReceipt() throws {
        // A receipt of another ledger, with the best proof line an attacker can forge.
        let other = try LedgerKey.generate()
        var d = try Minter.draft(
            json: Array(
                #"{"stream":"agent-7","decision":"allow","actor":"x","action":"tool.call","resource":"r","scope":{},"policy":{"id":"p","version":"1","hash":"\#(String(repeating: "b", count: 64))"}}"#
                    .utf8), nowMillis: Self.shared.now * 1000)
        d.sequence = 99
        d.previous = String(repeating: "c", count: 64)
        let foreign = try d.sign(with: other)
        let p = try Self.shared.tampered { e in
            Fixture.editLine(&e, BundleFormat.receipts, 9) { l in [l, foreign.canonicalBytes] }
            try Fixture.editLine(&e, BundleFormat.proofs, 9) { l in
                [
                    l,
                    try Fixture.replace(
                        try Fixture.replace(l, "hash", .string(foreign.receiptHashHex)), "leaf_index", .number(10)),
                ]
            }
        }
        expectFailure(p, "inclusion")
    }

    @Test func replacedCheckpoint() throws {
        let p = try Self.shared.tampered { e in
            let i = e.firstIndex { $0.name == BundleFormat.checkpointNote(10) }!
            var lines = e[i].bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map { Array($0) }
            lines[2] = Array(try MerkleHash(Array(repeating: 7, count: 32)).base64.utf8)
            e[i].bytes = Array(lines.joined(separator: [0x0A]))
        }
        expectFailure(p, "checkpoint-signature")
    }

    @Test func droppedAnchorIsIndeterminate() throws {
        let p = try Self.shared.tampered { e in
            e.removeAll { $0.name.hasPrefix("anchors/10-1") }
            let m = e.firstIndex { $0.name == BundleFormat.manifest }!
            guard case .object(let o) = try JCS.parse(e[m].bytes), case .array(let anchors)? = o["anchors"] else {
                fatalError()
            }
            e[m].bytes = try JCS.serialize(
                .object(
                    try JCSObject(o.members.filter { $0.key != "anchors" } + [.init("anchors", .array([anchors[0]]))])))
        }
        let r = Self.shared.verify(p)
        #expect(r.verdict == .indeterminate, "\(r.findings)")
        #expect(r.firstProblem?.check == "anchor-coverage" && r.summary.unanchored == 4)
    }

    @Test func anchorOfAnotherCheckpoint() throws {
        let p = try Self.shared.tampered { e in
            let m = e.firstIndex { $0.name == BundleFormat.manifest }!
            guard case .object(let o) = try JCS.parse(e[m].bytes), case .array(let anchors)? = o["anchors"],
                case .object(let a1) = anchors[1]
            else { fatalError() }
            let moved = JCSValue.object(
                try JCSObject(a1.members.filter { $0.key != "tree_size" } + [.init("tree_size", .number(6))]))
            e[m].bytes = try JCS.serialize(
                .object(
                    try JCSObject(
                        o.members.filter { $0.key != "anchors" } + [.init("anchors", .array([anchors[0], moved]))])))
        }
        expectFailure(p, "anchor")
    }

    @Test func untrustedTSAIsIndeterminate() throws {
        let otherRoot = TSADirectory(path: Self.shared.dir.appendingPathComponent("other-tsa").path)
        try otherRoot.initialize(
            keyKind: .ecP256, subject: [("O", "Other"), ("CN", "Other TSA")],
            policy: try OID(dotted: "1.3.6.1.4.1.99999.1"), passphrase: nil, now: Self.shared.now)
        let roots = try PEM.certificates(TestSupport.read(URL(fileURLWithPath: otherRoot.path + "/root.pem")))
        let r = Self.shared.verifier(roots: roots).verify(path: Self.shared.bundle)
        #expect(r.verdict == .indeterminate && r.findings.contains { $0.check == "anchor" }, "\(r.findings)")
    }

    @Test func keyNotGivenIsIndeterminate() throws {
        let r = Self.shared.verifier(keys: [try LedgerKey.generate().publicKey]).verify(path: Self.shared.bundle)
        #expect(r.verdict == .indeterminate, "\(r.findings)")
        #expect(
            r.findings.contains { $0.check == "receipt-key" }
                && r.findings.contains { $0.check == "checkpoint-signature" })
    }

    @Test func manifestDigestMismatch() throws {
        let p = try Self.shared.tampered(fixManifest: false) { e in
            let i = e.firstIndex { $0.name == BundleFormat.verifyText }!
            e[i].bytes += Array("openssl ts -verify -in /dev/evil\n".utf8)
        }
        expectFailure(p, "manifest-digest")
    }

    @Test func unlistedExtraFile() throws {
        let p = try Self.shared.tampered(fixManifest: false) { $0.append(("notes.txt", Array("hi\n".utf8))) }
        expectFailure(p, "unlisted-file")
    }

    @Test func dotDotEntryName() throws {
        let p = try Self.shared.tampered(fixManifest: false) { $0.append(("../evil", Array("x".utf8))) }
        expectFailure(p, "archive-path")
        let abs = try Self.shared.tampered(fixManifest: false) { $0.append(("/etc/evil", Array("x".utf8))) }
        expectFailure(abs, "archive-path")
    }

    /// An anchor invalid because its TSA's certificate was revoked is not called altered: an
    /// honest bundle anchored by a TSA found compromised later is invalid too (red team round 17).
    @Test func adviceForARevokedTSASaysNothingOfAlteration() {
        let revoked = Finding(
            "anchor", .invalid, object: "anchors/4-1.tsr",
            reason: "chain: certificate revoked: CN=TSA,O=Example at 2027-05-01T00:00:00Z, reason 1")
        #expect(BundleReport.advice(revoked).contains("whether or not the bundle was altered"))
        let forged = Finding("anchor", .invalid, object: "anchors/4-1.tsr", reason: "imprint: not the checkpoint note")
        #expect(BundleReport.advice(forged).contains("it was altered or is not what it claims to be"))
    }

    /// One reading of a checkpoint note's name for both kinds: its size and whether it is cosigned.
    @Test func checkpointEntryNames() {
        #expect(BundleFormat.checkpointEntry("checkpoints/42.note")! == (42, false))
        #expect(BundleFormat.checkpointEntry("checkpoints/007.cosigned.note")! == (7, true))
        #expect(BundleFormat.checkpointEntry("checkpoints/18446744073709551615.note")! == (UInt64.max, false))
        for name in [
            "checkpoints/18446744073709551616.note", "checkpoints/.note", "checkpoints/.cosigned.note",
            "checkpoints/4x.note", "checkpoints/+4.note", "checkpoints/42.cosigned", "checkpoints/a/42.note",
            "anchors/42.note", "checkpoints/123456789012345678901.note",
        ] {
            #expect(BundleFormat.checkpointEntry(name) == nil, "\(name)")
        }
        #expect(BundleFormat.isCheckpointNote("checkpoints/42.note"))
        #expect(!BundleFormat.isCheckpointNote("checkpoints/42.cosigned.note"))
        // A cosigned note is an entry from v3 on; a plain note in every version.
        #expect(!BundleFormat.isEntryName("checkpoints/42.cosigned.note", version: 2))
        #expect(BundleFormat.isEntryName("checkpoints/42.cosigned.note", version: 3))
        #expect(BundleFormat.isEntryName("checkpoints/42.note", version: 2))
    }

    @Test func duplicateEntryNames() throws {
        let p = try Self.shared.tampered(fixManifest: false) { e in
            e.append(e.first { $0.name == BundleFormat.receipts }!)
        }
        expectFailure(p, "archive-duplicate")
    }

    @Test func linkEntry() throws {
        let f = Self.shared
        var e = try f.entries()
        e.append(("link", []))
        expectFailure(try f.write(e, typeflag: UInt8(ascii: "2")), "archive-link")
    }

    @Test func nonCanonicalReceiptJSON() throws {
        let p = try Self.shared.tampered {
            Fixture.editLine(&$0, BundleFormat.receipts, 0) { [[UInt8(ascii: "{"), 0x20] + $0.dropFirst()] }
        }
        expectFailure(p, "receipt-canonical")
    }

    @Test func duplicateJSONKeys() throws {
        let p = try Self.shared.tampered {
            Fixture.editLine(&$0, BundleFormat.receipts, 0) { [Array(#"{"v":"1","#.utf8) + $0.dropFirst()] }
        }
        expectFailure(p, "receipt-json")
        let m = try Self.shared.tampered(fixManifest: false) { e in
            e[0].bytes = Array(#"{"format":"x","#.utf8) + e[0].bytes.dropFirst()
        }
        expectFailure(m, "manifest")
    }

    @Test func readingLimits() throws {
        let f = Self.shared
        var v = f.verifier()
        // Each limit at the bundle's own size is accepted (so a lowered limit fails this test)…
        let entries = try f.entries()
        let largest = UInt64(entries.map(\.bytes.count).max()!)
        // checked on the file
        let total = UInt64(try FileManager.default.attributesOfItem(atPath: f.bundle)[.size] as! Int)
        let longestLine = entries.filter { $0.name.hasSuffix(".jsonl") }.flatMap { $0.bytes.split(separator: 0x0A) }
            .map(\.count).max()!
        v.limits = BundleLimits(
            maxEntries: entries.count, maxEntrySize: largest, maxTotalSize: total, maxLineLength: longestLine)
        #expect(v.verify(path: f.bundle).verdict == .valid, "\(v.verify(path: f.bundle).findings)")
        // …and one below it is not.
        v.limits = BundleLimits(maxEntries: entries.count - 1)
        #expect(v.verify(path: f.bundle).firstProblem?.check == "archive-limit")
        v.limits = BundleLimits(maxEntrySize: largest - 1)
        #expect(v.verify(path: f.bundle).firstProblem?.check == "archive-limit")
        v.limits = BundleLimits(maxTotalSize: total - 1)
        #expect(v.verify(path: f.bundle).firstProblem?.check == "archive-limit")
        v.limits = BundleLimits(maxLineLength: longestLine - 1)
        #expect(v.verify(path: f.bundle).verdict == .invalid)
        v.limits = BundleLimits(maxEntries: 3)
        #expect(v.verify(path: f.bundle).firstProblem?.check == "archive-limit")
        v.limits = BundleLimits(maxEntrySize: 100)
        #expect(v.verify(path: f.bundle).firstProblem?.check == "archive-limit")
        v.limits = BundleLimits(maxTotalSize: 4096)
        #expect(v.verify(path: f.bundle).firstProblem?.check == "archive-limit")
        v.limits = BundleLimits(maxLineLength: 100)  // every receipt line is longer
        let longLines = v.verify(path: f.bundle)
        #expect(longLines.firstProblem?.check == "receipt-json", "\(longLines.findings)")
        let bytes = try TestSupport.read(URL(fileURLWithPath: f.bundle))
        let truncated = f.dir.appendingPathComponent("truncated.evb")
        try Data(bytes.prefix(1500)).write(to: truncated)
        #expect(f.verify(truncated.path).firstProblem?.check == "archive")
    }

    @Test func exportFailureLeavesNoFile() throws {
        let f = try Fixture()
        try f.mint(1, at: f.t0 + 70)  // the log grew since the newest checkpoint
        let out = f.dir.appendingPathComponent("grown.evb").path
        #expect(throws: BundleExporter.Failure.self) {
            try BundleExporter.perReceipt(ledger: f.ledger, scope: .init()).export(to: out, nowMillis: f.now * 1000)
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: f.dir.path)
        #expect(!left.contains { $0.contains("grown.evb") }, "\(left)")
        #expect(throws: BundleExporter.Failure.self) {
            try BundleExporter.perReceipt(ledger: f.ledger, scope: .init(stream: "nope")).export(
                to: out, nowMillis: f.now * 1000)
        }
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}

extension BundleExporter {
    /// An exporter of the per-receipt-proof layout (formats v2–v4): the tamper and soundness
    /// tests written for it edit proofs.jsonl. Format v5 has its own (CompactBundleTests).
    static func perReceipt(ledger: Ledger, scope: Scope) -> BundleExporter {
        var e = BundleExporter(ledger: ledger, scope: scope)
        e.proofLayout = .perReceipt
        return e
    }
}
