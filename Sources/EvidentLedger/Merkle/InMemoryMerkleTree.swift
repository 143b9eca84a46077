/// An append-only Merkle log held in memory, keeping every complete-subtree hash: appending a
/// leaf hashes at most log₂(n) new nodes (amortised one), and roots and proofs of any earlier
/// size come from ``MerkleHashStore``. The model for a persistent store, and the one tests and
/// offline verifiers use.
public struct InMemoryMerkleTree: MerkleHashStore, Sendable {
    /// `levels[L][I]` is the hash of complete subtree (L, I); level L has ⌊n / 2^L⌋ entries.
    private var levels: [Level] = [Level()]
    /// Which subtrees an append closes (the one rule, shared with the stores).
    private var edge = MerkleRightEdge()

    public init() {}

    public init(leafHashes: some Sequence<MerkleHash>) throws {
        for hash in leafHashes { try append(leafHash: hash) }
    }

    /// The number of leaves.
    public var size: UInt64 { UInt64(levels[0].count) }

    /// One level's hashes in chunks of 2^15 (1 MiB), each after the first allocated once at full
    /// size: a growing level never copies more than its first chunk, and its memory is touched
    /// once (at 1M leaves, doubling arrays spent almost as long in page faults and copies as in
    /// SHA-256).
    private struct Level: Sendable {
        static let chunkShift = 15
        private var chunks: [[MerkleHash]] = []
        private(set) var count = 0

        subscript(index: Int) -> MerkleHash {
            chunks[index >> Self.chunkShift][index & ((1 << Self.chunkShift) - 1)]
        }

        mutating func append(_ hash: MerkleHash) {
            if count == 0 {
                chunks.append([])  // the first grows as an array does: small trees stay small
            } else if count & ((1 << Self.chunkShift) - 1) == 0 {
                var chunk: [MerkleHash] = []
                chunk.reserveCapacity(1 << Self.chunkShift)
                chunks.append(chunk)
            }
            chunks[chunks.count - 1].append(hash)
            count += 1
        }
    }

    /// Appends a leaf hash, completing the subtrees it closes; returns the leaf's index.
    @discardableResult
    public mutating func append(leafHash: MerkleHash) throws -> UInt64 {
        let index = size
        try edge.append(leafHash: leafHash) { node in
            if node.id.level == levels.count { levels.append(Level()) }
            levels[node.id.level].append(node.hash)
        }
        return index
    }

    /// Appends a leaf's data (hashed as SHA-256(0x00 ‖ data)); returns its index.
    @discardableResult
    public mutating func append(leafData: some Sequence<UInt8>) throws -> UInt64 {
        // Contiguous data (an array, a slice) is hashed in place; anything else copied once.
        let hash =
            try leafData.withContiguousStorageIfAvailable { try MerkleHash.leaf(UnsafeRawBufferPointer($0)) }
            ?? MerkleHash.leaf(Array(leafData))
        return try append(leafHash: hash)
    }

    /// Appends a leaf's data held in an array (the common case, without the generic path's
    /// per-call metadata look-ups); returns its index.
    @discardableResult
    public mutating func append(leafData: [UInt8]) throws -> UInt64 {
        try append(leafHash: MerkleHash.leaf(leafData))
    }

    /// The root of the whole log.
    public func rootHash() throws -> MerkleHash { try rootHash(treeSize: size) }

    public func treeSize() -> UInt64 { size }

    public func completeSubtreeHashes(_ subtrees: [MerkleSubtreeID]) throws -> [MerkleHash] {
        try subtrees.map { id in
            guard id.level < levels.count, id.index < UInt64(levels[id.level].count) else {
                throw MerkleError(.treeSizeOutOfRange, "subtree \(id) is not complete in a log of \(size) leaves")
            }
            return levels[id.level][Int(id.index)]
        }
    }
}
