import EvidentCore
import EvidentCrypto
import EvidentDER
import EvidentLedger
import EvidentTestSupport
import Foundation
import Synchronization
import Testing

/// A witness state in memory with the same compare-and-swap contract as SQLiteWitnessStore.
final class MemoryWitnessStore: WitnessStateStore {
    let records = Mutex<[String: WitnessRecord]>([:])

    func record(origin: String) throws -> WitnessRecord? { records.withLock { $0[origin] } }

    func replace(origin: String, expected: WitnessRecord?, with new: WitnessRecord) throws -> Bool {
        records.withLock { r in
            let current = r[origin]
            guard current?.size == expected?.size, current?.root == expected?.root else { return false }
            r[origin] = new
            return true
        }
    }
}

/// The HTTP status a witness response is sent with.
func witnessStatus(_ r: Witness.Response) -> Int {
    switch r {
    case .cosigned: return 200
    case .conflict: return 409
    case .refused(let s, _, _): return s
    }
}

@Suite struct WitnessTests {
    let store = MemoryWitnessStore()
    let witness: Witness
    let signer: NoteSigner

    init() throws {
        signer = try testWitnessSigner()
        witness = try Witness(signer: signer, logKeys: [try TestLog().key], store: store)
    }

    func status(_ r: Witness.Response) -> Int { witnessStatus(r) }

    // MARK: the request body

    @Test func requestRoundTripsAndMatchesTheSpecShape() throws {
        var log = try TestLog()
        try log.append(0..<20)
        let proof = try log.proof(from: 7)
        let body = AddCheckpointRequest(oldSize: 7, proof: proof, checkpoint: try log.note()).encode()
        let text = String(decoding: body, as: UTF8.self)
        #expect(text.hasPrefix("old 7\n" + proof.map { $0.base64 + "\n" }.joined() + "\nexample.com/ledger\n20\n"))
        let parsed = try AddCheckpointRequest.parse(body)
        #expect(parsed == AddCheckpointRequest(oldSize: 7, proof: proof, checkpoint: try log.note()))
        #expect(parsed.encode() == body)
    }

    @Test(arguments: [
        ("old 01\n\n", "leading zero"), ("old -1\n\n", "sign"), ("old 1", "no newline"), ("new 1\n\n", "keyword"),
        ("old 18446744073709551616\n\n", "overflow"), ("old  1\n\n", "two spaces"), ("old 1\nAAAA\n\n", "short hash"),
        ("old 1\n", "no empty line"), ("old 1\n\nnot a note\n", "no signature"),
    ])
    func malformedRequestsAreRefused(body: String, why: String) {
        #expect(throws: WitnessError.self, "\(why)") { try AddCheckpointRequest.parse(Array(body.utf8)) }
        let r = try? witness.addCheckpoint(Array(body.utf8), now: 1)
        #expect(r.map(status) == 400, "\(why)")
    }

    @Test func moreThan63ProofLinesAreRefused() throws {
        var log = try TestLog()
        try log.append(0..<3)
        let hash = try MerkleHash.leaf([1])
        let ok = AddCheckpointRequest(oldSize: 1, proof: Array(repeating: hash, count: 63), checkpoint: try log.note())
        #expect(try AddCheckpointRequest.parse(ok.encode()).proof.count == 63)
        let bad = AddCheckpointRequest(oldSize: 1, proof: Array(repeating: hash, count: 64), checkpoint: try log.note())
        #expect(throws: WitnessError.self) { try AddCheckpointRequest.parse(bad.encode()) }
    }

    // MARK: the status codes, in the spec's order

    @Test func firstCheckpointIsCosignedAndTheCosignatureVerifies() throws {
        var log = try TestLog()
        try log.append(0..<5)
        guard
            case .cosigned(let lines, let record) = try witness.addCheckpoint(
                try log.request(old: 0), now: 1_700_000_000)
        else {
            Issue.record("not cosigned")
            return
        }
        #expect(lines.count == 1 && record.size == 5)
        let line = lines[0]
        #expect(line.name == "witness.example/w1" && line.keyHash == signer.verifierKey.keyHash)
        #expect(Cosignature.timestamp(of: line.signature) == 1_700_000_000)
        // The line verifies as a cosignature/v1 over the checkpoint text with the 0x04 key.
        let text = try SignedNote.parse(try log.note()).text
        let message = Cosignature.message(text: Array(text.utf8), timestamp: 1_700_000_000)
        #expect(signer.verifierKey.publicKey.isValidSignature(Array(line.signature.dropFirst(8)), for: message))
        // The stored note carries the log's signature and the cosignature; both verify.
        let stored = try SignedNote.parse(record.note)
        #expect(try stored.verifiedSignatures(by: [log.key, signer.verifierKey]) == [log.key, signer.verifierKey])
    }

