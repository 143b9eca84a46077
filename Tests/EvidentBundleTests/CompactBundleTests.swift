import EvidentCore
import EvidentCrypto
import EvidentLedger
import EvidentTestSupport
import Foundation
import Testing

@testable import EvidentBundle

/// Format v5 (docs/bundle.md, "Format v5"): one multi-proof for all receipts. Export and verify
/// round trips agree with the per-receipt layout (v4) on every receipt; the tamper matrix of the
/// multi-proof (each with the manifest rewritten, as an attacker would); the period's boundary
/// inside the one proof; limits.
@Suite struct CompactBundleTests {
    typealias Fixture = BundleTests.Fixture
    typealias Entries = [(name: String, bytes: [UInt8])]

    static let shared: Fixture = { do { return try Fixture() } catch { fatalError("fixture: \(error)") } }()

    static func export(
        _ f: Fixture, _ scope: BundleExporter.Scope = .init(), layout: BundleExporter.ProofLayout = .multiProof
    )
        throws -> String
    {
        let path = f.dir.appendingPathComponent("v5-\(UUID().uuidString).evb").path
        var e = BundleExporter(ledger: f.ledger, scope: scope)
        e.proofLayout = layout
        e.allowUnanchored = true
        try e.export(to: path, nowMillis: f.now * 1000)
        return path
    }

