import EvidentCore
import EvidentCrypto
import EvidentLedger
import EvidentTestSupport
import Testing

/// Red team, issue #17 (cases in /work/attack7 at the time, kept here as tests): a witness that
/// cosigned two histories of one log under canonically-equivalent origins, an equivocation
/// "proven" against an honest log with another log's key, and one tree size cosigned with two
/// key-journal commitments.
@Suite struct WitnessRedTeamTests {
    func status(_ r: Witness.Response) -> Int { witnessStatus(r) }

    /// witness-nfd-origin-split: the log list names the NFC origin; a note whose origin is the
    /// NFD spelling (same key name bytes? no: other bytes) is an unknown log, never a fresh state.
    @Test func aCanonicallyEquivalentOriginIsAnotherLog() throws {
        let nfc = "example.com/l\u{E9}dger"
        let nfd = "example.com/le\u{301}dger"
        let key = try Ed25519.SecretKey(seed: Array(repeating: 3, count: 32))
        let store = MemoryWitnessStore()
        let honestSigner = try NoteSigner(name: nfc, key: key)
        let witness = try Witness(signer: try testWitnessSigner(), logKeys: [honestSigner.verifierKey], store: store)
        var tree = InMemoryMerkleTree()
        for i in 0..<5 { try tree.append(leafData: Array("leaf \(i)".utf8)) }
        func request(_ origin: String, _ signer: NoteSigner) throws -> [UInt8] {
            let note = try Checkpoint(origin: origin, treeSize: 5, rootHash: tree.rootHash()).signed(by: [signer]).bytes
            return AddCheckpointRequest(oldSize: 0, proof: [], checkpoint: note).encode()
        }
        #expect(status(try witness.addCheckpoint(try request(nfc, honestSigner), now: 10)) == 200)
        // The NFD spelling, signed by the same key under its NFD name: unknown (404), not size 0.
        let forkSigner = try NoteSigner(name: nfd, key: key)
        #expect(status(try witness.addCheckpoint(try request(nfd, forkSigner), now: 11)) == 404)
        // Signed under the NFC name but claiming the NFD origin: still unknown.
        #expect(status(try witness.addCheckpoint(try request(nfd, honestSigner), now: 12)) == 404)
    }

    /// equivocation-framed-by-other-policy-log: a second trusted log's key signs, under its own
    /// name, a note that claims the honest origin. That frames no one.
    @Test func anotherLogsKeyCannotFrameAnHonestLog() throws {
        var honest = try TestLog(origin: "honest.example/ledger", seed: 1)
        try honest.append(0..<5)
        let attacker = try TestLog(origin: "attacker.example/ledger", seed: 2)
        var other = InMemoryMerkleTree()
        for i in 0..<5 { try other.append(leafData: Array("forged \(i)".utf8)) }
        let forged = try Checkpoint(origin: honest.origin, treeSize: 5, rootHash: other.rootHash())
            .signed(by: [attacker.signer]).bytes
        let proof = EquivocationProof(noteA: try honest.note(), noteB: forged, evidence: .sameSize)
        let outcome = proof.verify(trusting: [honest.key, attacker.key])
        #expect(outcome.verdict == .invalid && outcome.check == "signer", "\(outcome.statement)")
        // Two keys both named by the origin (two --ledger-key files): not one signer either.
        let second = try NoteSigner(
            name: honest.origin, key: try Ed25519.SecretKey(seed: Array(repeating: 4, count: 32)))
        let forged2 = try Checkpoint(origin: honest.origin, treeSize: 5, rootHash: other.rootHash())
            .signed(by: [second]).bytes
        let outcome2 = EquivocationProof(noteA: try honest.note(), noteB: forged2, evidence: .sameSize)
            .verify(trusting: [honest.key, second.verifierKey])
        #expect(outcome2.verdict == .invalid && outcome2.check == "signer", "\(outcome2.statement)")
        // The genuine case still proves it.
        var fork = try TestLog(origin: "honest.example/ledger", seed: 1)
        try fork.append(0..<5, tag: "fork")
        let genuine = EquivocationProof(noteA: try honest.note(), noteB: try fork.note(), evidence: .sameSize)
        #expect(genuine.verify(trusting: [honest.key, attacker.key]).verdict == .valid)
    }

