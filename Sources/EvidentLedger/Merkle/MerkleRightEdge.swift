/// The right edge of an RFC 9162 Merkle log: for each set bit `l` of its size, the root of the
/// complete subtree of 2^l leaves that ends at its last leaf. It is all an append needs, and
/// ``append(leafHash:)`` is the one rule for closing subtrees (issue #15: the in-memory tree and
/// both stores each had their own): a leaf at an odd index completes a pair with its pending left
/// sibling, whose parent may complete the next pair up, and so on.
public struct MerkleRightEdge: Sendable {
    /// One complete subtree an append produced: the leaf itself (level 0) or a parent it closed.
    public struct Node: Sendable, Equatable {
        public let id: MerkleSubtreeID
        public let hash: MerkleHash
    }

    public private(set) var size: UInt64
    /// pending[l]: the complete subtree at level l waiting for its right sibling (nil when bit l
    /// of the size is 0).
    private var pending: [MerkleHash?]

    /// The subtrees a store reads to resume appending to a log of `size` leaves.
    public static func subtrees(ofSize size: UInt64) -> [MerkleSubtreeID] {
        (0..<64).filter { (size >> UInt64($0)) & 1 == 1 }.map {
            MerkleSubtreeID(level: $0, index: (size >> UInt64($0)) - 1)
        }
    }

    /// The edge of an empty log.
    public init() {
        size = 0
        pending = Array(repeating: nil, count: 64)
    }

    /// The edge of a log of `size` leaves from its subtree hashes (``subtrees(ofSize:)``, by
    /// level); a missing one means the store is damaged.
    public init(size: UInt64, hashes: [Int: MerkleHash]) throws {
        self.size = size
        pending = Array(repeating: nil, count: 64)
        for id in Self.subtrees(ofSize: size) {
            guard let h = hashes[id.level] else {
                throw MerkleError(.storeInconsistent, "the log's right edge at size \(size) lacks subtree \(id)")
            }
            pending[id.level] = h
        }
    }

    /// Appends a leaf: returns the nodes to store, the leaf first, then each parent it completes.
    public mutating func append(leafHash: MerkleHash) throws -> [Node] {
        var nodes: [Node] = []
        try append(leafHash: leafHash) { nodes.append($0) }
        return nodes
    }

    /// Appends a leaf, handing each node to store to `store` as it is made, the leaf first, then
    /// each parent it completes — no array per append (the in-memory tree's hot path).
    public mutating func append(leafHash: MerkleHash, _ store: (Node) throws -> Void) throws {
        var level = 0, index = size, current = leafHash
        try store(Node(id: MerkleSubtreeID(level: 0, index: index), hash: leafHash))
        while index % 2 == 1 {
            guard let left = pending[level] else {
                throw MerkleError(.storeInconsistent, "Merkle node L\(level)/\(index - 1) is missing")
            }
            current = try MerkleHash.node(left, current)
            pending[level] = nil
            level += 1
            index /= 2
            try store(Node(id: MerkleSubtreeID(level: level, index: index), hash: current))
        }
        pending[level] = current
        size += 1
    }
}