    /// An export refuses a store with an entry missing: the whole log names it; a selection,
    /// which asks the store only for its own entries (its criteria in the query, one window of
    /// the log at a time), checks that the store holds the whole window, since the missing
    /// entry could be one of its own — here it is (one stream) and is not (another decision).
    @Test func aMissingEntryIsRefusedByTheWholeLogAndBySelections() throws {
        let f = try Fixture()
        let sqlite = f.dir.appendingPathComponent("ledger/ledger.sqlite").path
        let victim = try #require(try f.ledger.store.entry(index: 3))
        _ = try Self.export(f, .init(stream: victim.stream))  // before: fine
        let deleted = try TestSupport.run(
            "/usr/bin/python3",
            [
                "-c",
                "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('DELETE FROM receipts WHERE idx = 3'); c.commit()",
                sqlite,
            ])
        #expect(deleted.status == 0, "\(deleted.stderrText)")
        let whole = #expect(throws: BundleExporter.Failure.self) { _ = try Self.export(f) }
        #expect(
            whole?.code == .corruptStore && whole?.detail.contains("no entry 3") == true, "\(String(describing: whole))"
        )
        let other = victim.decision == "allow" ? "deny" : "allow"
        for scope in [
            BundleExporter.Scope(stream: victim.stream), .init(decision: other), .init(from: (f.t0 + 1) * 1000),
        ] {
            let e = #expect(throws: BundleExporter.Failure.self) { _ = try Self.export(f, scope) }
            #expect(
                e?.code == .corruptStore && e?.detail.contains("lacks entries") == true,
                "\(scope) \(String(describing: e))")
        }
    }

    /// The period [t0+? …): receipts 2…7 of the 10 (leaves 0–5 at t0, 6–9 at t0+40 s): from t0+40 s
    /// up to (not including) nothing — leaves 6…9 — has a neighbour before (leaf 5) only.
    static func periodScope(_ f: Fixture) -> BundleExporter.Scope { .init(from: (f.t0 + 40) * 1000) }

    static func lines(_ e: Entries, _ name: String) -> [[UInt8]] {
        guard let entry = e.first(where: { $0.name == name }), !entry.bytes.isEmpty else { return [] }
        return entry.bytes.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false).map { Array($0) }
    }

    static func setLines(_ e: inout Entries, _ name: String, _ lines: [[UInt8]]) {
        let i = e.firstIndex { $0.name == name }!
        e[i].bytes = lines.flatMap { $0 + [0x0A] }
    }

    static func set(_ e: inout Entries, _ name: String, _ bytes: [UInt8]) {
        e[e.firstIndex { $0.name == name }!].bytes = bytes
    }

    static func bytes(_ e: Entries, _ name: String) -> [UInt8] { e.first { $0.name == name }?.bytes ?? [] }

    /// Recomputes multiproof.bin from the ledger for the indices the bundle now states (what an
    /// attacker can do from the bundle alone: the hashes of the leaves it dropped are proof hashes).
    static func reprove(_ f: Fixture, _ e: inout Entries) throws {
        var indices: [UInt64] = []
        for name in [BundleFormat.leaves, BundleFormat.boundaryLeaves] {
            for line in lines(e, name) {
                let run = LeafRuns.parse(line[...])!
                indices += (run.first..<(run.first + run.count)).map { $0 }
            }
        }
        let covering = try f.ledger.store.latestCheckpoint()!.treeSize
        let proof = try f.ledger.store.merkle.multiProof(leaves: indices.sorted(), treeSize: covering)
        set(&e, BundleFormat.multiProof, proof.flatMap(\.bytes))
    }

    static func expect(
        _ f: Fixture, _ path: String, _ verdict: Verdict, _ check: CheckName?,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let r = f.verify(path)
        #expect(r.verdict == verdict, "\(r.findings)", sourceLocation: sourceLocation)
        if let check { #expect(r.findings.first?.check == check, "\(r.findings)", sourceLocation: sourceLocation) }
    }

    /// One stream's selection with a stated start carries the stream's receipt before its first
    /// as a boundary leaf of the multi-proof; a forger who recomputes the proof cannot make a
    /// withheld first receipt verify valid.
    @Test func aStreamSelectionWithAStartCarriesItsPredecessor() throws {
        let f = Self.shared
        let path = try Self.export(f, .init(from: (f.t0 + 40) * 1000, stream: "deploy"))
        Self.expect(f, path, .valid, nil)
        let e = try TarReader.read(path: path, limits: .default)
        #expect(Self.lines(e, BundleFormat.boundaryReceipts).count == 1)
        #expect(Self.lines(e, BundleFormat.boundaryLeaves).count == 1)
        func reproved(_ change: (inout Entries) -> Void) throws -> String {
            try f.tampered(from: path) { e in
                change(&e)
                try Self.reprove(f, &e)
            }
        }
        // The first receipt withheld, its leaf dropped from leaves.jsonl and the proof recomputed.
        func dropFirst(_ e: inout Entries) {
            let r = Self.lines(e, BundleFormat.receipts), l = Self.lines(e, BundleFormat.leaves)
            let run = LeafRuns.parse(l[0][...])!
            Self.setLines(&e, BundleFormat.receipts, Array(r.dropFirst()))
            let rest = run.count > 1 ? [Array("[\(run.first + 1),\(run.count - 1)]".utf8)] : []
            Self.setLines(&e, BundleFormat.leaves, rest + l.dropFirst())
        }
        Self.expect(f, try reproved(dropFirst), .invalid, .streamChain)
        // And the carried receipt too: nothing rules the withheld receipt out.
        let bothDropped = try reproved { e in
            dropFirst(&e)
            Self.setLines(&e, BundleFormat.boundaryReceipts, [])
            Self.setLines(&e, BundleFormat.boundaryLeaves, [])
        }
        Self.expect(f, bothDropped, .indeterminate, .streamChain)
    }

    @Test func roundTripsAgreeWithThePerReceiptLayout() throws {
        let f = Self.shared
        for scope in [
            BundleExporter.Scope(), .init(decision: "deny"), .init(stream: "deploy"), Self.periodScope(f),
            .init(from: (f.t0 + 40) * 1000, stream: "deploy"),
        ] {
            let v5 = try Self.export(f, scope), v4 = try Self.export(f, scope, layout: .perReceipt)
            let r5 = f.verify(v5), r4 = f.verify(v4)
            #expect(r5.verdict == .valid, "\(scope): \(r5.findings)")
            #expect(r4.verdict == .valid, "\(scope): \(r4.findings)")
            #expect(r5.summary.windows.map(\.hash) == r4.summary.windows.map(\.hash))
            #expect(r5.summary.windows.map(\.leafIndex) == r4.summary.windows.map(\.leafIndex))
            #expect(r5.summary.windows.map(\.notAfter) == r4.summary.windows.map(\.notAfter))
            #expect(r5.summary.completeness == r4.summary.completeness && r5.summary.leaves == r4.summary.leaves)
            let e = try TarReader.read(path: v5, limits: .default)
            let names = Set(e.map(\.name))
            #expect(names.isSuperset(of: [BundleFormat.leaves, BundleFormat.boundaryLeaves, BundleFormat.multiProof]))
            #expect(!names.contains(BundleFormat.proofs) && !names.contains(BundleFormat.boundaryProofs))
            guard case .object(let m) = try JCS.parse(Self.bytes(e, BundleFormat.manifest)) else { fatalError() }
            #expect(m.uint("version") == 5)
        }
        // The whole log has no gap: its multi-proof is empty.
        let whole = try TarReader.read(path: try Self.export(f), limits: .default)
        #expect(Self.bytes(whole, BundleFormat.multiProof).isEmpty)
        #expect(Self.lines(whole, BundleFormat.leaves) == [Array("[0,10]".utf8)])
        // A period: one run, its neighbour before in the same proof.
        let period = try TarReader.read(path: try Self.export(f, Self.periodScope(f)), limits: .default)
        #expect(Self.lines(period, BundleFormat.leaves) == [Array("[6,4]".utf8)])
        #expect(Self.lines(period, BundleFormat.boundaryLeaves) == [Array("[5,1]".utf8)])
        #expect(Self.bytes(period, BundleFormat.multiProof).count == 64)  // [0,4) = L2/0 and leaf 4
    }

    /// The tamper matrix: each edit, with the manifest's digests and count rewritten.
    @Test func tamperMatrix() throws {
        let f = Self.shared
        let deny = try Self.export(f, .init(decision: "deny"))
        let denyEntries = try TarReader.read(path: deny, limits: .default)
        let all = Self.lines(try TarReader.read(path: try Self.export(f), limits: .default), BundleFormat.receipts)
        let denyReceipts = Self.lines(denyEntries, BundleFormat.receipts)
        #expect(denyReceipts.count >= 3)
        func tampered(_ source: String = deny, _ change: (inout Entries) throws -> Void) throws -> String {
            try f.tampered(from: source, change)
        }
        // A receipt swapped for another validly signed receipt of the same log.
        let other = all.first { !denyReceipts.contains($0) }!
        Self.expect(
            f, try tampered { Fixture.editLine(&$0, BundleFormat.receipts, 1) { _ in [other] } }, .invalid, .inclusion)
        // Two receipts exchanged (both genuine, both listed): each is not at its index.
        Self.expect(
            f,
            try tampered {
                var r = Self.lines($0, BundleFormat.receipts)
                r.swapAt(0, 1)
                Self.setLines(&$0, BundleFormat.receipts, r)
            }, .invalid, .inclusion)
        // An index shifted (the run moved by one), proof kept.
        Self.expect(
            f,
            try tampered {
                var runs = Self.lines($0, BundleFormat.leaves).map { LeafRuns.parse($0[...])! }
                runs[0] = .init(first: runs[0].first + 1, count: runs[0].count)
                if runs.count > 1, runs[0].first + runs[0].count >= runs[1].first { return }
                Self.setLines(&$0, BundleFormat.leaves, runs.map { Array(LeafRuns.line($0).dropLast()) })
            }, .invalid, .inclusion)
        // A proof hash altered, removed, added.
        let proof = Self.bytes(denyEntries, BundleFormat.multiProof)
        #expect(proof.count >= 64)
        var altered = proof
        altered[40] ^= 1
        Self.expect(f, try tampered { Self.set(&$0, BundleFormat.multiProof, altered) }, .invalid, .inclusion)
        Self.expect(
            f, try tampered { Self.set(&$0, BundleFormat.multiProof, Array(proof.dropLast(32))) }, .invalid, .proof)
        Self.expect(
            f, try tampered { Self.set(&$0, BundleFormat.multiProof, proof + proof.prefix(32)) }, .invalid, .proof)
        Self.expect(
            f, try tampered { Self.set(&$0, BundleFormat.multiProof, Array(proof.dropLast(1))) }, .invalid, .proof)
        // Runs out of order, overlapping, touching; a malformed run.
        let runs = Self.lines(denyEntries, BundleFormat.leaves)
        #expect(runs.count >= 2)
        Self.expect(
            f, try tampered { Self.setLines(&$0, BundleFormat.leaves, [runs[1], runs[0]] + runs.dropFirst(2)) },
            .invalid, .order)
        let r0 = LeafRuns.parse(runs[0][...])!
        for bad in ["[\(r0.first),\(r0.count)]", "[\(r0.first + r0.count),1]"] {
            Self.expect(
                f,
                try tampered {
                    Self.setLines(&$0, BundleFormat.leaves, [runs[0], Array(bad.utf8)] + runs.dropFirst(1))
                },
                .invalid, bad.hasPrefix("[\(r0.first),") ? .order : .proof)
        }
        for bad in ["[01,1]", "[1,0]", "[ 1,1]", "[1,1] ", "{\"a\":1}", "[1,1,1]", "[1e0,1]", "[-1,1]"] {
            Self.expect(
                f, try tampered { Self.setLines(&$0, BundleFormat.leaves, [Array(bad.utf8)] + runs.dropFirst(1)) },
                .invalid, .proof)
        }
        // The receipt count disagrees with the runs.
        Self.expect(
            f, try tampered { Self.setLines(&$0, BundleFormat.receipts, Array(denyReceipts.dropLast())) }, .invalid,
            .proof)
        Self.expect(
            f, try tampered { Self.setLines(&$0, BundleFormat.receipts, denyReceipts + [other]) }, .invalid, .proof)
        // A run far past what receipts.jsonl holds, or past the covering size.
        Self.expect(
            f, try tampered { Self.setLines(&$0, BundleFormat.leaves, [Array("[0,9007199254740990]".utf8)]) }, .invalid,
            .proof)
        // The proof files missing, or the per-receipt file added to a v5 bundle.
        Self.expect(
            f, try tampered { $0.removeAll { $0.name == BundleFormat.multiProof } }, .invalid, .proof)
        Self.expect(f, try tampered { $0.removeAll { $0.name == BundleFormat.leaves } }, .invalid, .proof)
        Self.expect(
            f, try tampered { $0.append((BundleFormat.proofs, [])) }, .invalid, .unlistedFile)
        // The genuine bundle still verifies.
        Self.expect(f, deny, .valid, nil)
    }

    /// Red team 9 (W2, W3): without a verified checkpoint the tree size the proof is folded against
    /// is only the manifest's unsigned claim, so a proof that does not fit it is undecided, never
    /// invalid; and a leaf index past the tree is named as such, not as a short proof.
    @Test func theProofIsJudgedOnlyAgainstASignedTreeSize() throws {
        let f = Self.shared
        let deny = try Self.export(f, .init(decision: "deny"))
        let stranger = try Ed25519.SecretKey(seed: [UInt8](repeating: 7, count: 32)).publicKey
        for size in [0, 5] {
            let edited = try f.tampered(from: deny) {
                let m = $0.firstIndex { $0.name == BundleFormat.manifest }!
                guard case .object(let o) = try JCS.parse($0[m].bytes) else { fatalError() }
                let members = o.members.map {
                    $0.key == "covering_tree_size" ? JCSObject.Member($0.key, .number(Double(size))) : $0
                }
                $0[m].bytes = try JCS.serialize(.object(try JCSObject(members))) + [0x0A]
            }
            let r = f.verifier(keys: [stranger]).verify(path: edited)
            #expect(r.verdict == .indeterminate, "size \(size): \(r.findings)")
            // With the ledger's key, the same edit is caught by the signed checkpoint.
            #expect(f.verify(edited).verdict == .invalid)
        }
        let past = try f.tampered(from: deny) {
            var runs = Self.lines($0, BundleFormat.leaves).map { LeafRuns.parse($0[...])! }
            runs[runs.count - 1] = .init(first: 9_007_199_254_740_990, count: runs[runs.count - 1].count)
            Self.setLines(&$0, BundleFormat.leaves, runs.map { Array(LeafRuns.line($0).dropLast()) })
        }
        let r = f.verify(past)
        #expect(r.verdict == .invalid && r.findings.first?.check == .proof, "\(r.findings)")
        #expect(r.findings.first?.reason.contains("not in the tree of") == true, "\(r.findings)")
    }

    /// Red team 9 (W4): a checkpoint note the manifest's `checkpoints` list does not name would be
    /// carried without being checked (a forked log's note, or a note under another size's name).
    @Test func everyCheckpointNoteCarriedIsChecked() throws {
        let f = Self.shared
        let whole = try Self.export(f)
        let entries = try TarReader.read(path: whole, limits: .default)
        let note = try #require(entries.first { $0.name.hasPrefix("checkpoints/") && $0.name.hasSuffix(".note") })
        let extra = try f.tampered(from: whole) { $0.append(("checkpoints/999999.note", note.bytes)) }
        let r = f.verify(extra)
        #expect(r.verdict == .invalid, "\(r.findings)")
        #expect(
            r.findings.contains { $0.check == .unlistedFile && $0.object == "checkpoints/999999.note" }, "\(r.findings)"
        )
        Self.expect(f, whole, .valid, nil)
    }

    /// An index the multi-proof does not prove is never shown as a fact: with `--all` the receipts
    /// are still listed, their log positions null, no time bounded by them, completeness not proven.
    @Test func unprovenIndicesAreNotShown() throws {
        let f = Self.shared
        let whole = try Self.export(f, .init(from: f.t0 * 1000))
        let forged = try f.tampered(from: whole) {
            var r = Self.lines($0, BundleFormat.receipts)
            r.swapAt(0, 2)  // two receipts of one stream exchanged: each is not at its index
            Self.setLines(&$0, BundleFormat.receipts, r)
        }
        var v = f.verifier()
        v.all = true
        let r = v.verify(path: forged)
        #expect(r.verdict == .invalid && r.findings.first?.check == .inclusion, "\(r.findings)")
        #expect(
            r.summary.windows.count == 10 && r.summary.windows.allSatisfy { $0.leafIndex == nil && $0.notAfter == nil })
        #expect(r.summary.leaves == nil && r.summary.completeness == .notProven)
        let good = v.verify(path: whole)
        #expect(good.verdict == .valid && good.summary.leaves == 0...9 && good.summary.completeness != .notProven)
    }

    /// The period's neighbours are leaves of the one proof: dropping one and re-proving what is
    /// left makes completeness unproven (indeterminate) or, for the start of the log, invalid;
    /// a receipt dropped from inside the period is a gap (invalid), whatever the proof says.
    @Test func boundaryInsideTheProof() throws {
        let f = Self.shared
        let period = try Self.export(f, Self.periodScope(f))
        Self.expect(f, period, .valid, nil)
        // The neighbour removed, the proof not recomputed: the proof no longer fits.
        Self.expect(
            f,
            try f.tampered(from: period) {
                Self.setLines(&$0, BundleFormat.boundaryReceipts, [])
                Self.setLines(&$0, BundleFormat.boundaryLeaves, [])
            }, .invalid, .inclusion)
        // … recomputed, as anyone holding the bundle can: the start is not proven.
        Self.expect(
            f,
            try f.tampered(from: period) {
                Self.setLines(&$0, BundleFormat.boundaryReceipts, [])
                Self.setLines(&$0, BundleFormat.boundaryLeaves, [])
                try Self.reprove(f, &$0)
            }, .indeterminate, .completeness)
        // The neighbour's index claimed as another leaf: the proof fails.
        Self.expect(
            f,
            try f.tampered(from: period) { Self.setLines(&$0, BundleFormat.boundaryLeaves, [Array("[4,1]".utf8)]) },
            .invalid, .inclusion)
        // A receipt of the period dropped, its leaf proven by the proof instead: a gap.
        Self.expect(
            f,
            try f.tampered(from: period) {
                var r = Self.lines($0, BundleFormat.receipts)
                r.remove(at: 1)
                Self.setLines(&$0, BundleFormat.receipts, r)
                Self.setLines(&$0, BundleFormat.leaves, [Array("[6,1]".utf8), Array("[8,2]".utf8)])
                try Self.reprove(f, &$0)
            }, .invalid, .completeness)
        // The last receipt dropped (the period then ends early, the neighbour after is missing).
        let whole = try Self.export(f, .init(from: f.t0 * 1000))
        Self.expect(f, whole, .valid, nil)
        Self.expect(
            f,
            try f.tampered(from: whole) {
                var r = Self.lines($0, BundleFormat.receipts)
                r.removeLast()
                Self.setLines(&$0, BundleFormat.receipts, r)
                Self.setLines(&$0, BundleFormat.leaves, [Array("[0,9]".utf8)])
                try Self.reprove(f, &$0)
            }, .invalid, .completeness)
        // A boundary leaf that is also a selected leaf.
        Self.expect(
            f,
            try f.tampered(from: period) { Self.setLines(&$0, BundleFormat.boundaryLeaves, [Array("[6,1]".utf8)]) },
            .invalid, .proof)
        // Red team 9 (W6): a boundary run longer than one leaf is refused where it is read.
        let long = try f.tampered(from: period) {
            Self.setLines(&$0, BundleFormat.boundaryLeaves, [Array("[4,2]".utf8)])
        }
        let r = f.verify(long)
        #expect(r.verdict == .invalid && r.findings.first?.check == .proof, "\(r.findings)")
        #expect(r.findings.first?.reason.contains("each boundary receipt is one leaf") == true, "\(r.findings)")
    }

    /// Hostile sizes: every v5 entry is capped or streamed; nothing is read whole or recursed
    /// into without bound.
    @Test func limits() throws {
        let f = Self.shared
        let deny = try Self.export(f, .init(decision: "deny"))
        // boundary/leaves.jsonl has a cap by kind, checked on its header.
        Self.expect(
            f,
            try f.tampered(from: deny) {
                Self.set(&$0, BundleFormat.boundaryLeaves, [UInt8](repeating: 0x20, count: 2000))
            }, .invalid, .archiveLimit)
        // A line of leaves.jsonl longer than the grammar allows.
        Self.expect(
            f,
            try f.tampered(from: deny) {
                Self.setLines(&$0, BundleFormat.leaves, [[UInt8](repeating: 0x31, count: 1 << 16)])
            }, .invalid, .proof)
        // 8 MiB of proof hashes: refused after the ones the leaves call for (streamed, 64 KiB at a time).
        Self.expect(
            f,
            try f.tampered(from: deny) {
                Self.set(&$0, BundleFormat.multiProof, [UInt8](repeating: 7, count: 8 << 20))
            }, .invalid, nil)
        #expect(LeafRuns.parse(Array("[9007199254740991,1]".utf8)[...]) == nil)
        #expect(LeafRuns.parse(Array("[9007199254740990,1]".utf8)[...]) != nil)
        #expect(LeafRuns.parse(Array("[0,9007199254740991]".utf8)[...]) != nil)
        #expect(LeafRuns.parse(Array("[12345678901234567,1]".utf8)[...]) == nil)
    }
}
