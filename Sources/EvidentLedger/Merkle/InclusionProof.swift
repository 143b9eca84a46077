/// An RFC 9162 §2.1.3 inclusion proof: the audit path of the leaf at `leafIndex` in the tree
/// of `treeSize` leaves, nearest the leaf first.
public struct InclusionProof: Hashable, Sendable {
    public let leafIndex: UInt64
    public let treeSize: UInt64
    public let path: [MerkleHash]

    public init(leafIndex: UInt64, treeSize: UInt64, path: [MerkleHash]) {
        self.leafIndex = leafIndex
        self.treeSize = treeSize
        self.path = path
    }

    /// Throws unless `leafHash` is the hash of leaf `leafIndex` of the tree whose root is `rootHash`.
    public func verify(leafHash: MerkleHash, rootHash: MerkleHash) throws {
        let computed = try self.rootHash(leafHash: leafHash)
        guard computed == rootHash else {
            throw MerkleError(
                .rootMismatch,
                "the path from leaf \(leafIndex) leads to \(computed), not the root \(rootHash) of size \(treeSize)")
        }
    }

    /// The root the path leads to from `leafHash`: RFC 9162 §2.1.3.2, step by step.
    public func rootHash(leafHash: MerkleHash) throws -> MerkleHash {
        // 1. leaf_index must be below tree_size.
        guard leafIndex < treeSize else {
            throw MerkleError(.leafIndexOutOfRange, "leaf \(leafIndex) is not in a tree of \(treeSize) leaves")
        }
        // 2. fn = leaf_index, sn = tree_size − 1, r = hash.
        var fn = leafIndex
        var sn = treeSize - 1
        var r = leafHash
        // 3. For each p in the path:
        for p in path {
            // a. sn = 0 means the path is longer than the tree is high.
            guard sn != 0 else { throw proofLength(.proofTooLong) }
            // b. A right child, or the last node of its level: p is a left sibling.
            if fn & 1 == 1 || fn == sn {
                r = try MerkleHash.node(p, r)
                // Skip the levels where this node has no right sibling.
                while fn & 1 == 0 && fn != 0 {
                    fn >>= 1
                    sn >>= 1
                }
            } else {
                r = try MerkleHash.node(r, p)
            }
            // c.
            fn >>= 1
            sn >>= 1
        }
        // 4. sn = 0 once the path has reached the root.
        guard sn == 0 else { throw proofLength(.proofTooShort) }
        return r
    }

    private func proofLength(_ code: MerkleError.Code) -> MerkleError {
        MerkleError(code, "\(path.count) hashes is the wrong length for leaf \(leafIndex) of \(treeSize)")
    }
}
