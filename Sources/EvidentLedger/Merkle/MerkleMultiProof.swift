/// A compact multi-proof (docs/merkle.md, "Multi-proofs"): that a set S of leaves, each at its
/// stated index, are leaves of the RFC 9162 tree of `treeSize` leaves. The proof is the list of
/// the roots of the **maximal subtrees that contain no leaf of S** — the nodes of the RFC 9162
/// §2.1.1 recursion (split at the largest power of two below the width) whose parent holds a
/// leaf of S — left to right, which is the order a depth-first walk of that recursion meets
/// them. For a contiguous run of leaves these are only its edges (at most 2·⌈log₂ n⌉ hashes);
/// for any set they are exactly the audit-path siblings that the leaves' own hashes do not
/// determine, each once.
///
/// Verification folds the recursion depth first with O(log n) state (the recursion is at most
/// 64 deep), consuming the leaves in index order and the proof hashes in order: leaves and
/// hashes can be streamed, so the memory does not grow with |S|. The proof must be consumed
/// exactly: a hash missing or left over, or a leaf index at or past the tree size, is refused.
public enum MerkleMultiProof {
    /// Where the leaves come from, in strictly increasing index order.
    public protocol Leaves {
        /// The index of the next leaf not yet taken, or nil when there is none.
        mutating func peekIndex() throws -> UInt64?
        /// Takes the next leaf: its hash (its index is what ``peekIndex()`` returned).
        mutating func takeHash() throws -> MerkleHash
    }

    /// Where the proof hashes come from, in order.
    public protocol Hashes {
        /// The next proof hash, or nil when the proof is exhausted.
        mutating func next() throws -> MerkleHash?
    }

    /// The nodes of the proof inside one gap [start, end) between leaves of S (leaves that are
    /// not in S, with the leaves just outside it in S or past the tree's edge), left to right:
    /// the maximal RFC 9162 nodes of the tree of `treeSize` leaves that lie inside the gap.
    static func gapNodes(start: UInt64, end: UInt64, treeSize: UInt64) -> [MerkleRange] {
        var out: [MerkleRange] = []
        func walk(_ node: MerkleRange) {
            if node.end <= start || node.start >= end { return }
            if node.start >= start && node.end <= end {
                out.append(node)
                return
            }
            let middle = node.start + node.split  // partly inside: at least two leaves
            walk(MerkleRange(start: node.start, end: middle))
            walk(MerkleRange(start: middle, end: node.end))
        }
        if start < end && end <= treeSize { walk(MerkleRange(start: 0, end: treeSize)) }
        return out
    }

    /// The root of the tree of `treeSize` leaves, recomputed from the leaves and the proof
    /// hashes; throws ``MerkleError`` when the proof is not exactly what the leaves' positions
    /// call for (`proof-too-short`, `proof-too-long`, `leaf-index-out-of-range`) or the leaves
    /// are not in strictly increasing order (`invalid-subtree`). The caller compares the root
    /// with the signed one: only then is each leaf proven to be the leaf at its index.
    public static func root(
        treeSize: UInt64, leaves: inout some Leaves, hashes: inout some Hashes
    ) throws -> MerkleHash {
        var none = Paths(wanted: [])
        return try root(treeSize: treeSize, leaves: &leaves, hashes: &hashes, paths: &none)
    }

    /// The audit paths a fold derives for the leaves it is asked for: for each leaf of S whose
    /// index is in `wanted`, the siblings met on the way from that leaf up to the root — the
    /// RFC 9162 §2.1.3.1 inclusion path of that leaf in the tree of `treeSize` leaves, which
    /// verifies against the root the fold recomputed. (A multi-proof holds every such path; a
    /// comparison of two bundles needs one only for a leaf they disagree on.)
    public struct Paths {
        public let wanted: Set<UInt64>
        /// Each wanted leaf the fold met, with its path (leaf's sibling first).
        public private(set) var paths: [UInt64: [MerkleHash]] = [:]
        /// The wanted leaves met so far, in index order: a subtree's are a suffix of it.
        fileprivate var met: [UInt64] = []

        public init(wanted: Set<UInt64>) { self.wanted = wanted }

        fileprivate mutating func leaf(_ index: UInt64) {
            if wanted.contains(index) {
                met.append(index)
                paths[index] = []
            }
        }

        /// A node was made from the subtrees whose wanted leaves are `met[left]` and `met[right]`.
        fileprivate mutating func joined(
            left: Range<Int>, _ leftHash: MerkleHash, right: Range<Int>, _ rightHash: MerkleHash
        ) {
            for i in left { paths[met[i]]!.append(rightHash) }
            for i in right { paths[met[i]]!.append(leftHash) }
        }
    }

