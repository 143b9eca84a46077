import EvidentCrypto
import EvidentLedger
import EvidentTestSupport
import Testing

/// The multi-proof (docs/merkle.md, "Multi-proofs") against two oracles: a naive recursive
/// definition of the maximal leaf-free subtrees, and the per-leaf RFC 9162 inclusion proofs —
/// every proof hash is a sibling on some leaf's audit path, and every audit-path sibling that
/// the leaves do not determine is a proof hash. Every size 1…40 (every index set up to 10
/// leaves), random trees and sets up to 3,000 leaves, and tampering of each part.
@Suite struct MerkleMultiProofTests {
    static func leaves(_ n: Int) throws -> [MerkleHash] {
        try (0..<n).map { try MerkleHash.leaf(Array("leaf \($0)".utf8)) }
    }

    /// The naive definition: depth first over the RFC 9162 split, a node without a leaf of S is
    /// one proof hash (its root, by the naive recursion), a leaf of S is itself.
    static func naiveProof(_ hashes: ArraySlice<MerkleHash>, _ set: Set<Int>) throws -> [MerkleHash] {
        let range = hashes.indices
        if !set.contains(where: { range.contains($0) }) { return [try naiveRoot(hashes)] }
        if hashes.count == 1 { return [] }
        var k = 1
        while k * 2 < hashes.count { k *= 2 }
        let s = hashes.startIndex
        return try naiveProof(hashes[s..<(s + k)], set) + naiveProof(hashes[(s + k)...], set)
    }

    static func naiveRoot(_ hashes: ArraySlice<MerkleHash>) throws -> MerkleHash {
        if hashes.count == 1 { return hashes.first! }
        var k = 1
        while k * 2 < hashes.count { k *= 2 }
        let s = hashes.startIndex
        return try MerkleHash.node(naiveRoot(hashes[s..<(s + k)]), naiveRoot(hashes[(s + k)...]))
    }

    /// The roots of every node of the recursion that holds a leaf of S: what the leaves determine.
    static func determined(_ hashes: ArraySlice<MerkleHash>, _ set: Set<Int>, into out: inout Set<MerkleHash>) throws {
        let range = hashes.indices
        guard set.contains(where: { range.contains($0) }) else { return }
        out.insert(try naiveRoot(hashes))
        if hashes.count == 1 { return }
        var k = 1
        while k * 2 < hashes.count { k *= 2 }
        let s = hashes.startIndex
        try determined(hashes[s..<(s + k)], set, into: &out)
        try determined(hashes[(s + k)...], set, into: &out)
    }

    static func root(
        _ n: UInt64, _ items: [(index: UInt64, hash: MerkleHash)], _ proof: [MerkleHash]
    ) throws
        -> MerkleHash
    {
        var l = MerkleMultiProof.ArrayLeaves(items)
        var h = MerkleMultiProof.ArrayHashes(proof)
        return try MerkleMultiProof.root(treeSize: n, leaves: &l, hashes: &h)
    }

