import EvidentCore
import EvidentCrypto
import EvidentDER
import EvidentLedger
import EvidentTestSupport
import Foundation
import Testing

/// The worked examples in docs/jcs.md, docs/merkle.md and docs/checkpoint.md are test vectors:
/// each fenced block after a `<!-- vector: NAME -->` line is read from the document and checked.
@Suite struct DocsVectorTests {
    /// The fenced blocks of a docs/ file, by vector name; each block's lines joined with "\n",
    /// without a final newline.
    static func vectors(_ document: String) throws -> [String: String] {
        let text = String(
            decoding: try TestSupport.read(TestSupport.repoRoot.appendingPathComponent("docs/\(document)")),
            as: UTF8.self)
        var out: [String: String] = [:]
        var name: String?
        var block: [String]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if block != nil {
                if line.hasPrefix("```") {
                    out[name!] = block!.joined(separator: "\n")
                    (name, block) = (nil, nil)
                } else {
                    block!.append(line)
                }
            } else if line.hasPrefix("<!-- vector: ") {
                name = String(line.dropFirst("<!-- vector: ".count).dropLast(" -->".count))
            } else if name != nil, line.hasPrefix("```") {
                block = []
            }
        }
        return out
    }

    @Test func jcsWorkedExample() throws {
        let v = try Self.vectors("jcs.md")
        let canonical = try JCS.canonicalize(utf8(v["jcs-input"]!))
        #expect(String(decoding: canonical, as: UTF8.self) == v["jcs-canonical"])
        #expect(Hex.encode(try Digest.hash(.sha256, canonical)) == v["jcs-sha256"])
    }

    @Test func merkleWorkedExample() throws {
        let v = try Self.vectors("merkle.md")
        let tree = try MerkleVectorTests.referenceTree()
        let roots = v["merkle-roots"]!.split(separator: "\n")
        #expect(roots.count == 9)
        for row in roots {
            let fields = row.split(separator: " ")
            #expect(try tree.rootHash(treeSize: UInt64(fields[0])!).hex == fields[1], "size \(fields[0])")
        }
        let inclusion = try tree.inclusionProof(leafIndex: 5, treeSize: 8)
        #expect(inclusion.path.map(\.hex) == v["merkle-inclusion-5-8"]!.split(separator: "\n").map(String.init))
        try inclusion.verify(leafHash: MerkleHash.leaf([0x40, 0x41, 0x42, 0x43]), rootHash: tree.rootHash(treeSize: 8))
        let consistency = try tree.consistencyProof(from: 6, to: 8)
        #expect(consistency.path.map(\.hex) == v["merkle-consistency-6-8"]!.split(separator: "\n").map(String.init))
        try consistency.verify(oldRoot: tree.rootHash(treeSize: 6), newRoot: tree.rootHash(treeSize: 8))
    }

    /// docs/bundle.md, "Test vector (v5)": the multi-proofs of a range and of a filtered selection
    /// in the 5-leaf log of the RFC 6962 test tree, and the runs that state their indices.
    @Test func bundleMultiProofVector() throws {
        let v = try Self.vectors("bundle.md")
        let tree = try MerkleVectorTests.referenceTree()
        let leaves = try (UInt64(0)..<5).map { try tree.subtreeHash(MerkleSubtree(start: $0, end: $0 + 1)) }
        #expect(v["v5-leaf-hashes"] == leaves.enumerated().map { "\($0) \($1.hex)" }.joined(separator: "\n"))
        let root = try tree.rootHash(treeSize: 5)
        #expect(v["v5-root"] == root.hex)
        for (name, set) in [("range", [UInt64(1), 2, 3]), ("filtered", [0, 3])] {
            let proof = try tree.multiProof(leaves: set, treeSize: 5)
            #expect(v["v5-\(name)-proof"] == proof.map(\.hex).joined(separator: "\n"), "\(name)")
            var l = MerkleMultiProof.ArrayLeaves(set.map { (index: $0, hash: leaves[Int($0)]) })
            var h = MerkleMultiProof.ArrayHashes(proof)
            #expect(try MerkleMultiProof.root(treeSize: 5, leaves: &l, hashes: &h) == root)
            // The runs: maximal runs of consecutive indices, `[first,count]`.
            var runs: [(UInt64, UInt64)] = []
            for i in set {
                if let last = runs.last, last.0 + last.1 == i {
                    runs[runs.count - 1].1 += 1
                } else {
                    runs.append((i, 1))
                }
            }
            #expect(v["v5-\(name)-leaves"] == runs.map { "[\($0.0),\($0.1)]" }.joined(separator: "\n"))
        }
    }

    @Test func checkpointWorkedExample() throws {
        let v = try Self.vectors("checkpoint.md")
        let signer = try NoteSigner(name: "example.com/evident-docs", key: Ed25519.SecretKey(seed: Array(0..<32)))
        #expect(signer.verifierKey.vkey == v["checkpoint-vkey"])
        let tree = try InMemoryMerkleTree(leafHashes: TesseraCheckpointTests.entries().map { try MerkleHash.leaf($0) })
        let checkpoint = try Checkpoint(origin: signer.name, treeSize: tree.size, rootHash: tree.rootHash())
        let documented = utf8(v["checkpoint-note"]! + "\n")
        #expect(try checkpoint.signed(by: [signer]).bytes == documented)
        let key = try NoteVerifierKey(vkey: v["checkpoint-vkey"]!)
        #expect(
            try SignedCheckpoint.open(documented, trusting: [key], origin: "example.com/evident-docs").checkpoint
                == checkpoint)
        #expect(checkpoint.text.utf8.count == 73)
        expectCode(NoteError.Code.invalidSignature) {
            _ = try SignedCheckpoint.open(
                utf8(v["checkpoint-note"]!.replacingOccurrences(of: "\n15\n", with: "\n16\n") + "\n"), trusting: [key])
        }
    }

    /// docs/bundle.md, "Test vector": a v3 bundle's cosigned note is the log-signed note's bytes
    /// followed by a witness's cosignature/v1 line; both keys and the timestamp fixed.
    @Test func cosignedNoteVector() throws {
        let v = try Self.vectors("bundle.md")
        let log = try NoteSigner(name: "example.org/ledger", key: Ed25519.SecretKey(seed: Array(0..<32)))
        let witness = try NoteSigner(
            name: "witness.example/w1", key: Ed25519.SecretKey(seed: Array(32..<64)), type: .cosignatureV1)
        let checkpoint = try Checkpoint(
            origin: log.name, treeSize: 5, rootHash: MerkleHash(Array(repeating: 0x5a, count: 32)),
            extensionLines: [KeyJournalCommitment(records: []).extensionLine])
        let note = try checkpoint.signed(by: [log]).bytes
        let line = try witness.cosignature(for: checkpoint.text, timestamp: 1_767_225_600)
        let cosigned = try #require(
            StoredCosignature.cosignedNote(
                note, [StoredCosignature(treeSize: 5, signature: line, collectedAtMillis: 0)]))
        #expect(witness.verifierKey.vkey == v["cosigned-note-witness-vkey"], "\(witness.verifierKey.vkey)")
        #expect(log.verifierKey.vkey == v["cosigned-note-log-vkey"], "\(log.verifierKey.vkey)")
        #expect(cosigned == utf8(v["cosigned-note"]! + "\n"), "\(String(decoding: cosigned, as: UTF8.self))")
        #expect(cosigned.starts(with: note))
        let parsed = try SignedNote.parse(cosigned)
        let key = try NoteVerifierKey(vkey: v["cosigned-note-witness-vkey"]!)
        #expect(try parsed.verifiedSignatures(by: [key]) == [key])
        #expect(try parsed.verify(trusting: [try NoteVerifierKey(vkey: v["cosigned-note-log-vkey"]!)]).count == 1)
    }
}