    @Test func unknownOriginIs404() throws {
        var other = try TestLog(origin: "other.example/log")
        try other.append(0..<2)
        #expect(status(try witness.addCheckpoint(try other.request(old: 0), now: 1)) == 404)
    }

    @Test func noTrustedSignatureIs403() throws {
        var forged = try TestLog(seed: 2)  // same origin, another key
        try forged.append(0..<2)
        #expect(status(try witness.addCheckpoint(try forged.request(old: 0), now: 1)) == 403)
    }

    @Test func aTrustedKeysBadSignatureIs403() throws {
        var log = try TestLog()
        try log.append(0..<2)
        var note = try log.note()
        // Flip one byte of the signature (base64 of the last line, before its newline).
        let i = note.count - 5
        note[i] = note[i] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        let body = AddCheckpointRequest(oldSize: 0, proof: [], checkpoint: note).encode()
        guard case .refused(403, let why, nil) = try witness.addCheckpoint(body, now: 1) else {
            Issue.record("not 403")
            return
        }
        #expect(why.contains("invalid-signature"))
    }

    @Test func oldSizeAboveTheCheckpointIs400() throws {
        var log = try TestLog()
        try log.append(0..<3)
        let body = AddCheckpointRequest(oldSize: 4, proof: [], checkpoint: try log.note()).encode()
        #expect(status(try witness.addCheckpoint(body, now: 1)) == 400)
    }

    @Test func staleOldSizeIs409WithTheLatestSize() throws {
        var log = try TestLog()
        try log.append(0..<3)
        _ = try witness.addCheckpoint(try log.request(old: 0), now: 1)
        try log.append(3..<9)
        #expect(try witness.addCheckpoint(try log.request(old: 0), now: 2) == .conflict(latestSize: 3))
        #expect(try witness.addCheckpoint(try log.request(old: 2), now: 2) == .conflict(latestSize: 3))
        #expect(status(try witness.addCheckpoint(try log.request(old: 3), now: 2)) == 200)
        #expect(try store.record(origin: log.origin)?.size == 9)
    }

    @Test func sizeZeroNeedsTheEmptyRoot() throws {
        let log = try TestLog()
        #expect(status(try witness.addCheckpoint(try log.request(old: 0), now: 1)) == 200)
        let wrong = try Checkpoint(origin: log.origin, treeSize: 0, rootHash: try MerkleHash.leaf([]))
            .signed(by: [log.signer]).bytes
        let body = AddCheckpointRequest(oldSize: 0, proof: [], checkpoint: wrong).encode()
        #expect(status(try witness.addCheckpoint(body, now: 1)) == 422)
    }

    @Test func aProofWithOldSizeZeroIs422() throws {
        var log = try TestLog()
        try log.append(0..<4)
        let body = AddCheckpointRequest(oldSize: 0, proof: [try MerkleHash.leaf([1])], checkpoint: try log.note())
            .encode()
        #expect(status(try witness.addCheckpoint(body, now: 1)) == 422)
    }

    @Test func aBadConsistencyProofIsAPlain422() throws {
        var log = try TestLog()
        try log.append(0..<5)
        _ = try witness.addCheckpoint(try log.request(old: 0), now: 1)
        try log.append(5..<12)
        var proof = try log.proof(from: 5)
        proof[0] = try MerkleHash.leaf([7])
        let body = AddCheckpointRequest(oldSize: 5, proof: proof, checkpoint: try log.note()).encode()
        guard case .refused(422, _, nil) = try witness.addCheckpoint(body, now: 2) else {
            Issue.record("not a plain 422")
            return
        }
        #expect(try store.record(origin: log.origin)?.size == 5)
    }

    @Test func sameSizeDifferentRootIs422WithEvidence() throws {
        var log = try TestLog(), fork = try TestLog()
        try log.append(0..<6)
        try fork.append(0..<6, tag: "fork")
        _ = try witness.addCheckpoint(try log.request(old: 0), now: 1)
        guard case .refused(422, _, let evidence?) = try witness.addCheckpoint(try fork.request(old: 6), now: 2) else {
            Issue.record("no evidence")
            return
        }
        #expect(evidence.evidence == .sameSize)
        #expect(evidence.verify(trusting: [log.key]).verdict == .valid)
        // With a stale old size the spec's 409 comes first, but the conflict is kept.
        guard case .conflict(6, let kept?) = try witness.addCheckpoint(try fork.request(old: 0), now: 2) else {
            Issue.record("no evidence kept with the 409")
            return
        }
        #expect(kept.verify(trusting: [log.key]).verdict == .valid)
        // Resubmitting the cosigned checkpoint itself is fine (and changes nothing).
        #expect(status(try witness.addCheckpoint(try log.request(old: 6), now: 3)) == 200)
    }

