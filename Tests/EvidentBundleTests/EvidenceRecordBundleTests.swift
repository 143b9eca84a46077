import EvidentCore
import EvidentCrypto
import EvidentDER
import EvidentLedger
import EvidentTSP
import EvidentTestSupport
import Foundation
import Testing

@testable import EvidentBundle

/// Evidence records in bundles (issue #18), in process with injected clocks: TSA A anchors now
/// (certificate for 10 years); TSA B, set up 5 years on, renews; the verifier runs 12 years on,
/// when A's certificate has long expired. (The CLI's time travel under libfaketime is in
/// LongTermTests and RenewTests.)
@Suite struct EvidenceRecordBundleTests {
    static let year: Int64 = 365 * 86_400

    /// A second TSA whose certificates start at `from`.
    final class TSA: @unchecked Sendable {
        let directory: TSADirectory
        let responder: TimeStampResponder
        let root: [X509Certificate]
        let chainPEM: [UInt8]

        init(from: Int64, name: String, key: PrivateKey.Kind = .ecP256) throws {
            let dir = try TestSupport.temporaryDirectory().appendingPathComponent("tsa")
            directory = TSADirectory(path: dir.path)
            try directory.initialize(
                keyKind: key, subject: [("O", "Tests"), ("CN", name)], policy: try OID(dotted: "1.3.6.1.4.1.99999.2"),
                passphrase: nil, now: from)
            let (config, serials) = try directory.load(passphrase: nil)
            responder = try TimeStampResponder(configuration: config, serials: serials)
            root = try PEM.certificates(TestSupport.read(dir.appendingPathComponent("root.pem")))
            chainPEM = try TestSupport.read(dir.appendingPathComponent("chain.pem"))
        }

        /// An archive time-stamp at `at` over `root` with `algorithm`, carrying this TSA's chain
        /// and a CRL issued just after — and one of each TSA in `renewing` (whose tokens it
        /// renews), as `evident renew --ltv` captures them.
        func stamp(
            _ root: [UInt8], _ algorithm: DigestAlgorithm, at: Int64, renewing: [TSADirectory] = []
        ) throws -> TimeStampToken {
            let request = try TimeStampRequest(
                messageImprint: try MessageImprint(algorithm: algorithm, digest: root), certReq: true
            ).derBytes()
            let response = try TimeStampResponse(derEncoded: responder.respond(to: request, now: (at, 0)).response)
            guard let token = response.token else { throw CocoaError(.featureUnsupported) }
            let crls = try ([directory] + renewing).map {
                try $0.issueCRL(passphrase: nil, revokeTSA: nil, now: at + 1, validity: 86_400).derBytes
            }
            return try token.addingValidationData(
                certificates: PEM.blocks(chainPEM, label: "CERTIFICATE"), crls: crls, ocspResponses: [])
        }
    }

    /// The five data objects of each anchor, as the bundle carries them.
    static func anchors(_ f: BundleTests.Fixture) throws -> [(anchor: StoredAnchor, objects: [[UInt8]])] {
        let notes = Dictionary(uniqueKeysWithValues: try f.ledger.store.checkpoints().map { ($0.treeSize, $0.note) })
        return try f.ledger.store.anchors(treeSize: nil).map { a in
            (a, [notes[a.treeSize]!, a.response, a.request, Array(a.chainPEM.utf8), Array(a.revocationPEM.utf8)])
        }
    }

    /// Gives every anchor (slot 1) a first archive time-stamp by `tsa` at `at`, all under one
    /// tree, and re-exports.
    static func renewAll(
        _ f: BundleTests.Fixture, _ tsa: TSA, at: Int64, algorithm: DigestAlgorithm = .sha256,
        withAnchorCRL: Bool = true
    ) throws -> String {
        let items = try anchors(f)
        let leaves = try items.map {
            ArchiveHashTree.Leaf(hashes: try ArchiveRenewal.initialHashes(objects: $0.objects, algorithm))
        }
        let (root, trees) = try ArchiveHashTree.build(leaves, algorithm)
        let token = try tsa.stamp(root, algorithm, at: at, renewing: withAnchorCRL ? [f.tsa] : [])
        for ((a, _), tree) in zip(items, trees) {
            let ats = ArchiveTimeStamp(
                digestAlgorithm: AlgorithmIdentifier(digest: algorithm), reducedHashtree: tree, timeStamp: token)
            let record = try EvidenceRecord(digestAlgorithms: [], chains: []).appending(ats, newChain: true)
            try f.ledger.store.saveEvidenceRecord(
                StoredEvidenceRecord(
                    treeSize: a.treeSize, anchorHash: try Digest.hash(.sha256, a.response), slot: 1,
                    record: try record.derBytes(), updatedAtMillis: at * 1000),
                replacing: nil)
        }
        return try export(f)
    }

