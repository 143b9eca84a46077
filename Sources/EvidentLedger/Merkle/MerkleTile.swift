/// Tiles of a Merkle log's complete-subtree hashes, for stores that read proofs from disk
/// (issue #19, goal 6). Tile (t, j) holds the 16 hashes of level 4t at indices 16j…16j+15, once
/// all 16 exist; every node of levels 4t…4t+3 above them is a fold of 1, 2, 4 or 8 of them. An
/// inclusion proof in a log of 2^20 leaves then reads 5 tiles (one per tile level) instead of
/// 20 nodes, each near the others on disk only by chance. (This is the C2SP tlog-tiles idea with
/// height 4 instead of 8: a 512-byte tile fits a database page, and the fold is at most 7 hashes.)
///
/// A tile is a cache of hashes the store also keeps as nodes: a store answers from a tile when it
/// has one and from the node otherwise, and a tile is written only whole.
public enum MerkleTile {
    public static let height = 4
    /// Hashes per tile.
    public static let width = 1 << height
    /// Bytes of a stored tile: its hashes, in index order.
    public static let byteCount = width * MerkleHash.byteCount

    /// A tile: its level t (it holds hashes of level 4t) and its index j.
    public struct Key: Hashable, Sendable {
        public let level: Int
        public let index: UInt64
        public init(level: Int, index: UInt64) {
            self.level = level
            self.index = index
        }
    }

    /// The tile node `id` is folded from, and which of its hashes (a power of two of them).
    public static func locate(_ id: MerkleSubtreeID) -> (key: Key, hashes: Range<Int>) {
        let above = id.level % height
        let first = id.index << UInt64(above)  // at level 4t
        let offset = Int(first % UInt64(width))
        return (Key(level: id.level / height, index: first / UInt64(width)), offset..<(offset + (1 << above)))
    }

    /// The tile a newly stored node completes, if it does: the node is the last hash of its tile.
    public static func completed(by id: MerkleSubtreeID) -> Key? {
        guard id.level % height == 0, id.index % UInt64(width) == UInt64(width - 1) else { return nil }
        return Key(level: id.level / height, index: id.index / UInt64(width))
    }

    /// The node levels and indices whose hashes make up tile `key`.
    public static func members(_ key: Key) -> [MerkleSubtreeID] {
        (0..<UInt64(width)).map { MerkleSubtreeID(level: key.level * height, index: key.index * UInt64(width) + $0) }
    }

    /// The root of the perfect subtree over `hashes` (a power of two of them, at most `width`).
    public static func fold(_ hashes: ArraySlice<MerkleHash>) throws -> MerkleHash {
        precondition(hashes.count > 0 && hashes.count & (hashes.count - 1) == 0, "a tile fold takes 2^k hashes")
        var level = Array(hashes)
        while level.count > 1 {
            level = try stride(from: 0, to: level.count, by: 2).map { try MerkleHash.node(level[$0], level[$0 + 1]) }
        }
        return level[0]
    }

    /// A stored tile's hashes; nil unless it is exactly `byteCount` bytes.
    public static func hashes(_ bytes: some Collection<UInt8>) -> [MerkleHash]? {
        guard bytes.count == byteCount else { return nil }
        let all = Array(bytes)
        return try? (0..<width).map {
            try MerkleHash(Array(all[($0 * MerkleHash.byteCount)..<(($0 + 1) * MerkleHash.byteCount)]))
        }
    }
}