    @Test func aForkProvenByItsOwnConsistencyProofIs422WithEvidence() throws {
        var log = try TestLog(), fork = try TestLog()
        try log.append(0..<6)
        try fork.append(0..<5)
        try fork.append(5..<6, tag: "fork")  // differs from leaf 5 on
        try fork.append(6..<13)
        _ = try witness.addCheckpoint(try log.request(old: 0), now: 1)
        guard case .refused(422, _, let evidence?) = try witness.addCheckpoint(try fork.request(old: 6), now: 2) else {
            Issue.record("no evidence")
            return
        }
        guard case .consistency(let oldRoot, _) = evidence.evidence else {
            Issue.record("not consistency")
            return
        }
        #expect(oldRoot == (try fork.tree.rootHash(treeSize: 6)))
        #expect(evidence.verify(trusting: [log.key]).verdict == .valid)
        #expect(try store.record(origin: log.origin)?.size == 6)
    }

    @Test func concurrentRequestsForOneOldSizeAdvanceOnce() async throws {
        var log = try TestLog()
        try log.append(0..<4)
        _ = try witness.addCheckpoint(try log.request(old: 0), now: 1)
        var bodies: [[UInt8]] = []
        for n in 1...24 {
            try log.append((4 + n - 1)..<(4 + n))
            bodies.append(try log.request(old: 4))
        }
        let witness = self.witness
        let statuses = await withTaskGroup(of: Int.self) { group in
            for body in bodies { group.addTask { (try? witness.addCheckpoint(body, now: 2)).map(self.status) ?? 0 } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses.filter { $0 == 200 }.count == 1)
        #expect(statuses.filter { $0 == 409 }.count == 23)
    }

    // MARK: equivocation proofs

    @Test func consistencyProofDerivesTheOldRootOnlyWhenItReproducesTheNewRoot() throws {
        var log = try TestLog()
        try log.append(0..<13)
        let p = try log.tree.consistencyProof(from: 6, to: 13)
        #expect(p.derivedOldRoot(newRoot: try log.tree.rootHash()) == (try log.tree.rootHash(treeSize: 6)))
        #expect(p.derivedOldRoot(newRoot: try MerkleHash.leaf([1])) == nil)
        // From a power of two the proof starts at the old root: nothing is derived.
        #expect(try log.tree.consistencyProof(from: 8, to: 13).derivedOldRoot(newRoot: try log.tree.rootHash()) == nil)
    }

    static func forks() throws -> (TestLog, TestLog) {
        var log = try TestLog(), fork = try TestLog()
        try log.append(0..<8)
        try fork.append(0..<3)
        try fork.append(3..<8, tag: "fork")
        try fork.append(8..<11, tag: "fork")
        return (log, fork)
    }

    @Test func everyKindVerifiesAndRoundTrips() throws {
        let (log, fork) = try Self.forks()
        let proofs = [
            EquivocationProof(noteA: try log.note(), noteB: try fork.note(size: 8), evidence: .sameSize),
            EquivocationProof(
                noteA: try log.note(size: 6), noteB: try fork.note(),
                evidence: .consistency(oldRoot: try fork.tree.rootHash(treeSize: 6), path: try fork.proof(from: 6))),
            EquivocationProof(
                noteA: try log.note(), noteB: try fork.note(),
                evidence: .inclusion(
                    index: 4, aLeaf: try MerkleHash.leaf(Array("leaf 4".utf8)),
                    aPath: try log.tree.inclusionProof(leafIndex: 4, treeSize: 8).path,
                    bLeaf: try MerkleHash.leaf(Array("fork 4".utf8)),
                    bPath: try fork.tree.inclusionProof(leafIndex: 4, treeSize: 11).path)),
        ]
        for p in proofs {
            #expect(try EquivocationProof.parse(p.encode()) == p)
            let outcome = p.verify(trusting: [log.key])
            #expect(outcome.verdict == .valid, "\(outcome)")
            #expect(outcome.check == p.evidence.kind)
            // Another key: nothing is proven either way.
            #expect(p.verify(trusting: [try TestLog(seed: 3).key]).verdict == .indeterminate)
        }
    }

    @Test func tamperedProofsDoNotProveIt() throws {
        let (log, fork) = try Self.forks()
        func check(_ p: EquivocationProof, _ check: String) {
            let o = p.verify(trusting: [log.key])
            #expect(o.verdict == .invalid && o.check == check, "\(o)")
        }
        // Two checkpoints of one tree: no conflict.
        check(EquivocationProof(noteA: try log.note(), noteB: try log.note(), evidence: .sameSize), "same-size")
        check(EquivocationProof(noteA: try log.note(size: 5), noteB: try fork.note(), evidence: .sameSize), "same-size")
        // The honest old root: consistency, not a conflict.
        check(
            EquivocationProof(
                noteA: try log.note(size: 6), noteB: try log.note(),
                evidence: .consistency(oldRoot: try log.tree.rootHash(treeSize: 6), path: try log.proof(from: 6, to: 8))
            ),
            "consistency")
        // A made-up old root the proof does not lead from.
        check(
            EquivocationProof(
                noteA: try log.note(size: 6), noteB: try fork.note(),
                evidence: .consistency(oldRoot: try MerkleHash.leaf([9]), path: try fork.proof(from: 6))),
            "consistency")
        // A note edited after signing.
        var edited = try fork.note()
        edited[edited.firstIndex(of: 0x0A)! + 1] = UInt8(ascii: "9")
        check(EquivocationProof(noteA: try log.note(), noteB: edited, evidence: .sameSize), "note-b")
        // Another log's checkpoint signed by the same key.
        var other = try TestLog(origin: "other.example/log")
        try other.append(0..<8, tag: "x")
        let p = EquivocationProof(noteA: try log.note(), noteB: try other.note(), evidence: .sameSize)
        let o = p.verify(trusting: [log.key, try NoteVerifierKey(name: other.origin, publicKey: log.key.publicKey)])
        #expect(o.verdict == .invalid && o.check == "origin")
    }

    @Test(arguments: [
        ("", "empty"), ("evident-equivocation/v2\n", "version"), ("evident-equivocation/v1\nkind other\n", "kind"),
        ("evident-equivocation/v1\nkind same-size\nnote !!\nnote AA==\n", "base64"),
        ("evident-equivocation/v1\nkind same-size\nnote AA==\nnote AA==\nextra\n", "trailing line"),
        ("evident-equivocation/v1\nkind same-size\nnote AA==\nnote AA==", "no final newline"),
    ])
    func malformedProofFilesAreRefused(text: String, why: String) {
        #expect(throws: WitnessError.self, "\(why)") { try EquivocationProof.parse(Array(text.utf8)) }
    }

    /// The test vectors of docs/witness.md, regenerated from fixed seeds.
    @Test func docsVectors() throws {
        let (log, fork) = try Self.forks()
        let sameSize = EquivocationProof(noteA: try log.note(), noteB: try fork.note(size: 8), evidence: .sameSize)
        let consistency = EquivocationProof(
            noteA: try log.note(size: 6), noteB: try fork.note(),
            evidence: .consistency(oldRoot: try fork.tree.rootHash(treeSize: 6), path: try fork.proof(from: 6)))
        let expected = [
            "equivocation-log-vkey": log.key.vkey,
            "equivocation-same-size": String(decoding: sameSize.encode().dropLast(), as: UTF8.self),
            "equivocation-consistency": String(decoding: consistency.encode().dropLast(), as: UTF8.self),
        ]
        let documented = try DocsVectorTests.vectors("witness.md")
        for (name, text) in expected.sorted(by: { $0.key < $1.key }) {
            #expect(documented[name] == text, "docs/witness.md \(name) should be:\n\(text)")
            let proof = try? EquivocationProof.parse(Array(((documented[name] ?? "") + "\n").utf8))
            if name != "equivocation-log-vkey" {
                #expect(proof?.verify(trusting: [log.key]).verdict == .valid, "\(name)")
            }
        }
    }

    // MARK: comparison

    @Test func comparisonDecidesConsistentEquivocationOrUndetermined() throws {
        let (log, fork) = try Self.forks()
        func open(_ t: TestLog, _ size: UInt64) throws -> SignedCheckpoint {
            try SignedCheckpoint.open(try t.note(size: size), trusting: [log.key])
        }
        let a = try open(log, 6), b = try open(log, 8), f = try open(fork, 11)
        #expect(
            CheckpointComparison.compare([a], [b], proofs: [])
                == .undetermined(
                    "no consistency proof from size 6 to 8 was given: get one from the log (`evident proof consistency 6 8`) and pass it with --proof"
                ))
        guard
            case .consistent = CheckpointComparison.compare(
                [b], [a], proofs: [try log.tree.consistencyProof(from: 6, to: 8)])
        else {
            Issue.record("not consistent")
            return
        }
        guard case .equivocation(let p) = CheckpointComparison.compare([b], [f, try open(fork, 8)], proofs: []) else {
            Issue.record("same size not found")
            return
        }
        #expect(p.evidence == .sameSize)
        guard
            case .equivocation(let q) = CheckpointComparison.compare(
                [a], [f], proofs: [try fork.tree.consistencyProof(from: 6, to: 11)])
        else {
            Issue.record("consistency conflict not found")
            return
        }
        #expect(q.verify(trusting: [log.key]).verdict == .valid)
    }
}
