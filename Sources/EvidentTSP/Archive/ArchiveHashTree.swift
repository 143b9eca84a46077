import EvidentCrypto

/// RFC 4998 §4.2–4.3 hash trees: how data objects become the one hash a time-stamp is over, and
/// the reduced hash tree that proves one object (or group) was among them.
///
/// - A node's value is the hash of its children's values concatenated in binary ascending order
///   (so a proof needs no left/right flags).
/// - A list of one hash value stands for that value itself, the reading BouncyCastle and the BSI
///   TR-ESOR data share (RFC 4998 leaves it open; docs/evidence-records.md).
/// - Verification (§4.3): the protected hashes must all be in the first list; the first list's
///   value, then each later list with the value so far added, is hashed up to the root.
///
/// Evident writes the forms every reader agrees on: a lone leaf has no reduced tree (the
/// time-stamp is over it); a single hash with a sibling shares its first list with it; a group
/// (several hashes that belong together) is a first list of its own; every later list holds one
/// sibling.
public enum ArchiveHashTree {
    /// The value of a list: its one hash, or the hash of its sorted concatenation.
    public static func value(of list: [[UInt8]], _ algorithm: DigestAlgorithm) throws -> [UInt8] {
        list.count == 1 ? list[0] : try hashSorted(list, algorithm)
    }

    /// H(sorted concatenation).
    public static func hashSorted(_ values: [[UInt8]], _ algorithm: DigestAlgorithm) throws -> [UInt8] {
        try Digest.hash(algorithm, values.sorted { $0.lexicographicallyPrecedes($1) }.flatMap { $0 })
    }

    /// The root a reduced hash tree leads to (§4.3 step 3).
    public static func root(of tree: [[[UInt8]]], _ algorithm: DigestAlgorithm) throws -> [UInt8] {
        var value = try Self.value(of: tree[0], algorithm)
        for list in tree.dropFirst() { value = try hashSorted(list + [value], algorithm) }
        return value
    }

    /// One leaf of a tree to build: the hashes of one data object, or of a group of objects
    /// that are proven together.
    public struct Leaf: Sendable, Hashable {
        public let hashes: [[UInt8]]
        public init(hashes: [[UInt8]]) { self.hashes = hashes }
    }

    /// Builds one tree over `leaves` (a left-balanced binary tree in the order given) and returns
    /// its root with each leaf's reduced hash tree (nil: the leaf is the root, no tree needed).
    public static func build(
        _ leaves: [Leaf], _ algorithm: DigestAlgorithm
    ) throws -> (
        root: [UInt8], trees: [[[[UInt8]]]?]
    ) {
        precondition(!leaves.isEmpty, "a hash tree needs a leaf")
        // Level 0: the leaves' values.
        var levels: [[[UInt8]]] = [try leaves.map { try value(of: $0.hashes, algorithm) }]
        while levels[levels.count - 1].count > 1 {
            let below = levels[levels.count - 1]
            var up: [[UInt8]] = []
            var i = 0
            while i < below.count {
                up.append(i + 1 < below.count ? try hashSorted([below[i], below[i + 1]], algorithm) : below[i])
                i += 2
            }
            levels.append(up)
        }
        let root = levels[levels.count - 1][0]
        var trees: [[[[UInt8]]]?] = []
        for (n, leaf) in leaves.enumerated() {
            var siblings: [[UInt8]] = []
            var index = n
            for level in levels.dropLast() {
                let sibling = index ^ 1
                if sibling < level.count { siblings.append(level[sibling]) }
                index /= 2
            }
            if siblings.isEmpty {
                // The leaf is the root. A single hash needs no tree; a group lists its hashes.
                trees.append(leaf.hashes.count == 1 ? nil : [leaf.hashes])
            } else if leaf.hashes.count == 1 {
                trees.append([leaf.hashes + [siblings[0]]] + siblings.dropFirst().map { [$0] })
            } else {
                trees.append([leaf.hashes] + siblings.map { [$0] })
            }
        }
        return (root, trees)
    }
}
