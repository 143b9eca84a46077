import EvidentCore
import EvidentCrypto
import EvidentDER
import EvidentLedger
import EvidentTestSupport
import Foundation
import Testing

/// `evident proof inclusion --format tlog-proof` and `evident verify --receipt R --proof P
/// [--policy POL]`: a c2sp.org/tlog-proof written by the ledger, checked offline, with and
/// without a witness policy, and every way a proof file can lie.
@Suite struct TlogProofTests {
    struct World {
        let f: LedgerCLITests.Fixture
        let receipt: String
        let proof: String
        let hash: String
        let logKey: NoteVerifierKey
        let witnesses: [NoteSigner]

        func file(_ name: String, _ bytes: [UInt8]) throws -> String {
            let path = f.dir.appendingPathComponent(name).path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            return path
        }

        func verify(_ proof: String, policy: String? = nil, receipt: String? = nil) throws -> TestSupport.ProcessResult
        {
            try TestSupport.evident(
                ["verify", "--receipt", receipt ?? self.receipt, "--proof", proof, "--ledger-key", f.pub]
                    + (policy.map { ["--policy", $0] } ?? []))
        }

        /// The proof file with cosignatures by `cosigners` appended to its checkpoint.
        func cosigned(by cosigners: [NoteSigner]) throws -> String {
            let p = try TlogProof.parse(Array(try Data(contentsOf: URL(fileURLWithPath: proof))))
            let note = try p.note.adding(
                cosigners.map { try $0.cosignature(for: p.note.text, timestamp: 1_790_000_000) })
            return try file(
                "cosigned-\(cosigners.count).tlog-proof",
                TlogProof(extra: p.extra, index: p.index, path: p.path, note: note).bytes)
        }

        func policy(quorum: String) throws -> String {
            var text = "log \(logKey.vkey)\n"
            for (i, w) in witnesses.enumerated() { text += "witness W\(i + 1) \(w.verifierKey.vkey)\n" }
            text += quorum + "\n"
            return try file("policy-\(UUID().uuidString).txt", Array(text.utf8))
        }
    }

