import EvidentCrypto
import EvidentLedger
import EvidentTestSupport
import Testing

/// The in-memory tree and the store-based generator against a naive recursive RFC 9162
/// implementation, every proof for small trees, tampering, and the read bound.
@Suite struct MerkleTreeTests {
    /// MTH of RFC 9162 §2.1.1, written as the RFC writes it.
    static func naiveRoot(_ leaves: ArraySlice<[UInt8]>) throws -> MerkleHash {
        switch leaves.count {
        case 0: return try MerkleHash.emptyTreeRoot()
        case 1: return try MerkleHash.leaf(leaves.first!)
        default:
            var k = 1
            while k * 2 < leaves.count { k *= 2 }
            let s = leaves.startIndex
            return try MerkleHash.node(naiveRoot(leaves[s..<(s + k)]), naiveRoot(leaves[(s + k)...]))
        }
    }

    static func leaves(_ n: Int) -> [[UInt8]] { (0..<n).map { Array("leaf \($0)".utf8) } }

    @Test func hashingPrimitives() throws {
        // SHA-256 of nothing, of 0x00, and of 0x01 ‖ two leaf hashes (RFC 6962 test tree).
        #expect(
            try MerkleHash.emptyTreeRoot().hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            try MerkleHash.leaf([UInt8]()).hex == "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d")
        #expect(
            try MerkleHash.node(.leaf([UInt8]()), .leaf([0x00])).hex
                == "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")
        expectCode(MerkleError.Code.invalidHashLength) { _ = try MerkleHash([UInt8](repeating: 0, count: 31)) }
        expectCode(MerkleError.Code.invalidHashLength) { _ = try MerkleHash(base64: "AAAA====") }
    }

    /// The inline hash keeps its 32 bytes in order: bytes, hex, equality, hashing and order agree
    /// with the byte arrays it was made from; leaves hash the same from any contiguous container.
    @Test func inlineHashIsItsBytes() throws {
        let arrays: [[UInt8]] =
            (0..<64).map { i in
                (0..<32).map { j in UInt8(truncatingIfNeeded: (i * 37 + j * 11) ^ (j == 31 ? i : 0)) }
            } + [[UInt8](repeating: 0, count: 32), [UInt8](repeating: 0xff, count: 32)]
        let hashes = try arrays.map { try MerkleHash($0) }
        for (a, h) in zip(arrays, hashes) {
            #expect(h.bytes == a)
            #expect(h.withUnsafeBytes { Array($0) } == a)
            #expect(try MerkleHash(base64: h.base64) == h)
        }
        for (a, x) in zip(arrays, hashes) {
            for (b, y) in zip(arrays, hashes) {
                #expect((x == y) == (a == b))
                #expect((x < y) == a.lexicographicallyPrecedes(b))
            }
        }
        #expect(Set(hashes).count == Set(arrays).count)
        let data = Array("leaf data".utf8)
        #expect(try MerkleHash.leaf(data) == MerkleHash.leaf(data[...]))
        var tree = InMemoryMerkleTree()
        try tree.append(leafData: data)
        try tree.append(leafData: AnySequence(data))
        #expect(try tree.rootHash() == MerkleHash.node(.leaf(data), .leaf(data)))
    }

    /// Roots for every size 0…300 agree with the naive recursion, at every intermediate size.
    @Test func rootsMatchNaiveImplementation() throws {
        let data = Self.leaves(300)
        var tree = InMemoryMerkleTree()
        #expect(try tree.rootHash() == MerkleHash.emptyTreeRoot())
        for (i, leaf) in data.enumerated() {
            #expect(try tree.append(leafData: leaf) == UInt64(i))
            #expect(try tree.rootHash() == Self.naiveRoot(data[0...i]), "size \(i + 1)")
        }
        // Earlier sizes stay reachable after later appends.
        for n in [0, 1, 2, 3, 7, 8, 9, 63, 64, 65, 127, 128, 129, 255, 256, 257, 299, 300] {
            #expect(try tree.rootHash(treeSize: UInt64(n)) == Self.naiveRoot(data[0..<n]), "size \(n)")
        }
    }

    /// Every inclusion proof and every consistency proof of every tree up to 40 leaves verifies,
    /// and fails with the wrong leaf, index, size or root.
    @Test func allProofsOfSmallTrees() throws {
        let data = Self.leaves(40)
        let tree = try InMemoryMerkleTree(leafHashes: data.map { try MerkleHash.leaf($0) })
        let roots = try (0...40).map { try tree.rootHash(treeSize: UInt64($0)) }
        let other = try MerkleHash.leaf(Array("other".utf8))
        for n in 1...40 {
            for m in 0..<n {
                let proof = try tree.inclusionProof(leafIndex: UInt64(m), treeSize: UInt64(n))
                let leaf = try MerkleHash.leaf(data[m])
                try proof.verify(leafHash: leaf, rootHash: roots[n])
                #expect(throws: MerkleError.self) { try proof.verify(leafHash: other, rootHash: roots[n]) }
                #expect(throws: MerkleError.self) { try proof.verify(leafHash: leaf, rootHash: roots[n - 1]) }
                if n > 1 {
                    #expect(throws: MerkleError.self) {
                        try InclusionProof(leafIndex: UInt64((m + 1) % n), treeSize: UInt64(n), path: proof.path)
                            .verify(leafHash: leaf, rootHash: roots[n])
                    }
                }
            }
            for m in 1...n {
                let proof = try tree.consistencyProof(from: UInt64(m), to: UInt64(n))
                try proof.verify(oldRoot: roots[m], newRoot: roots[n])
                // The same path as a subtree-consistency proof of [0, m).
                try SubtreeConsistencyProof(
                    subtree: MerkleSubtree(start: 0, end: UInt64(m)), treeSize: UInt64(n), path: proof.path
                )
                .verify(subtreeHash: roots[m], rootHash: roots[n])
                if m < n {
                    #expect(throws: MerkleError.self) { try proof.verify(oldRoot: roots[m - 1], newRoot: roots[n]) }
                    #expect(throws: MerkleError.self) { try proof.verify(oldRoot: roots[m], newRoot: roots[n - 1]) }
                }
            }
        }
    }

    /// Every valid subtree of a 37-leaf tree: its hash is MTH of its leaves, every leaf's subtree
    /// inclusion proof verifies, and its consistency proof with every tree size ≥ end verifies.
    @Test func allSubtreesOfASmallTree() throws {
        let data = Self.leaves(37)
        let tree = try InMemoryMerkleTree(leafHashes: data.map { try MerkleHash.leaf($0) })
        var subtrees = 0
        for start in 0..<37 {
            for end in (start + 1)...37 {
                guard let subtree = try? MerkleSubtree(start: UInt64(start), end: UInt64(end)) else { continue }
                subtrees += 1
                let hash = try tree.subtreeHash(subtree)
                #expect(try hash == Self.naiveRoot(data[start..<end]), "\(subtree)")
                for leaf in start..<end {
                    try tree.subtreeInclusionProof(leafIndex: UInt64(leaf), subtree: subtree)
                        .verify(leafHash: MerkleHash.leaf(data[leaf]), subtreeHash: hash)
                }
                for size in end...37 {
                    let proof = try tree.subtreeConsistencyProof(subtree: subtree, treeSize: UInt64(size))
                    try proof.verify(subtreeHash: hash, rootHash: tree.rootHash(treeSize: UInt64(size)))
                    #expect(throws: MerkleError.self) {
                        try proof.verify(
                            subtreeHash: MerkleHash.leaf([9]), rootHash: tree.rootHash(treeSize: UInt64(size)))
                    }
                }
            }
        }
        #expect(subtrees == 127)
        expectCode(MerkleError.Code.invalidSubtree) { _ = try MerkleSubtree(start: 1, end: 3) }
        expectCode(MerkleError.Code.invalidSubtree) { _ = try MerkleSubtree(start: 4, end: 4) }
        expectCode(MerkleError.Code.invalidSubtree) { _ = try MerkleSubtree(start: 1, end: 1 << 63 + 2) }
    }

    /// RFC 9162's consistency verifier and the plan-based subtree verifier give the same verdict
    /// on random corruptions of valid proofs (one changed hash, one dropped, one added, sizes off).
    @Test func verifiersAgreeOnCorruptedProofs() throws {
        let tree = try InMemoryMerkleTree(leafHashes: Self.leaves(70).map { try MerkleHash.leaf($0) })
        var rng = SplitMix64(seed: 9162)
        var rejected = 0
        for _ in 0..<2000 {
            let n = UInt64.random(in: 2...70, using: &rng)
            let m = UInt64.random(in: 1..<n, using: &rng)
            var path = try tree.consistencyProof(from: m, to: n).path
            var (oldSize, newSize) = (m, n)
            let corruption = Int.random(in: 0..<5, using: &rng)
            switch corruption {
            case 0: path[Int.random(in: 0..<path.count, using: &rng)] = try MerkleHash.leaf(rng.bytes(4))
            case 1: path.remove(at: Int.random(in: 0..<path.count, using: &rng))
            case 2: path.insert(try MerkleHash.leaf(rng.bytes(4)), at: Int.random(in: 0...path.count, using: &rng))
            case 3: oldSize = UInt64.random(in: 1...n, using: &rng)
            default: newSize = UInt64.random(in: m...70, using: &rng)
            }
            let oldRoot = try tree.rootHash(treeSize: m), newRoot = try tree.rootHash(treeSize: n)
            let rfc = Result {
                try ConsistencyProof(oldSize: oldSize, newSize: newSize, path: path).verify(
                    oldRoot: oldRoot, newRoot: newRoot)
            }
            let plan = Result {
                try SubtreeConsistencyProof(
                    subtree: MerkleSubtree(start: 0, end: oldSize), treeSize: newSize, path: path
                )
                .verify(subtreeHash: oldRoot, rootHash: newRoot)
            }
            let rfcAccepts = (try? rfc.get()) != nil, planAccepts = (try? plan.get()) != nil
            #expect(rfcAccepts == planAccepts, "m \(m) n \(n) → \(oldSize), \(newSize), \(path.count) hashes")
            // A changed, dropped or added hash is always refused. Other sizes with the same roots
            // can pass where the tree shapes coincide (4 → 6 also reads as 4 → 5 with D[4:6] as
            // "leaf 4"): a proof binds roots, and the signed checkpoint binds each root to its size.
            if corruption < 3 { #expect(!rfcAccepts) }
            if !rfcAccepts { rejected += 1 }
        }
        #expect(rejected > 1500)
    }

    @Test func generatorRefusals() throws {
        let tree = try InMemoryMerkleTree(leafHashes: Self.leaves(10).map { try MerkleHash.leaf($0) })
        expectCode(MerkleError.Code.treeSizeOutOfRange) { _ = try tree.rootHash(treeSize: 11) }
        expectCode(MerkleError.Code.leafIndexOutOfRange) { _ = try tree.inclusionProof(leafIndex: 10, treeSize: 10) }
        expectCode(MerkleError.Code.treeSizeOutOfRange) { _ = try tree.inclusionProof(leafIndex: 0, treeSize: 11) }
        expectCode(MerkleError.Code.emptyOldTree) { _ = try tree.consistencyProof(from: 0, to: 5) }
        expectCode(MerkleError.Code.treeSizeOutOfRange) { _ = try tree.consistencyProof(from: 6, to: 5) }
        expectCode(MerkleError.Code.treeSizeOutOfRange) {
            _ = try tree.subtreeConsistencyProof(subtree: MerkleSubtree(start: 8, end: 12), treeSize: 10)
        }
        #expect(try tree.consistencyProof(from: 7, to: 7).path.isEmpty)
        expectCode(MerkleError.Code.proofTooShort) {
            try ConsistencyProof(oldSize: 3, newSize: 7, path: []).verify(
                oldRoot: tree.rootHash(treeSize: 3), newRoot: tree.rootHash(treeSize: 7))
        }
        expectCode(MerkleError.Code.rootMismatch) {
            let proof = try tree.inclusionProof(leafIndex: 3, treeSize: 10)
            try proof.verify(leafHash: MerkleHash.leaf(Array("leaf 3".utf8)), rootHash: tree.rootHash(treeSize: 9))
        }
        expectCode(MerkleError.Code.oldRootMismatch) {
            let proof = try tree.consistencyProof(from: 3, to: 10)
            try proof.verify(oldRoot: tree.rootHash(treeSize: 4), newRoot: tree.rootHash(treeSize: 10))
        }
    }

    /// A store that counts what it is asked for.
    final class CountingStore: MerkleHashStore {
        let inner: InMemoryMerkleTree
        var batches = 0
        var reads = 0
        init(_ inner: InMemoryMerkleTree) { self.inner = inner }
        func treeSize() -> UInt64 { inner.size }
        func completeSubtreeHashes(_ subtrees: [MerkleSubtreeID]) throws -> [MerkleHash] {
            batches += 1
            reads += subtrees.count
            return try inner.completeSubtreeHashes(subtrees)
        }
    }

    /// Proofs over a 100,000-leaf log take one batch of O(log n) subtree reads, and agree with
    /// the in-memory verifier.
    @Test func proofsAreLogarithmicReads() throws {
        let n: UInt64 = 100_000
        var tree = InMemoryMerkleTree()
        for i in 0..<n {
            try tree.append(
                leafHash: MerkleHash.leaf([
                    UInt8(truncatingIfNeeded: i), UInt8(truncatingIfNeeded: i >> 8), UInt8(truncatingIfNeeded: i >> 16),
                ]))
        }
        let store = CountingStore(tree)
        var rng = SplitMix64(seed: 100_000)
        for _ in 0..<200 {
            let size = UInt64.random(in: 2...n, using: &rng)
            let leaf = UInt64.random(in: 0..<size, using: &rng)
            let old = UInt64.random(in: 1...size, using: &rng)
            for (what, bound) in [("root", 17), ("inclusion", 2 * 17), ("consistency", 2 * 17 + 1)] {
                store.batches = 0
                store.reads = 0
                switch what {
                case "root":
                    _ = try store.rootHash(treeSize: size)
                case "inclusion":
                    let proof = try store.inclusionProof(leafIndex: leaf, treeSize: size)
                    let leafHash = try tree.completeSubtreeHashes([MerkleSubtreeID(level: 0, index: leaf)])[0]
                    try proof.verify(leafHash: leafHash, rootHash: tree.rootHash(treeSize: size))
                default:
                    try store.consistencyProof(from: old, to: size).verify(
                        oldRoot: tree.rootHash(treeSize: old), newRoot: tree.rootHash(treeSize: size))
                }
                #expect(store.batches == 1, "\(what)")
                // ⌈log₂ 100,000⌉ = 17 levels.
                #expect(store.reads <= bound, "\(what) of size \(size) read \(store.reads) hashes")
            }
        }
    }
}