    /// Extends every slot-1 record: a time-stamp renewal, or (`hashTree`) a new chain with `algorithm`.
    static func extendAll(
        _ f: BundleTests.Fixture, _ tsa: TSA, at: Int64, hashTree algorithm: DigestAlgorithm? = nil,
        renewing: [TSA] = []
    ) throws -> String {
        let items = try anchors(f)
        let stored = try f.ledger.store.evidenceRecords(treeSize: nil)
        var records: [(StoredEvidenceRecord, EvidenceRecord)] = []
        var leaves: [ArchiveHashTree.Leaf] = []
        let alg = algorithm ?? .sha256
        for (a, objects) in items {
            let hash = try Digest.hash(.sha256, a.response)
            let s = stored.first { $0.anchorHash == hash }!
            let r = try EvidenceRecord(derEncoded: s.record)
            records.append((s, r))
            if let algorithm {
                let ha = try ArchiveRenewal.previousChainsHash(r.chains[...], algorithm)
                leaves.append(
                    .init(
                        hashes: try ArchiveRenewal.hashTreeRenewalHashes(
                            objects: objects, previousChainsHash: ha, algorithm)))
            } else {
                leaves.append(.init(hashes: try ArchiveRenewal.timeStampRenewalHashes(r.chains.last!, alg)))
            }
        }
        let (root, trees) = try ArchiveHashTree.build(leaves, alg)
        let token = try tsa.stamp(root, alg, at: at, renewing: renewing.map(\.directory))
        for ((s, r), tree) in zip(records, trees) {
            let ats = ArchiveTimeStamp(
                digestAlgorithm: AlgorithmIdentifier(digest: alg), reducedHashtree: tree, timeStamp: token)
            let renewed = try r.appending(ats, newChain: algorithm != nil)
            try f.ledger.store.saveEvidenceRecord(
                StoredEvidenceRecord(
                    treeSize: s.treeSize, anchorHash: s.anchorHash, slot: 1, record: try renewed.derBytes(),
                    updatedAtMillis: at * 1000),
                replacing: s.record)
        }
        return try export(f)
    }

    static func export(_ f: BundleTests.Fixture) throws -> String {
        let path = f.dir.appendingPathComponent("renewed-\(UUID().uuidString).evb").path
        try BundleExporter.perReceipt(ledger: f.ledger, scope: .init()).export(to: path, nowMillis: f.now * 1000)
        return path
    }

    static func verify(
        _ f: BundleTests.Fixture, _ path: String, at: Int64, tsas: [TSA], policy: AlgorithmPolicy = .withoutEndDates
    ) -> BundleReport {
        var v = BundleVerifier(ledgerKeys: [f.key.publicKey], tsaRoots: f.root + tsas.flatMap(\.root), now: at)
        v.crls = [f.crl]
        v.algorithmPolicy = policy
        return v.verify(path: path)
    }

    static func describe(_ r: BundleReport) -> String { r.findings.map(\.description).joined(separator: "\n") }

    @Test func aRenewalBeforeTheTSACertificateExpiresKeepsTheBundleValid() throws {
        let f = try BundleTests.Fixture()
        let b = try TSA(from: f.now + 5 * Self.year, name: "Renewing TSA B")
        let renewed = try Self.renewAll(f, b, at: f.now + 5 * Self.year + 86_400)
        // Today both are valid; 12 years on, A's certificate has expired (2 years ago).
        let later = f.now + 12 * Self.year
        // Verified before the renewal was made, its time-stamp is from the future: invalid.
        let early = Self.verify(f, renewed, at: f.now + 60, tsas: [b])
        #expect(early.verdict == .invalid && early.findings.first?.check == .evidenceRecord, "\(Self.describe(early))")
        let r = Self.verify(f, renewed, at: later, tsas: [b])
        #expect(r.verdict == .valid, "\(Self.describe(r))")
        let records = r.summary.anchors.flatMap(\.evidenceRecords)
        #expect(records.count == 2 && records.allSatisfy { $0.verdict == .valid && $0.provenAt != nil })
        #expect(records.allSatisfy { $0.timeStamps.map(\.kind) == ["initial"] })
        // The JSON report carries them; a v4 manifest lists them.
        #expect(String(decoding: try r.json(), as: UTF8.self).contains("\"evidence_records\""))
        // Without the renewal: indeterminate, naming the expiry.
        let bare = Self.verify(f, f.bundle, at: later, tsas: [b])
        #expect(bare.verdict == .indeterminate, "\(Self.describe(bare))")
        #expect(bare.findings.first?.check == .anchor && bare.findings.first?.reason.contains("expired") == true)
        // Past B's certificate too (15 years on): the renewal needs renewing.
        let tooLate = Self.verify(f, renewed, at: f.now + 16 * Self.year, tsas: [b])
        #expect(tooLate.verdict == .indeterminate && tooLate.findings.first?.check == .evidenceRecord)
    }