    static func world() throws -> World {
        let f = try LedgerCLITests.fixture()
        var hashes: [String] = []
        for decision in ["allow", "deny", "allow", "allow", "deny"] {
            let minted = try LedgerCLITests.mint(f, LedgerCLITests.flags(f, decision: decision))
            hashes.append(try #require(minted.first?["hash"] as? String))
        }
        let cp = try TestSupport.evident(["checkpoint", "--dir", f.ledger, "--signing-key", f.key])
        #expect(cp.status == 0, "\(cp.stderrText)")
        let hash = hashes[2]
        let body = try TestSupport.evident(["receipts", "get", "--dir", f.ledger, hash])
        let receipt = f.dir.appendingPathComponent("receipt.json").path
        try Data(body.stdout).write(to: URL(fileURLWithPath: receipt))
        let out = try TestSupport.evident(["proof", "inclusion", "--dir", f.ledger, hash, "--format", "tlog-proof"])
        #expect(out.status == 0, "\(out.stderrText)")
        let proof = f.dir.appendingPathComponent("r.tlog-proof").path
        try Data(out.stdout).write(to: URL(fileURLWithPath: proof))
        let pub = try LedgerKeyFile.decodePublic(Array(try Data(contentsOf: URL(fileURLWithPath: f.pub))))
        let witnesses = try (1...3).map {
            try NoteSigner(name: "witness.test/w\($0)", key: Ed25519.SecretKey(), type: .cosignatureV1)
        }
        return World(
            f: f, receipt: receipt, proof: proof, hash: hash,
            logKey: try NoteVerifierKey(name: "evident.test/cli", publicKey: pub), witnesses: witnesses)
    }

    @Test func writtenAndVerified() throws {
        let w = try Self.world()
        let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: w.proof)), as: UTF8.self)
        #expect(text.hasPrefix("c2sp.org/tlog-proof@v1\nextra "), "\(text)")
        #expect(text.contains("\nindex 2\n") && text.contains("\n\nevident.test/cli\n5\n"))
        let p = try TlogProof.parse(Array(text.utf8))
        #expect(p.bytes == Array(text.utf8))
        #expect(p.extra.map { Hex.encode($0) } == w.hash)

        // The ledger key's vkey for its origin, as a policy's `log` line takes it.
        let shown = try TestSupport.evident(["key", "show", w.f.pub, "--origin", "evident.test/cli"])
        #expect(shown.stdoutText.contains("vkey: \(w.logKey.vkey)\n"), "\(shown.stdoutText)")
        let plain = try w.verify(w.proof)
        #expect(plain.status == 0, "\(plain.stdoutText)\(plain.stderrText)")
        #expect(plain.stdoutText.contains("the receipt is leaf 2 of evident.test/cli at size 5"))
        #expect(plain.stdoutText.contains("witness policy: none applied"))

        // quorum none: met without cosignatures.
        let none = try w.verify(w.proof, policy: try w.policy(quorum: "quorum none"))
        #expect(none.status == 0 && none.stdoutText.contains("quorum met"), "\(none.stdoutText)")
        // 2 of 3 required.
        let twoOfThree = try w.policy(quorum: "group G 2 W1 W2 W3\nquorum G")
        let bare = try w.verify(w.proof, policy: twoOfThree)
        #expect(bare.status == 3 && bare.stdoutText.contains("quorum not met"), "\(bare.stdoutText)")
        #expect(bare.stdoutText.contains("cosigned by none"))
        let one = try w.verify(try w.cosigned(by: [w.witnesses[1]]), policy: twoOfThree)
        #expect(one.status == 3 && one.stdoutText.contains("W2 (witness.test/w2, cosigned 2026-"), "\(one.stdoutText)")
        let two = try w.verify(try w.cosigned(by: [w.witnesses[0], w.witnesses[2]]), policy: twoOfThree)
        #expect(
            two.status == 0 && two.stdoutText.contains("W1 (") && two.stdoutText.contains("W3 ("), "\(two.stdoutText)")
        // Cosignatures by witnesses the policy does not know do not count.
        let strangers = try (1...3).map {
            try NoteSigner(name: "witness.test/w\($0)", key: Ed25519.SecretKey(), type: .cosignatureV1)
        }
        let fake = try w.verify(try w.cosigned(by: strangers), policy: twoOfThree)
        #expect(fake.status == 3, "\(fake.stdoutText)")
    }

    /// Red team round 14 (`receipt-proof-revoked-key-backdated`): with the ledger key's
    /// revocation given, neither the receipt nor the checkpoint of its proof is valid on its own
    /// — a thief holding the key can sign both afterwards and date them earlier; nothing here
    /// carries a time-stamp. Without the revocation, or with one still to come (the files exist
    /// now, so before it), the same files are valid.
    @Test func aRevokedKeyProvesNothingWithoutATimeStamp() throws {
        let w = try Self.world()
        func revocation(from: String) throws -> String {
            let rev = w.f.dir.appendingPathComponent("rev-\(UUID().uuidString).json").path
            let revoked = try TestSupport.evident([
                "key", "revoke", "--key", w.f.key, "--from", from, "--reason", "leaked", "--output", rev,
            ])
            #expect(revoked.status == 0, "\(revoked.stderrText)")
            return rev
        }
        Thread.sleep(forTimeInterval: 0.01)
        let rev = try revocation(from: try ReceiptTime(millisecondsSinceEpoch: WallClock.millis()).description)
        let v = try TestSupport.evident([
            "verify", "--receipt", w.receipt, "--proof", w.proof, "--ledger-key", w.f.pub, "--ledger-key", rev,
        ])
        #expect(v.status == 3, "\(v.stdoutText)\(v.stderrText)")
        #expect(v.stdoutText.contains("nothing given proves this receipt existed before then"), "\(v.stdoutText)")
        #expect(v.stdoutText.contains("tlog-proof: indeterminate: the checkpoint"), "\(v.stdoutText)")
        #expect(!v.stdoutText.contains("signed by the log"))
        let alone = try TestSupport.evident(["receipt", "verify", "--receipt", w.receipt, "--ledger-key", w.f.pub, rev])
        #expect(alone.status == 3, "\(alone.stdoutText)")
        #expect(try w.verify(w.proof).status == 0)
        let later = try revocation(from: "2099-01-01T00:00:00Z")
        let toCome = try TestSupport.evident([
            "verify", "--receipt", w.receipt, "--proof", w.proof, "--ledger-key", w.f.pub, "--ledger-key", later,
        ])
        #expect(toCome.status == 0, "\(toCome.stdoutText)")
    }

    @Test func lyingProofsAreRefused() throws {
        let w = try Self.world()
        let p = try TlogProof.parse(Array(try Data(contentsOf: URL(fileURLWithPath: w.proof))))
        // Another index with the same path, a changed path hash, a path cut short: invalid.
        let moved = try w.file("moved", TlogProof(extra: p.extra, index: 3, path: p.path, note: p.note).bytes)
        var path = p.path
        path[0] = try MerkleHash(Array(repeating: 7, count: 32))
        let changed = try w.file("changed", TlogProof(extra: p.extra, index: p.index, path: path, note: p.note).bytes)
        let short = try w.file(
            "short", TlogProof(extra: p.extra, index: p.index, path: Array(p.path.dropLast()), note: p.note).bytes)
        for bad in [moved, changed, short] {
            let r = try w.verify(bad)
            #expect(r.status == 1 && r.stdoutText.contains("tlog-proof: invalid"), "\(r.stdoutText)")
        }
        // The proof of another receipt (extra names it; without extra the leaf does not match).
        let other = try w.file("other", TlogProof(extra: nil, index: p.index, path: p.path, note: p.note).bytes)
        let minted = try LedgerCLITests.mint(w.f, LedgerCLITests.flags(w.f))
        let newer = try TestSupport.evident([
            "receipts", "get", "--dir", w.f.ledger, try #require(minted.first?["hash"] as? String),
        ])
        let newerPath = try w.file("newer.json", Array(newer.stdout))
        let wrongExtra = try w.verify(w.proof, receipt: newerPath)
        #expect(wrongExtra.status == 1 && wrongExtra.stdoutText.contains("names receipt"), "\(wrongExtra.stdoutText)")
        let wrongLeaf = try w.verify(other, receipt: newerPath)
        #expect(wrongLeaf.status == 1, "\(wrongLeaf.stdoutText)")
        // A checkpoint signed by another key: not trusted, indeterminate.
        let stranger = try NoteSigner(name: "evident.test/cli", key: Ed25519.SecretKey())
        let forged = try w.file(
            "forged",
            TlogProof(
                extra: p.extra, index: p.index, path: p.path,
                note: try SignedNote(signing: p.note.text, with: [stranger])
            ).bytes)
        let untrusted = try w.verify(forged)
        #expect(untrusted.status == 3 && untrusted.stdoutText.contains("not signed by a trusted log key"))
        // A broken cosignature by a policy witness makes the checkpoint malformed: invalid.
        let good = try w.witnesses[0].cosignature(for: p.note.text, timestamp: 1_790_000_000)
        var bytes = good.signature
        bytes[30] ^= 1
        let broken = try w.file(
            "broken",
            TlogProof(
                extra: p.extra, index: p.index, path: p.path,
                note: try p.note.adding([SignedNote.Signature(name: good.name, keyHash: good.keyHash, signature: bytes)]
                )
            ).bytes)
        let r = try w.verify(broken, policy: try w.policy(quorum: "quorum W1"))
        #expect(r.status == 1 && r.stdoutText.contains("does not verify"), "\(r.stdoutText)")
        // Malformed files are bad input.
        for text in ["", "c2sp.org/tlog-proof@v2\nindex 0\n\n", "c2sp.org/tlog-proof@v1\nindex 01\n\n"] {
            let bad = try w.verify(try w.file("malformed-\(text.count)", Array(text.utf8)))
            #expect(bad.status == 2, "\(bad.stderrText)")
        }
        let noReceipt = try TestSupport.evident(["verify", "--proof", w.proof, "--ledger-key", w.f.pub, "x.evb"])
        #expect(noReceipt.status == 64)
    }
}
