import EvidentLedger
import Testing

/// The one rule for closing subtrees on append (MerkleRightEdge), as the stores use it: resumed
/// at any size from the subtrees it names, it produces exactly the nodes of an uninterrupted run,
/// and those are the in-memory tree's complete subtrees.
@Suite struct MerkleRightEdgeTests {
    static func leaf(_ i: Int) throws -> MerkleHash { try MerkleHash.leaf(Array("leaf \(i)".utf8)) }

    @Test func resumingAtAnySizeGivesTheSameNodes() throws {
        var continuous = MerkleRightEdge()
        var tree = InMemoryMerkleTree()
        var stored: [MerkleSubtreeID: MerkleHash] = [:]
        for i in 0..<300 {
            // A store resumes from what it holds: the subtrees the edge at this size names.
            let ids = MerkleRightEdge.subtrees(ofSize: UInt64(i))
            #expect(ids.count == UInt64(i).nonzeroBitCount)
            var resumed = try MerkleRightEdge(
                size: UInt64(i), hashes: Dictionary(uniqueKeysWithValues: ids.map { ($0.level, stored[$0]!) }))
            let nodes = try continuous.append(leafHash: Self.leaf(i))
            #expect(try resumed.append(leafHash: Self.leaf(i)) == nodes)
            // The leaf, then one parent per trailing one bit of its index.
            #expect(
                nodes.count == 1 + (~UInt64(i)).trailingZeroBitCount
                    && nodes[0].id == MerkleSubtreeID(level: 0, index: UInt64(i)))
            for n in nodes { stored[n.id] = n.hash }
            try tree.append(leafHash: Self.leaf(i))
            #expect(try tree.completeSubtreeHashes(nodes.map(\.id)) == nodes.map(\.hash))
        }
        #expect(continuous.size == 300)
    }

    @Test func aMissingSubtreeIsRefused() throws {
        #expect(throws: MerkleError.self) { try MerkleRightEdge(size: 6, hashes: [1: try Self.leaf(0)]) }
    }
}
