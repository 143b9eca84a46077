/// A complete (perfect) subtree of the log: at `level` L and `index` I it covers the 2^L leaves
/// [I·2^L, (I+1)·2^L). Level 0 holds the leaf hashes. These are the hashes a store keeps so that
/// every root and proof is a handful of reads (RFC 9162 §2.1: every node of any tree size is a
/// complete subtree or a fold of at most 64 of them).
public struct MerkleSubtreeID: Hashable, Sendable, CustomStringConvertible {
    public let level: Int
    public let index: UInt64

    public init(level: Int, index: UInt64) {
        precondition((0..<64).contains(level), "level \(level) out of range")
        self.level = level
        self.index = index
    }

    /// The first leaf the subtree covers.
    public var start: UInt64 { index << UInt64(level) }
    /// One past the last leaf it covers.
    public var end: UInt64 { (index + 1) << UInt64(level) }

    public var description: String { "L\(level)/\(index)" }
}

/// The leaves [start, end) under one node of the RFC 9162 §2.1.1 recursion (or of a subtree in
/// the sense of draft-ietf-plants-merkle-tree-certs): `start` is a multiple of the smallest
/// power of two ≥ `end − start`, which makes the node a left-to-right fold of complete subtrees.
struct MerkleRange: Hashable, Sendable, CustomStringConvertible {
    let start: UInt64
    let end: UInt64

    var count: UInt64 { end - start }
    var description: String { "[\(start), \(end))" }

    /// k of RFC 9162 §2.1.1: the largest power of two smaller than `count` (count ≥ 2).
    var split: UInt64 { MerkleRange.largestPowerOfTwo(below: count) }

    /// Whether this range is a node of the RFC 9162 recursion under `root`.
    func isNode(of root: MerkleRange) -> Bool {
        var current = root
        while current != self {
            guard current.count > 1 else { return false }
            let middle = current.start + current.split
            if end <= middle && start >= current.start {
                current = MerkleRange(start: current.start, end: middle)
            } else if start >= middle && end <= current.end {
                current = MerkleRange(start: middle, end: current.end)
            } else {
                return false
            }
        }
        return true
    }

    static func largestPowerOfTwo(below n: UInt64) -> UInt64 {
        precondition(n >= 2)
        return 1 << UInt64(63 - (n - 1).leadingZeroBitCount)
    }

    /// The complete subtrees whose fold is this node's hash, left to right (largest first): the
    /// binary digits of `count`, each aligned because `start` is.
    var completeSubtrees: [MerkleSubtreeID] {
        var out: [MerkleSubtreeID] = []
        var position = start
        var remaining = count
        while remaining > 0 {
            let level = 63 - remaining.leadingZeroBitCount
            out.append(MerkleSubtreeID(level: level, index: position >> UInt64(level)))
            position += 1 << UInt64(level)
            remaining -= 1 << UInt64(level)
        }
        return out
    }
}
