/// A subtree of the log in the sense of draft-ietf-plants-merkle-tree-certs §4.1 (the
/// transparency-dev "subtree" proofs): the leaves [start, end) with start < end and start a
/// multiple of the smallest power of two ≥ end − start. Such a range is a node of the tree of
/// `end` leaves, so it has a hash MTH(D[start:end]) — a commitment to a contiguous run of
/// receipts (an audit period, say) that can be proven part of any later tree.
public struct MerkleSubtree: Hashable, Sendable, CustomStringConvertible {
    public let start: UInt64
    public let end: UInt64

    public init(start: UInt64, end: UInt64) throws {
        guard start < end else {
            // An empty range has no hash of its own; refusing it keeps every proof about leaves.
            throw MerkleError(.invalidSubtree, "[\(start), \(end)) is empty or reversed")
        }
        let count = end - start
        if start != 0 {
            guard count <= 1 << 63, start & (MerkleSubtree.bitCeil(count) - 1) == 0 else {
                throw MerkleError(
                    .invalidSubtree,
                    "[\(start), \(end)): \(start) is not a multiple of the smallest power of two ≥ \(count)")
            }
        }
        self.start = start
        self.end = end
    }

    public var count: UInt64 { end - start }
    public var description: String { "[\(start), \(end))" }
    var range: MerkleRange { MerkleRange(start: start, end: end) }

    /// The smallest power of two ≥ n (n ≤ 2^63).
    static func bitCeil(_ n: UInt64) -> UInt64 {
        n <= 1 ? 1 : 1 << UInt64(64 - (n - 1).leadingZeroBitCount)
    }
}

/// The inclusion proof of a leaf in a subtree: RFC 9162 §2.1.3 within [start, end), with the
/// leaf at `leafIndex − start` of a tree of `end − start` leaves.
public struct SubtreeInclusionProof: Hashable, Sendable {
    public let leafIndex: UInt64
    public let subtree: MerkleSubtree
    public let path: [MerkleHash]

    public init(leafIndex: UInt64, subtree: MerkleSubtree, path: [MerkleHash]) {
        self.leafIndex = leafIndex
        self.subtree = subtree
        self.path = path
    }

    /// Throws unless `leafHash` is leaf `leafIndex` of the subtree whose hash is `subtreeHash`.
    public func verify(leafHash: MerkleHash, subtreeHash: MerkleHash) throws {
        guard leafIndex >= subtree.start && leafIndex < subtree.end else {
            throw MerkleError(.leafIndexOutOfRange, "leaf \(leafIndex) is not in the subtree \(subtree)")
        }
        try InclusionProof(leafIndex: leafIndex - subtree.start, treeSize: subtree.count, path: path)
            .verify(leafHash: leafHash, rootHash: subtreeHash)
    }
}

/// The proof that a subtree is part of the tree of `treeSize` leaves (with subtree [0, m) it is
/// the RFC 9162 consistency proof from size m).
public struct SubtreeConsistencyProof: Hashable, Sendable {
    public let subtree: MerkleSubtree
    public let treeSize: UInt64
    public let path: [MerkleHash]

    public init(subtree: MerkleSubtree, treeSize: UInt64, path: [MerkleHash]) {
        self.subtree = subtree
        self.treeSize = treeSize
        self.path = path
    }

    /// Throws unless the path proves that the subtree whose hash is `subtreeHash` is part of the
    /// tree whose root is `rootHash`.
    ///
    /// The proof's shape depends only on the sizes (``MerkleProofPlan/consistency(subtree:under:)``),
    /// so each hash is placed at its node and the two roots are recomputed from the definition
    /// of MTH: the subtree's from the nodes inside it (or `subtreeHash` itself when the subtree
    /// is a node of the tree), the tree's from those nodes, the outer ones, and the subtree.
    public func verify(subtreeHash: MerkleHash, rootHash: MerkleHash) throws {
        guard subtree.end <= treeSize else {
            throw MerkleError(.treeSizeOutOfRange, "subtree \(subtree) ends after the tree of \(treeSize) leaves")
        }
        let plan = MerkleProofPlan.consistency(subtree: subtree.range, under: MerkleRange(start: 0, end: treeSize))
        guard path.count == plan.count else {
            throw MerkleError(
                path.count < plan.count ? .proofTooShort : .proofTooLong,
                "\(path.count) hashes, the sizes call for \(plan.count)")
        }
        var known = Dictionary(zip(plan, path), uniquingKeysWith: { first, _ in first })
        let tree = MerkleRange(start: 0, end: treeSize)
        if subtree.range.isNode(of: tree) {
            // The verifier holds this node's hash; the proof leaves it out.
            known[subtree.range] = subtreeHash
        } else {
            // The subtree straddles a split: the proof carries its pieces, which must fold to it.
            let recomputed = try Self.hash(of: subtree.range, known: known)
            guard recomputed == subtreeHash else {
                throw MerkleError(
                    .oldRootMismatch, "the proof reproduces \(recomputed), not the subtree hash \(subtreeHash)")
            }
        }
        let root = try Self.hash(of: tree, known: known)
        guard root == rootHash else {
            throw MerkleError(.rootMismatch, "the proof leads to \(root), not the root \(rootHash) of size \(treeSize)")
        }
    }

    /// MTH of `node` (RFC 9162 §2.1.1) from the nodes whose hashes are known.
    private static func hash(of node: MerkleRange, known: [MerkleRange: MerkleHash]) throws -> MerkleHash {
        if let hash = known[node] { return hash }
        guard node.count > 1 else {
            // Cannot happen for a proof of the planned length; kept as a refusal, not a crash.
            throw MerkleError(.proofTooShort, "no hash for leaf \(node.start)")
        }
        let middle = node.start + node.split
        return try MerkleHash.node(
            hash(of: MerkleRange(start: node.start, end: middle), known: known),
            hash(of: MerkleRange(start: middle, end: node.end), known: known))
    }
}