/// docs/witness-policy.md: a tlog-policy and a cosigned tlog-proof, both built here from fixed
/// seeds and compared byte for byte with the document.
@Suite struct WitnessDocsVectorTests {
    static func world() throws -> (policy: String, proof: [UInt8]) {
        let log = try NoteSigner(name: "example.com/evident-docs", key: Ed25519.SecretKey(seed: Array(0..<32)))
        let witnesses = try (1...3).map { n in
            try NoteSigner(
                name: "witness\(n).example/w", key: Ed25519.SecretKey(seed: Array(repeating: UInt8(n), count: 32)),
                type: .cosignatureV1)
        }
        let policy =
            "# docs/witness-policy.md\nlog \(log.verifierKey.vkey)\n"
            + witnesses.enumerated().map { "witness W\($0 + 1) \($1.verifierKey.vkey)\n" }.joined()
            + "group two-of-three 2 W1 W2 W3\nquorum two-of-three"
        let tree = try InMemoryMerkleTree(leafHashes: TesseraCheckpointTests.entries().map { try MerkleHash.leaf($0) })
        let checkpoint = try Checkpoint(origin: log.name, treeSize: tree.size, rootHash: tree.rootHash())
        let note = try SignedNote(signing: checkpoint.text, with: [log]).adding([
            try witnesses[0].cosignature(for: checkpoint.text, timestamp: 1_796_083_200),
            try witnesses[2].cosignature(for: checkpoint.text, timestamp: 1_796_083_201),
        ])
        let index: UInt64 = 2
        let proof = TlogProof(
            extra: nil, index: index, path: try tree.inclusionProof(leafIndex: index, treeSize: tree.size).path,
            note: note)
        return (policy, proof.bytes)
    }

    @Test func policyAndProofWorkedExample() throws {
        let v = try DocsVectorTests.vectors("witness-policy.md")
        let (policy, proof) = try Self.world()
        #expect(v["witness-policy"] == policy, "\(policy)")
        #expect(v["tlog-proof"].map { Array(($0 + "\n").utf8) } == proof, "\(String(decoding: proof, as: UTF8.self))")
        let parsed = try TlogProof.parse(proof)
        let verified = try parsed.verify(
            leafHash: try MerkleHash.leaf(TesseraCheckpointTests.entries()[2]),
            policy: try WitnessPolicy.parse(Array(policy.utf8)), logKeys: { _ in [] })
        #expect(verified.policy?.quorumMet == true)
        #expect(verified.policy?.cosigners.map(\.name.text) == ["W1", "W3"])
    }
}
