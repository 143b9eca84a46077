import EvidentCrypto
import EvidentLedger
import Testing

/// Tiles (``MerkleTile``) against the in-memory tree: every complete subtree of a 1,000-leaf
/// log folded from its tile equals the tree's own hash, and a tile is complete exactly when its
/// last hash is stored.
@Suite struct MerkleTileTests {
    @Test func everyNodeIsTheFoldOfItsTile() throws {
        let n: UInt64 = 1_000
        let tree = try InMemoryMerkleTree(leafHashes: (0..<n).map { try MerkleHash.leaf(Array("leaf \($0)".utf8)) })
        var level = 0
        while (n >> UInt64(level)) > 0 {
            for index in 0..<(n >> UInt64(level)) {
                let id = MerkleSubtreeID(level: level, index: index)
                let (key, range) = MerkleTile.locate(id)
                #expect(key.level == level / 4 && range.count == 1 << (level % 4), "\(id)")
                let members = MerkleTile.members(key)
                // Only whole tiles are stored: a node of a tile that is not whole is read as a node.
                guard try tree.hasSize(members.last!.end) else { continue }
                let tile = try tree.completeSubtreeHashes(members)
                #expect(try MerkleTile.fold(tile[range]) == tree.completeSubtreeHashes([id])[0], "\(id)")
                let bytes = tile.flatMap(\.bytes)
                #expect(MerkleTile.hashes(bytes) == tile)
            }
            level += 1
        }
        #expect(MerkleTile.hashes([UInt8](repeating: 0, count: 511)) == nil)
    }

    @Test func aTileIsCompletedByItsLastHashOnly() {
        #expect(MerkleTile.completed(by: MerkleSubtreeID(level: 0, index: 15)) == MerkleTile.Key(level: 0, index: 0))
        #expect(MerkleTile.completed(by: MerkleSubtreeID(level: 4, index: 31)) == MerkleTile.Key(level: 1, index: 1))
        #expect(MerkleTile.completed(by: MerkleSubtreeID(level: 0, index: 14)) == nil)
        #expect(MerkleTile.completed(by: MerkleSubtreeID(level: 1, index: 15)) == nil)
    }
}
