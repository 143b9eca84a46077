/// Where a log keeps its complete-subtree hashes (``MerkleSubtreeID``). Roots and proofs for any
/// tree size are computed from these alone: a root is at most 64 reads, an inclusion or
/// consistency proof at most about 2·64, all asked for in one batch — so a database-backed store
/// answers a proof with one query, never a pass over the leaves.
///
/// A store must hold, for the tree size it reports, the hash of every complete subtree inside
/// it; an append-only store gets them by hashing pairs as leaves arrive (see
/// ``InMemoryMerkleTree/append(leafHash:)``).
public protocol MerkleHashStore {
    /// The number of leaves in the log.
    func treeSize() throws -> UInt64

    /// The hash of each subtree asked for, in the order asked. Only subtrees that lie entirely
    /// within `treeSize()` leaves are asked for.
    func completeSubtreeHashes(_ subtrees: [MerkleSubtreeID]) throws -> [MerkleHash]

    /// Whether the log has at least `size` leaves (a store may answer without a query).
    func hasSize(_ size: UInt64) throws -> Bool

    /// For audits: every copy the store holds of each hash asked for, read from storage past any
    /// cache (a store that keeps a hash twice, as a node and inside a tile, returns both; none
    /// when the hash is missing).
    func storedCopies(of subtrees: [MerkleSubtreeID]) throws -> [[MerkleHash]]
}

extension MerkleHashStore {
    public func hasSize(_ size: UInt64) throws -> Bool { try treeSize() >= size }

    public func storedCopies(of subtrees: [MerkleSubtreeID]) throws -> [[MerkleHash]] {
        try completeSubtreeHashes(subtrees).map { [$0] }
    }

    /// MTH(D[0:treeSize]) (RFC 9162 §2.1.1) of the log as it was at `treeSize` leaves.
    public func rootHash(treeSize: UInt64) throws -> MerkleHash {
        try requireSize(treeSize)
        if treeSize == 0 { return try MerkleHash.emptyTreeRoot() }
        return try nodeHashes([MerkleRange(start: 0, end: treeSize)])[0]
    }

    /// The audit path for leaf `leafIndex` in the tree of `treeSize` leaves (RFC 9162 §2.1.3.1).
    public func inclusionProof(leafIndex: UInt64, treeSize: UInt64) throws -> InclusionProof {
        try requireSize(treeSize)
        guard leafIndex < treeSize else {
            throw MerkleError(.leafIndexOutOfRange, "leaf \(leafIndex) is not in a tree of \(treeSize) leaves")
        }
        let plan = MerkleProofPlan.inclusion(leaf: leafIndex, under: MerkleRange(start: 0, end: treeSize))
        return InclusionProof(leafIndex: leafIndex, treeSize: treeSize, path: try nodeHashes(plan))
    }

    /// The proof that the tree of `newSize` leaves extends the tree of `oldSize` leaves
    /// (RFC 9162 §2.1.4.1). Empty when the sizes are equal; refused from the empty tree.
    public func consistencyProof(from oldSize: UInt64, to newSize: UInt64) throws -> ConsistencyProof {
        try requireSize(newSize)
        guard oldSize <= newSize else {
            throw MerkleError(.treeSizeOutOfRange, "old size \(oldSize) is larger than new size \(newSize)")
        }
        guard oldSize > 0 else {
            throw MerkleError(.emptyOldTree, "a consistency proof from the empty tree proves nothing")
        }
        let plan = MerkleProofPlan.consistency(
            subtree: MerkleRange(start: 0, end: oldSize), under: MerkleRange(start: 0, end: newSize))
        return ConsistencyProof(oldSize: oldSize, newSize: newSize, path: try nodeHashes(plan))
    }

    /// MTH(D[start:end]) of a subtree (draft-ietf-plants-merkle-tree-certs §4.1).
    public func subtreeHash(_ subtree: MerkleSubtree) throws -> MerkleHash {
        try requireSize(subtree.end)
        return try nodeHashes([subtree.range])[0]
    }

    /// The inclusion proof of a leaf in a subtree: the audit path within [start, end).
    public func subtreeInclusionProof(leafIndex: UInt64, subtree: MerkleSubtree) throws -> SubtreeInclusionProof {
        try requireSize(subtree.end)
        guard leafIndex >= subtree.start && leafIndex < subtree.end else {
            throw MerkleError(.leafIndexOutOfRange, "leaf \(leafIndex) is not in the subtree \(subtree)")
        }
        let plan = MerkleProofPlan.inclusion(leaf: leafIndex, under: subtree.range)
        return SubtreeInclusionProof(leafIndex: leafIndex, subtree: subtree, path: try nodeHashes(plan))
    }

    /// The proof that a subtree is part of the tree of `treeSize` leaves.
    public func subtreeConsistencyProof(subtree: MerkleSubtree, treeSize: UInt64) throws -> SubtreeConsistencyProof {
        try requireSize(treeSize)
        guard subtree.end <= treeSize else {
            throw MerkleError(.treeSizeOutOfRange, "subtree \(subtree) ends after the tree of \(treeSize) leaves")
        }
        let plan = MerkleProofPlan.consistency(subtree: subtree.range, under: MerkleRange(start: 0, end: treeSize))
        return SubtreeConsistencyProof(subtree: subtree, treeSize: treeSize, path: try nodeHashes(plan))
    }

    private func requireSize(_ size: UInt64) throws {
        guard try hasSize(size) else {
            throw MerkleError(.treeSizeOutOfRange, "tree size \(size) asked for, the log has \(try treeSize()) leaves")
        }
    }

    /// The hashes of RFC 9162 nodes, each folded from its complete subtrees; one store read.
    func nodeHashes(_ nodes: [MerkleRange]) throws -> [MerkleHash] {
        let pieces = nodes.map(\.completeSubtrees)
        let wanted = pieces.flatMap { $0 }
        let got = try completeSubtreeHashes(wanted)
        guard got.count == wanted.count else {
            throw MerkleError(.storeInconsistent, "asked for \(wanted.count) subtree hashes, got \(got.count)")
        }
        var next = 0
        return try pieces.map { piece in
            let hashes = got[next..<(next + piece.count)]
            next += piece.count
            // MTH(D[n]) = node(MTH(D[0:k]), MTH(D[k:n])): fold from the right.
            var hash = hashes.last!
            for left in hashes.dropLast().reversed() { hash = try MerkleHash.node(left, hash) }
            return hash
        }
    }
}
