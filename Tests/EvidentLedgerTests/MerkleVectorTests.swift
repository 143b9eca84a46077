import EvidentDER
import EvidentLedger
import EvidentTestSupport
import Foundation
import Testing

/// Every transparency-dev/merkle vector in testdata/merkle/transparency-dev-merkle: inclusion and
/// consistency proofs (RFC 9162) and the subtree variants, valid and invalid. The verdict of each
/// file must be its `wantErr`, except for the deviations pinned below.
@Suite struct MerkleVectorTests {
    /// Where we deliberately refuse what the Go reference accepts (docs/merkle.md, "Deviations").
    static let deviations: [String: String] = [
        // A hash that is not 32 bytes is malformed input, even where equal sizes make it irrelevant.
        "consistency/additional/sizes-are-equal-one-and-proof-is-empty.json": "12-byte roots",
        "subtreeconsistency/additional/sizes-are-equal-one-and-proof-is-empty.json": "12-byte roots",
        // Empty subtrees [s, s) have no hash and prove nothing; MerkleSubtree refuses them.
        "subtreeconsistency/additional/subtree-is-empty-sizes-are-equal-one-subtree-root-valid-proof-is-empty.json":
            "empty subtree",
        "subtreeconsistency/additional/subtree-is-empty-sizes-are-equal-one-subtree-root-valid-tree-root-random-proof-is-empty.json":
            "empty subtree",
        "subtreeconsistency/additional/subtree-is-empty-sizes-are-equal-zero-subtree-root-valid-proof-is-empty.json":
            "empty subtree",
        "subtreeconsistency/additional/subtree-is-empty-sizes-are-equal-zero-subtree-root-valid-tree-root-random-proof-is-empty.json":
            "empty subtree",
        "subtreeconsistency/additional/subtree-is-empty-subtree-root-valid-proof-is-empty.json": "empty subtree",
        "subtreeconsistency/additional/subtree-is-empty-subtree-root-valid-tree-root-random-proof-is-empty.json":
            "empty subtree",
    ]

    /// The union of the fields of the four vector kinds.
    struct Vector: Decodable {
        var leafIdx: UInt64?, treeSize: UInt64?, root: String?, leafHash: String?
        var size1: UInt64?, size2: UInt64?, root1: String?, root2: String?
        var start: UInt64?, end: UInt64?, size: UInt64?
        var proof: [String]?
        var wantErr: Bool
    }

    static func hash(_ base64: String?) throws -> MerkleHash {
        guard let bytes = Base64.decode(base64 ?? "") else { throw MerkleError(.invalidHashLength, "bad base64") }
        return try MerkleHash(bytes)
    }

    /// Verifies one vector with our API; returns nil when accepted, else the error.
    static func verify(kind: String, _ v: Vector) -> (any Error)? {
        do {
            let proof = try (v.proof ?? []).map(hash)
            switch kind {
            case "inclusion":
                try InclusionProof(leafIndex: v.leafIdx!, treeSize: v.treeSize!, path: proof)
                    .verify(leafHash: hash(v.leafHash), rootHash: hash(v.root))
            case "consistency":
                try ConsistencyProof(oldSize: v.size1!, newSize: v.size2!, path: proof)
                    .verify(oldRoot: hash(v.root1), newRoot: hash(v.root2))
            case "subtreeinclusion":
                try SubtreeInclusionProof(
                    leafIndex: v.leafIdx!, subtree: MerkleSubtree(start: v.start!, end: v.end!), path: proof
                )
                .verify(leafHash: hash(v.leafHash), subtreeHash: hash(v.root))
            default:
                try SubtreeConsistencyProof(
                    subtree: MerkleSubtree(start: v.start!, end: v.end!), treeSize: v.size!, path: proof
                )
                .verify(subtreeHash: hash(v.root1), rootHash: hash(v.root2))
            }
            return nil
        } catch {
            return error
        }
    }