    @Test func aRenewalAfterTheExpiryDoesNotRescueIt() throws {
        let f = try BundleTests.Fixture()
        let b = try TSA(from: f.now + 10 * Self.year, name: "Late TSA")
        // A's certificate ended 10 years after `now`; this renewal comes a month after.
        let renewed = try Self.renewAll(f, b, at: f.now + 10 * Self.year + 30 * 86_400)
        let r = Self.verify(f, renewed, at: f.now + 12 * Self.year, tsas: [b])
        #expect(r.verdict == .indeterminate, "\(Self.describe(r))")
        #expect(r.findings.contains { $0.check == .anchor && $0.reason.contains("expired") }, "\(Self.describe(r))")
    }

    @Test func timeStampAndHashTreeRenewalsChain() throws {
        let f = try BundleTests.Fixture()
        let b = try TSA(from: f.now + 5 * Self.year, name: "TSA B")
        // C signs with ECDSA P-384 / SHA-384: a renewal's own signature must outlive SHA-256 too.
        let c = try TSA(from: f.now + 13 * Self.year, name: "TSA C", key: .ecP384)
        _ = try Self.renewAll(f, b, at: f.now + 5 * Self.year + 86_400)
        _ = try Self.extendAll(f, b, at: f.now + 7 * Self.year)
        // SHA-256 reaches its end date 14 years on (a test table); the hash-tree renewal at 13 comes in time.
        let end = f.now + 14 * Self.year
        let day = try DERTime(secondsSinceEpoch: end).description.prefix(10)
        let policy = try AlgorithmPolicy(
            text:
                "name test-sha256-ends\nsha256 \(day) test\nsha384 - test\nsha512 - test\necdsa-p256 - test\necdsa-p384 - test\n",
            name: "test")
        let twoChains = try Self.extendAll(f, c, at: f.now + 13 * Self.year, hashTree: .sha512, renewing: [b])
        let r = Self.verify(f, twoChains, at: f.now + 20 * Self.year, tsas: [b, c], policy: policy)
        #expect(
            r.verdict == .valid,
            "\(Self.describe(r)) \(r.summary.anchors.first?.evidenceRecords.first?.timeStamps.map { "\($0.kind) \($0.verdict)" } ?? [])"
        )
        let kinds = r.summary.anchors.first?.evidenceRecords.first?.timeStamps.map(\.kind)
        #expect(kinds == ["initial", "time-stamp renewal", "hash-tree renewal"], "\(kinds ?? [])")
    }

    @Test func tamperedOrMisplacedRecordsAreInvalid() throws {
        let f = try BundleTests.Fixture()
        let b = try TSA(from: f.now + 5 * Self.year, name: "TSA B")
        let renewed = try Self.renewAll(f, b, at: f.now + 5 * Self.year + 86_400)
        let later = f.now + 12 * Self.year
        func check(_ change: (inout [(name: String, bytes: [UInt8])]) throws -> Void) throws -> BundleReport {
            Self.verify(f, try f.tampered(from: renewed, change), at: later, tsas: [b])
        }
        // One byte of a record's hash tree.
        let flipped = try check { e in
            let i = e.firstIndex { $0.name.hasPrefix("evidence-records/") }!
            let record = try EvidenceRecord(derEncoded: e[i].bytes)
            var changed = record
            changed.chains[0][0].reducedHashtree![0][0][5] ^= 0x40
            e[i].bytes = try changed.derBytes()
        }
        #expect(
            flipped.verdict == .invalid && flipped.findings.first?.check == .evidenceRecord, "\(Self.describe(flipped))"
        )
        // The two anchors' records swapped.
        let swapped = try check { e in
            let r = e.indices.filter { e[$0].name.hasPrefix("evidence-records/") }
            let first = e[r[0]].bytes
            e[r[0]].bytes = e[r[1]].bytes
            e[r[1]].bytes = first
        }
        #expect(
            swapped.verdict == .invalid && swapped.findings.first?.check == .evidenceRecord, "\(Self.describe(swapped))"
        )
        // A record whose time-stamp was replaced by one from an untrusted TSA over the same root.
        let stranger = try TSA(from: f.now + 5 * Self.year, name: "Stranger")
        let forged = try check { e in
            let i = e.firstIndex { $0.name.hasPrefix("evidence-records/") }!
            var record = try EvidenceRecord(derEncoded: e[i].bytes)
            let imprint = record.chains[0][0].timeStamp.tstInfo.messageImprint.hashedMessage
            record.chains[0][0].timeStamp = try stranger.stamp(imprint, .sha256, at: f.now + 5 * Self.year + 86_400)
            e[i].bytes = try record.derBytes()
        }
        #expect(forged.verdict == .indeterminate, "\(Self.describe(forged))")
        #expect(forged.findings.first?.check == .evidenceRecord, "\(Self.describe(forged))")
        // A record the manifest lists for an anchor it does not hold.
        let dangling = try check { e in
            let m = e.firstIndex { $0.name == BundleFormat.manifest }!
            let text = String(decoding: e[m].bytes, as: UTF8.self).replacingOccurrences(
                of: "\"anchor\":\"anchors/10-1.tsr\"", with: "\"anchor\":\"anchors/99-1.tsr\"")
            e[m].bytes = Array(text.utf8)
        }
        #expect(
            dangling.verdict == .invalid && dangling.findings.contains { $0.check == .evidenceRecord },
            "\(Self.describe(dangling))")
    }

    /// Red team 8, K: the anchor proven at the renewal's time needs its TSA's revocation data
    /// from then on; the CRL of its own genTime cannot rule out a key stolen and revoked since
    /// (a token backdated with it would carry exactly that clean CRL).
    @Test func anchorProvenByARecordNeedsRevocationDataFromThen() throws {
        let f = try BundleTests.Fixture()
        let b = try TSA(from: f.now + 5 * Self.year, name: "TSA B")
        let renewed = try Self.renewAll(f, b, at: f.now + 5 * Self.year + 86_400, withAnchorCRL: false)
        let r = Self.verify(f, renewed, at: f.now + 12 * Self.year, tsas: [b])
        #expect(r.verdict == .indeterminate, "\(Self.describe(r))")
        #expect(
            r.findings.contains { $0.check == .anchor && $0.reason.contains("revocation") },
            "\(Self.describe(r))")
    }

    /// Red team 8, A4 and A7: a record is named for its anchor and slot, and every record file is
    /// listed as one.
    @Test func recordsAreNamedForTheirAnchorAndListed() throws {
        let f = try BundleTests.Fixture()
        let b = try TSA(from: f.now + 5 * Self.year, name: "TSA B")
        let renewed = try Self.renewAll(f, b, at: f.now + 5 * Self.year + 86_400)
        let later = f.now + 12 * Self.year
        // The slot-1 record of anchor 10-1 renamed as slot 2 (file and manifest entry alike).
        let renamed = Self.verify(
            f,
            try f.tampered(from: renewed) { e in
                let i = e.firstIndex { $0.name == "evidence-records/10-1.1.ers" }!
                e[i].name = "evidence-records/10-1.2.ers"
                let m = e.firstIndex { $0.name == BundleFormat.manifest }!
                e[m].bytes = Array(
                    String(decoding: e[m].bytes, as: UTF8.self).replacingOccurrences(
                        of: "\"record\":\"evidence-records/10-1.1.ers\"",
                        with: "\"record\":\"evidence-records/10-1.2.ers\""
                    ).utf8)
            }, at: later, tsas: [b])
        #expect(
            renamed.verdict == .invalid
                && renamed.findings.contains { $0.reason.contains("is not named for its anchor") },
            "\(Self.describe(renamed))")
        // A record file the manifest's files list but evidence_records does not.
        let extra = Self.verify(
            f,
            try f.tampered(from: renewed) { e in
                let i = e.firstIndex { $0.name == "evidence-records/10-1.1.ers" }!
                e.append((name: "evidence-records/10-1.3.ers", bytes: e[i].bytes))
            }, at: later, tsas: [b])
        #expect(
            extra.verdict == .invalid
                && extra.findings.contains { $0.reason.contains("is not listed in evidence_records") },
            "\(Self.describe(extra))")
    }
}
