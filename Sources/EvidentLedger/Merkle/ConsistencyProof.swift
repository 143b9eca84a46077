/// An RFC 9162 §2.1.4 consistency proof: the tree of `newSize` leaves is an append-only
/// extension of the tree of `oldSize` leaves.
public struct ConsistencyProof: Hashable, Sendable {
    public let oldSize: UInt64
    public let newSize: UInt64
    public let path: [MerkleHash]

    public init(oldSize: UInt64, newSize: UInt64, path: [MerkleHash]) {
        self.oldSize = oldSize
        self.newSize = newSize
        self.path = path
    }

    /// Throws unless the path proves that `newRoot` (of `newSize` leaves) extends `oldRoot`
    /// (of `oldSize` leaves): RFC 9162 §2.1.4.2, plus the cases the RFC leaves to the caller —
    /// equal sizes need an empty path and equal roots; a proof from the empty tree is refused
    /// (it would prove nothing; transparency-dev/merkle refuses it too).
    public func verify(oldRoot: MerkleHash, newRoot: MerkleHash) throws {
        guard oldSize <= newSize else {
            throw MerkleError(.treeSizeOutOfRange, "old size \(oldSize) is larger than new size \(newSize)")
        }
        guard oldSize > 0 else {
            throw MerkleError(.emptyOldTree, "a consistency proof from the empty tree proves nothing")
        }
        if oldSize == newSize {
            guard path.isEmpty else { throw proofLength(.proofTooLong) }
            guard oldRoot == newRoot else {
                throw MerkleError(.rootMismatch, "equal sizes \(oldSize) with different roots")
            }
            return
        }
        let (fr, sr) = try roots(oldRoot: oldRoot)
        // 7. fr must be first_hash, sr second_hash (sn 0 was checked in `roots`).
        guard fr == oldRoot else {
            throw MerkleError(
                .oldRootMismatch, "the proof reproduces \(fr), not the old root \(oldRoot) of size \(oldSize)")
        }
        guard sr == newRoot else {
            throw MerkleError(.rootMismatch, "the proof leads to \(sr), not the new root \(newRoot) of size \(newSize)")
        }
    }

    /// The size-`oldSize` root a proof (old < new, old not a power of two) derives when it
    /// reproduces `newRoot`, or nil when it does not reproduce `newRoot` or the old size is a
    /// power of two (then the proof starts from the old root and derives nothing about it).
    /// A tree whose root is `newRoot` has this as its size-`oldSize` prefix root: when it differs
    /// from a signed root of that size, the log signed two inconsistent trees.
    public func derivedOldRoot(newRoot: MerkleHash) -> MerkleHash? {
        guard oldSize > 0, oldSize < newSize, oldSize & (oldSize - 1) != 0,
            let (fr, sr) = try? roots(oldRoot: newRoot), sr == newRoot
        else { return nil }
        return fr
    }

    /// RFC 9162 §2.1.4.2 steps 1–6 and the length check of 7: the (old, new) roots the path
    /// leads to, `oldRoot` used as the first node when the old size is a power of two.
    private func roots(oldRoot: MerkleHash) throws -> (MerkleHash, MerkleHash) {
        // 1. An empty path fails.
        guard !path.isEmpty else { throw proofLength(.proofTooShort) }
        // 2. If first is an exact power of 2, prepend first_hash.
        var nodes = path
        if oldSize & (oldSize - 1) == 0 { nodes.insert(oldRoot, at: 0) }
        // 3. fn = first − 1, sn = second − 1.
        var fn = oldSize - 1
        var sn = newSize - 1
        // 4. Skip the levels where the old tree's last node is a right child.
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        // 5. fr = sr = the first node.
        var fr = nodes[0]
        var sr = nodes[0]
        // 6. For each subsequent node c:
        for c in nodes.dropFirst() {
            guard sn != 0 else { throw proofLength(.proofTooLong) }
            if fn & 1 == 1 || fn == sn {
                fr = try MerkleHash.node(c, fr)
                sr = try MerkleHash.node(c, sr)
                while fn & 1 == 0 && fn != 0 {
                    fn >>= 1
                    sn >>= 1
                }
            } else {
                sr = try MerkleHash.node(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        guard sn == 0 else { throw proofLength(.proofTooShort) }
        return (fr, sr)
    }

    private func proofLength(_ code: MerkleError.Code) -> MerkleError {
        MerkleError(code, "\(path.count) hashes is the wrong length from size \(oldSize) to \(newSize)")
    }
}