    @Test func everyVector() throws {
        var tally: [String: (valid: Int, invalid: Int, deviations: Int)] = [:]
        var mismatches: [String] = []
        let files = TestSupport.files(under: "merkle/transparency-dev-merkle", extensions: [".json"])
        for url in files {
            let path = TestSupport.relative(url, to: "merkle/transparency-dev-merkle")
            let kind = String(path.prefix { $0 != "/" })
            let vector = try JSONDecoder().decode(Vector.self, from: Data(contentsOf: url))
            let error = Self.verify(kind: kind, vector)
            let rejected = error != nil
            var row = tally[kind] ?? (0, 0, 0)
            if rejected != vector.wantErr {
                mismatches.append(path)
                row.deviations += 1
            } else if vector.wantErr {
                row.invalid += 1
            } else {
                row.valid += 1
            }
            tally[kind] = row
        }
        #expect(files.count == 518)
        #expect(
            Set(mismatches) == Set(Self.deviations.keys),
            "unexpected verdicts: \(Set(mismatches).subtracting(Self.deviations.keys).sorted())")
        for (kind, row) in tally.sorted(by: { $0.key < $1.key }) {
            print(
                "transparency-dev \(kind): \(row.valid) valid accepted, \(row.invalid) invalid rejected, \(row.deviations) pinned deviations"
            )
        }
    }

    /// The RFC 6962 / transparency-dev test tree: eight leaves whose roots the vectors use.
    static let referenceLeaves: [[UInt8]] = [
        [], [0x00], [0x10], [0x20, 0x21], [0x30, 0x31], [0x40, 0x41, 0x42, 0x43],
        Array(0x50...0x57), Array(0x60...0x6F),
    ]

    static func referenceTree(offset: Int = 0, count: Int = 8) throws -> InMemoryMerkleTree {
        var tree = InMemoryMerkleTree()
        for i in 0..<offset { try tree.append(leafData: [0xFF, UInt8(i)]) }
        for leaf in referenceLeaves.prefix(count) { try tree.append(leafData: leaf) }
        return tree
    }

    /// Our generator produces exactly the proofs of the happy-path vectors.
    @Test func generatorReproducesHappyPaths() throws {
        let tree = try Self.referenceTree()
        var checked = 0
        for url in TestSupport.files(
            under: "merkle/transparency-dev-merkle", extensions: ["happy-path.json", "happy-path-subtree.json"])
        {
            let path = TestSupport.relative(url, to: "merkle/transparency-dev-merkle")
            let v = try JSONDecoder().decode(Vector.self, from: Data(contentsOf: url))
            let expected = try (v.proof ?? []).map(Self.hash)
            switch String(path.prefix { $0 != "/" }) {
            case "inclusion":
                #expect(
                    try tree.inclusionProof(leafIndex: v.leafIdx!, treeSize: v.treeSize!).path == expected, "\(path)")
                #expect(try tree.rootHash(treeSize: v.treeSize!) == Self.hash(v.root), "\(path)")
            case "consistency":
                #expect(try tree.consistencyProof(from: v.size1!, to: v.size2!).path == expected, "\(path)")
            case "subtreeinclusion":
                // The subtree vectors shift the reference leaves to start at `start`.
                let shifted = try Self.referenceTree(offset: Int(v.start!), count: Int(v.end! - v.start!))
                let subtree = try MerkleSubtree(start: v.start!, end: v.end!)
                #expect(
                    try shifted.subtreeInclusionProof(leafIndex: v.leafIdx!, subtree: subtree).path == expected,
                    "\(path)")
                #expect(try shifted.subtreeHash(subtree) == Self.hash(v.root), "\(path)")
            default:
                let subtree = try MerkleSubtree(start: v.start!, end: v.end!)
                #expect(
                    try tree.subtreeConsistencyProof(subtree: subtree, treeSize: v.size!).path == expected, "\(path)")
            }
            checked += 1
        }
        #expect(checked == 25)
    }
}