    /// ``root(treeSize:leaves:hashes:)``, deriving the audit paths of the leaves `paths` wants.
    public static func root(
        treeSize: UInt64, leaves: inout some Leaves, hashes: inout some Hashes, paths: inout Paths
    ) throws -> MerkleHash {
        guard treeSize > 0 else {
            throw MerkleError(.treeSizeOutOfRange, "a multi-proof needs a tree of at least one leaf")
        }
        guard try leaves.peekIndex() != nil else {
            throw MerkleError(.leafIndexOutOfRange, "a multi-proof needs at least one leaf")
        }
        var proofUsed: UInt64 = 0
        // Depth first over the RFC 9162 recursion: a node without a leaf of S is one proof hash,
        // a single leaf is the leaf, anything else is node(left, right). At most 64 deep.
        func fold(_ start: UInt64, _ end: UInt64) throws -> MerkleHash {
            // A leaf past the tree is named as such, not as the proof hash its node would need.
            if let next = try leaves.peekIndex(), next >= treeSize {
                throw MerkleError(.leafIndexOutOfRange, "leaf \(next) is not in the tree of \(treeSize) leaves")
            }
            guard let next = try leaves.peekIndex(), next < end else {
                guard let h = try hashes.next() else {
                    throw MerkleError(
                        .proofTooShort,
                        "the proof ends after \(proofUsed) hashes; the node [\(start), \(end)) needs one")
                }
                proofUsed += 1
                return h
            }
            guard next >= start else {
                throw MerkleError(.invalidSubtree, "leaf \(next) is out of order (the walk is at leaf \(start))")
            }
            if end - start == 1 {
                if !paths.wanted.isEmpty { paths.leaf(start) }
                return try leaves.takeHash()
            }
            let middle = start + MerkleRange.largestPowerOfTwo(below: end - start)
            let first = paths.met.count
            let left = try fold(start, middle)
            let second = paths.met.count
            let right = try fold(middle, end)
            if first < paths.met.count {
                paths.joined(left: first..<second, left, right: second..<paths.met.count, right)
            }
            return try MerkleHash.node(left, right)
        }
        let root = try fold(0, treeSize)
        if let extra = try leaves.peekIndex() {
            throw MerkleError(
                .leafIndexOutOfRange, "leaf \(extra) is not in the tree of \(treeSize) leaves (or is out of order)")
        }
        if try hashes.next() != nil {
            throw MerkleError(.proofTooLong, "the proof has more than the \(proofUsed) hashes the leaves call for")
        }
        return root
    }

    /// Leaves held in an array of (index, hash), for tests and small sets.
    public struct ArrayLeaves: Leaves {
        private let items: [(index: UInt64, hash: MerkleHash)]
        private var next = 0
        public init(_ items: [(index: UInt64, hash: MerkleHash)]) { self.items = items }
        public mutating func peekIndex() -> UInt64? { next < items.count ? items[next].index : nil }
        public mutating func takeHash() -> MerkleHash {
            defer { next += 1 }
            return items[next].hash
        }
    }

    /// Proof hashes held in an array.
    public struct ArrayHashes: Hashes {
        private let items: [MerkleHash]
        private var position = 0
        public init(_ items: [MerkleHash]) { self.items = items }
        public mutating func next() -> MerkleHash? {
            guard position < items.count else { return nil }
            defer { position += 1 }
            return items[position]
        }
    }

    /// Builds a multi-proof while the leaves of S are named in increasing order: each gap
    /// between them becomes its maximal nodes, read from a store in batches. Memory holds one
    /// batch of pending nodes.
    public struct Builder {
        public let treeSize: UInt64
        /// One past the last leaf named (the next gap starts here).
        public private(set) var cursor: UInt64 = 0
        public private(set) var leafCount: UInt64 = 0
        private var pending: [MerkleRange] = []
        private let store: any MerkleHashStore
        private let emit: ([MerkleHash]) throws -> Void
        /// Nodes read from the store per batch.
        public static let batchSize = 4096

        /// `emit` receives the proof hashes in proof order, a batch at a time.
        public init(store: any MerkleHashStore, treeSize: UInt64, emit: @escaping ([MerkleHash]) throws -> Void) {
            self.store = store
            self.treeSize = treeSize
            self.emit = emit
        }

        /// Names the next leaf of S (greater than every leaf named before, below the tree size).
        public mutating func add(leaf index: UInt64) throws {
            guard index >= cursor, index < treeSize else {
                throw MerkleError(
                    .leafIndexOutOfRange,
                    "leaf \(index) does not come after the leaves named before, below the tree size \(treeSize)")
            }
            pending += gapNodes(start: cursor, end: index, treeSize: treeSize)
            cursor = index + 1
            leafCount += 1
            if pending.count >= Self.batchSize { try flush() }
        }

        /// Closes the last gap and emits what is pending.
        public mutating func finish() throws {
            guard leafCount > 0 else {
                throw MerkleError(.leafIndexOutOfRange, "a multi-proof needs at least one leaf")
            }
            pending += gapNodes(start: cursor, end: treeSize, treeSize: treeSize)
            cursor = treeSize
            try flush()
        }

        private mutating func flush() throws {
            guard !pending.isEmpty else { return }
            try emit(try store.nodeHashes(pending))
            pending.removeAll(keepingCapacity: true)
        }
    }
}

extension MerkleHashStore {
    /// The multi-proof of the leaves `indices` (strictly increasing) in the tree of `treeSize`
    /// leaves: the hashes of ``MerkleMultiProof``, in order. Holds the whole proof; the exporter
    /// streams with ``MerkleMultiProof/Builder`` instead.
    public func multiProof(leaves indices: [UInt64], treeSize: UInt64) throws -> [MerkleHash] {
        guard try hasSize(treeSize) else {
            throw MerkleError(
                .treeSizeOutOfRange, "tree size \(treeSize) asked for, the log has \(try self.treeSize())")
        }
        var out: [MerkleHash] = []
        var builder = MerkleMultiProof.Builder(store: self, treeSize: treeSize) { out += $0 }
        for i in indices { try builder.add(leaf: i) }
        try builder.finish()
        return out
    }
}