    /// witness-extension-split: one size and root, two key-journal commitments. The witness
    /// cosigns one text per size; the two texts prove an equivocation; compare says so.
    @Test func oneSizeTwoTextsIsAnEquivocation() throws {
        var log = try TestLog(origin: "example.com/ledger", seed: 1)
        try log.append(0..<5)
        let root = try log.tree.rootHash()
        func note(_ journal: String?) throws -> [UInt8] {
            try Checkpoint(
                origin: log.origin, treeSize: 5, rootHash: root, extensionLines: journal.map { [$0] } ?? []
            ).signed(by: [log.signer]).bytes
        }
        let one = try note("evident-key-journal 1 AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")
        let zero = try note("evident-key-journal 0 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")
        let witness = try Witness(signer: try testWitnessSigner(), logKeys: [log.key], store: MemoryWitnessStore())
        #expect(
            status(
                try witness.addCheckpoint(AddCheckpointRequest(oldSize: 0, proof: [], checkpoint: one).encode(), now: 5)
            ) == 200)
        // The same text again is cosigned again (idempotent), another text is refused with evidence.
        #expect(
            status(
                try witness.addCheckpoint(AddCheckpointRequest(oldSize: 5, proof: [], checkpoint: one).encode(), now: 6)
            ) == 200)
        let refused = try witness.addCheckpoint(
            AddCheckpointRequest(oldSize: 5, proof: [], checkpoint: zero).encode(), now: 7)
        guard case .refused(422, _, let evidence?) = refused else {
            Issue.record("not refused with evidence: \(refused)")
            return
        }
        #expect(evidence.verify(trusting: [log.key]).verdict == .valid)
        // A stale old size with the other text: 409, the evidence kept.
        let stale = try witness.addCheckpoint(
            AddCheckpointRequest(oldSize: 0, proof: [], checkpoint: zero).encode(), now: 8)
        #expect(status(stale) == 409)
        // compare: the two notes of one size with different texts.
        let a = try SignedCheckpoint.open(one, trusting: [log.key])
        let b = try SignedCheckpoint.open(zero, trusting: [log.key])
        guard case .equivocation(let proof) = CheckpointComparison.compare([a], [b], proofs: []) else {
            Issue.record("compare did not find the equivocation")
            return
        }
        #expect(proof.verify(trusting: [log.key]).verdict == .valid)
        // The very same note twice is no conflict.
        let same = EquivocationProof(noteA: one, noteB: one, evidence: .sameSize).verify(trusting: [log.key])
        #expect(same.verdict == .invalid)
    }

    /// witness-journal-rollback-next-size (round 2): the key journal may only grow. A later size
    /// committing to fewer records, other records of the same count, or none, is refused.
    @Test func theKeyJournalNeverGoesBack() throws {
        var log = try TestLog(origin: "example.com/ledger", seed: 1)
        try log.append(0..<5)
        let h1 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
        let h2 = "HxcWFRQTEhEQDw4NDAsKCQgHBgUEAwIBAB8eHRwbGhk="
        func request(old: UInt64, journal: String?) throws -> [UInt8] {
            let note = try Checkpoint(
                origin: log.origin, treeSize: log.tree.size, rootHash: try log.tree.rootHash(),
                extensionLines: journal.map { ["evident-key-journal \($0)"] } ?? []
            ).signed(by: [log.signer]).bytes
            return AddCheckpointRequest(
                oldSize: old, proof: old == 0 ? [] : try log.proof(from: old), checkpoint: note
            ).encode()
        }
        let witness = try Witness(signer: try testWitnessSigner(), logKeys: [log.key], store: MemoryWitnessStore())
        #expect(status(try witness.addCheckpoint(try request(old: 0, journal: "1 \(h1)"), now: 5)) == 200)
        try log.append(5..<6)
        for (journal, why) in [("0 \(h1)", "fewer"), ("1 \(h2)", "other records"), (nil, "none")] as [(String?, String)]
        {
            let r = try witness.addCheckpoint(try request(old: 5, journal: journal), now: 6)
            guard case .refused(422, let reason, _) = r else {
                Issue.record("\(why): not refused: \(r)")
                continue
            }
            #expect(reason.contains("key history went back"), "\(why): \(reason)")
        }
        // The same commitment, or more records, is cosigned.
        #expect(status(try witness.addCheckpoint(try request(old: 5, journal: "1 \(h1)"), now: 7)) == 200)
        try log.append(6..<7)
        #expect(status(try witness.addCheckpoint(try request(old: 6, journal: "2 \(h2)"), now: 8)) == 200)
        // A log whose checkpoints carry no key journal is not affected.
        var plain = try TestLog(origin: "example.com/plain", seed: 2)
        try plain.append(0..<3)
        let w2 = try Witness(signer: try testWitnessSigner(), logKeys: [plain.key], store: MemoryWitnessStore())
        #expect(status(try w2.addCheckpoint(try plain.request(old: 0), now: 1)) == 200)
        try plain.append(3..<4)
        #expect(status(try w2.addCheckpoint(try plain.request(old: 3), now: 2)) == 200)
    }
}