    /// Checks one (tree, set) against both oracles and the root.
    static func check(_ tree: InMemoryMerkleTree, _ hashes: [MerkleHash], _ set: [Int]) throws {
        let n = UInt64(hashes.count)
        let proof = try tree.multiProof(leaves: set.map(UInt64.init), treeSize: n)
        #expect(proof == (try naiveProof(hashes[...], Set(set))), "n=\(n) set=\(set)")
        var onPaths = Set<MerkleHash>()
        for i in set { onPaths.formUnion(try tree.inclusionProof(leafIndex: UInt64(i), treeSize: n).path) }
        var known = Set<MerkleHash>()
        try determined(hashes[...], Set(set), into: &known)
        #expect(Set(proof) == onPaths.subtracting(known), "n=\(n) set=\(set)")
        #expect(proof.count == Set(proof).count)
        let items = set.map { (index: UInt64($0), hash: hashes[$0]) }
        #expect(try root(n, items, proof) == tree.rootHash(treeSize: n))
        // The audit paths derived from the fold are the RFC 9162 inclusion proofs, for any
        // subset of S asked for (every other leaf of S here; all of S in small trees).
        let wanted = Set(set.enumerated().filter { n <= 10 || $0.offset % 2 == 0 }.map { UInt64($0.element) })
        var paths = MerkleMultiProof.Paths(wanted: wanted.union([n]))  // n: no such leaf, never met
        var l = MerkleMultiProof.ArrayLeaves(items)
        var h = MerkleMultiProof.ArrayHashes(proof)
        #expect(try MerkleMultiProof.root(treeSize: n, leaves: &l, hashes: &h, paths: &paths) == tree.rootHash())
        #expect(Set(paths.paths.keys) == wanted, "n=\(n) set=\(set)")
        for index in wanted {
            #expect(
                paths.paths[index] == (try tree.inclusionProof(leafIndex: index, treeSize: n).path),
                "n=\(n) leaf \(index)")
        }
    }

    @Test func everySetOfSmallTrees() throws {
        let all = try Self.leaves(40)
        var tree = InMemoryMerkleTree()
        var random = SystemRandomNumberGenerator()
        for n in 1...40 {
            try tree.append(leafHash: all[n - 1])
            let hashes = Array(all[0..<n])
            if n <= 10 {
                for mask in 1..<(1 << n) { try Self.check(tree, hashes, (0..<n).filter { mask >> $0 & 1 == 1 }) }
            } else {
                for _ in 0..<60 {
                    let set = (0..<n).filter { _ in Int.random(in: 0..<4, using: &random) == 0 }
                    try Self.check(tree, hashes, set.isEmpty ? [n / 2] : set)
                }
                for first in 0..<n {  // every contiguous range from `first`
                    try Self.check(tree, hashes, Array(first..<min(n, first + 1 + first % 7)))
                }
            }
        }
    }

    @Test func randomLargerTrees() throws {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<12 {
            let n = Int.random(in: 41...3000, using: &random)
            let hashes = try Self.leaves(n)
            let tree = try InMemoryMerkleTree(leafHashes: hashes)
            let density = Int.random(in: 1...50, using: &random)
            var set = (0..<n).filter { _ in Int.random(in: 0..<density, using: &random) == 0 }
            if set.isEmpty { set = [Int.random(in: 0..<n, using: &random)] }
            try Self.check(tree, hashes, set)
            // A contiguous range carries only its edges: at most 2·⌈log₂ n⌉ hashes.
            let a = Int.random(in: 0..<n, using: &random), b = Int.random(in: a..<n, using: &random)
            let edges = try tree.multiProof(leaves: (UInt64(a)...UInt64(b)).map { $0 }, treeSize: UInt64(n))
            #expect(edges.count <= 2 * (64 - (UInt64(n) - 1).leadingZeroBitCount))
            try Self.check(tree, hashes, Array(a...b))
        }
    }

    /// Any change — a leaf swapped, an index shifted, a proof hash altered, dropped or added, a
    /// leaf out of order or past the tree — is refused or leads to another root.
    @Test func tamperingIsRefused() throws {
        let n: UInt64 = 37
        let hashes = try Self.leaves(Int(n))
        let tree = try InMemoryMerkleTree(leafHashes: hashes)
        let good = try tree.rootHash(treeSize: n)
        for set in [[3, 4, 5, 6], [0], [36], [1, 9, 10, 30], Array(0..<37)] {
            let items = set.map { (index: UInt64($0), hash: hashes[$0]) }
            let proof = try tree.multiProof(leaves: items.map(\.index), treeSize: n)
            #expect(try Self.root(n, items, proof) == good)
            func refused(_ items: [(index: UInt64, hash: MerkleHash)], _ proof: [MerkleHash]) -> Bool {
                guard let r = try? Self.root(n, items, proof) else { return true }
                return r != good
            }
            for k in items.indices {
                var swapped = items
                swapped[k].hash = hashes[(set[k] + 1) % Int(n)]
                #expect(refused(swapped, proof))
                for delta in [-1, 1] where (0..<Int64(n)).contains(Int64(set[k]) + Int64(delta)) {
                    var shifted = items
                    shifted[k].index = UInt64(Int64(set[k]) + Int64(delta))
                    #expect(refused(shifted, proof), "set \(set) leaf \(k) shifted by \(delta)")
                }
            }
            for k in proof.indices {
                var altered = proof
                altered[k] = hashes[k % Int(n)] == proof[k] ? hashes[(k + 1) % Int(n)] : hashes[k % Int(n)]
                #expect(refused(items, altered))
                var removed = proof
                removed.remove(at: k)
                #expect(refused(items, removed))
            }
            for k in 0...proof.count {
                var added = proof
                added.insert(hashes[0], at: k)
                #expect(refused(items, added))
            }
            #expect(refused(items + [(index: n, hash: hashes[0])], proof))
            if items.count > 1 { #expect(refused(Array(items.reversed()), proof)) }
        }
        expectCode(MerkleError.Code.leafIndexOutOfRange) { _ = try Self.root(n, [], []) }
        expectCode(MerkleError.Code.treeSizeOutOfRange) { _ = try Self.root(0, [(0, hashes[0])], []) }
        expectCode(MerkleError.Code.proofTooShort) { _ = try Self.root(n, [(0, hashes[0])], []) }
        expectCode(MerkleError.Code.proofTooLong) {
            _ = try Self.root(1, [(0, hashes[0])], [hashes[1]])
        }
    }
}
