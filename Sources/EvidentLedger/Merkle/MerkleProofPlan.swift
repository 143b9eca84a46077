/// Which nodes a proof consists of, from the sizes alone (no hashes): the generator reads these
/// nodes from a store, and the subtree-consistency verifier knows where each proof hash sits.
/// Proof order is the RFC's: the node nearest the leaves first.
enum MerkleProofPlan {
    /// RFC 9162 §2.1.3.1, PATH(m, D[n]) for the leaf at absolute index `leaf` under `node`:
    /// k = largest power of two < n; if m < k: PATH(m, D[0:k]) : MTH(D[k:n]),
    /// else PATH(m − k, D[k:n]) : MTH(D[0:k]).
    static func inclusion(leaf: UInt64, under node: MerkleRange) -> [MerkleRange] {
        var siblings: [MerkleRange] = []
        var current = node
        while current.count > 1 {
            let middle = current.start + current.split
            if leaf < middle {
                siblings.append(MerkleRange(start: middle, end: current.end))
                current = MerkleRange(start: current.start, end: middle)
            } else {
                siblings.append(MerkleRange(start: current.start, end: middle))
                current = MerkleRange(start: middle, end: current.end)
            }
        }
        return siblings.reversed()
    }

    /// RFC 9162 §2.1.4.1, SUBPROOF(m, D[n], b), generalised from the old tree [0, m) to any
    /// subtree [start, end) as in draft-ietf-plants-merkle-tree-certs (with start = 0 it is
    /// exactly the RFC's consistency proof):
    ///
    /// - the node is the subtree itself: nothing if b (the verifier holds its hash), else MTH(node);
    /// - the subtree lies in the left child D[0:k]: recurse left with b, then MTH(D[k:n]);
    /// - it lies in the right child D[k:n]: recurse right with b, then MTH(D[0:k]);
    /// - it straddles k (then it starts at the node's start): recurse into the right child with
    ///   the subtree's right part and b = false, then MTH(D[0:k]).
    static func consistency(subtree: MerkleRange, under node: MerkleRange) -> [MerkleRange] {
        var outer: [MerkleRange] = []
        var current = node
        var target = subtree
        var known = true  // b
        while target != current {
            let middle = current.start + current.split
            if target.end <= middle {
                outer.append(MerkleRange(start: middle, end: current.end))
                current = MerkleRange(start: current.start, end: middle)
            } else if target.start >= middle {
                outer.append(MerkleRange(start: current.start, end: middle))
                current = MerkleRange(start: middle, end: current.end)
            } else {
                outer.append(MerkleRange(start: current.start, end: middle))
                current = MerkleRange(start: middle, end: current.end)
                target = MerkleRange(start: middle, end: target.end)
                known = false
            }
        }
        return (known ? [] : [current]) + outer.reversed()
    }
}
