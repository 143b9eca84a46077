/// Whether two views of one log can both be honest (`evident checkpoint compare`): given the
/// verified checkpoints each side holds (one note, or a bundle's) and the consistency proofs
/// available (a bundle's, a proof file), it decides
/// - ``Outcome/equivocation(_:)``: two checkpoints of one size with different roots, a
///   consistency proof that reproduces the larger root from a different size-m root than the
///   signed one, or one leaf index proven with different leaf hashes under a checkpoint of each
///   side — an ``EquivocationProof``;
/// - ``Outcome/consistent(_:)``: the newest checkpoints are the same, or a chain of verified
///   consistency proofs leads from the smaller newest checkpoint to the larger;
/// - ``Outcome/undetermined(_:)``: neither, saying which proof would decide it.
///
/// The checkpoints must already be verified under keys the caller trusts, all of one origin.
public enum CheckpointComparison {
    /// A leaf hash with its inclusion proof (a bundle's receipt), unverified.
    public struct Leaf: Hashable, Sendable {
        public let leafHash: MerkleHash
        public let proof: InclusionProof

        public init(leafHash: MerkleHash, proof: InclusionProof) {
            self.leafHash = leafHash
            self.proof = proof
        }
    }

    public enum Outcome: Hashable, Sendable {
        case consistent(String)
        case equivocation(EquivocationProof)
        case undetermined(String)
    }

    public static func compare(
        _ a: [SignedCheckpoint], _ b: [SignedCheckpoint], proofs: [ConsistencyProof], leavesA: [Leaf] = [],
        leavesB: [Leaf] = []
    ) -> Outcome {
        guard let newestA = a.max(by: { $0.checkpoint.treeSize < $1.checkpoint.treeSize }),
            let newestB = b.max(by: { $0.checkpoint.treeSize < $1.checkpoint.treeSize })
        else { return .undetermined("a side holds no checkpoint") }
        // One checkpoint per size; a second of the same size with another root is the simplest proof.
        var bySize: [UInt64: SignedCheckpoint] = [:]
        for c in a + b {
            if let seen = bySize[c.checkpoint.treeSize] {
                if seen.checkpoint.rootHash != c.checkpoint.rootHash
                    || !seen.note.text.utf8.elementsEqual(c.note.text.utf8)
                {
                    return .equivocation(
                        EquivocationProof(noteA: seen.note.bytes, noteB: c.note.bytes, evidence: .sameSize))
                }
            } else {
                bySize[c.checkpoint.treeSize] = c
            }
        }
        // Proofs between known checkpoints: each either links them or shows a different old root.
        var links: [UInt64: Set<UInt64>] = [:]
        for p in proofs where p.oldSize < p.newSize {
            guard let old = bySize[p.oldSize], let new = bySize[p.newSize] else { continue }
            do {
                try p.verify(oldRoot: old.checkpoint.rootHash, newRoot: new.checkpoint.rootHash)
                links[p.oldSize, default: []].insert(p.newSize)
            } catch {
                if let other = p.derivedOldRoot(newRoot: new.checkpoint.rootHash), other != old.checkpoint.rootHash {
                    return .equivocation(
                        EquivocationProof(
                            noteA: old.note.bytes, noteB: new.note.bytes,
                            evidence: .consistency(oldRoot: other, path: p.path)))
                }
            }
        }
        if let conflict = leafConflict(a, leavesA, b, leavesB) { return .equivocation(conflict) }
        let (small, large) =
            newestA.checkpoint.treeSize <= newestB.checkpoint.treeSize
            ? (newestA.checkpoint, newestB.checkpoint) : (newestB.checkpoint, newestA.checkpoint)
        if small.treeSize == large.treeSize {
            return .consistent("both newest checkpoints are size \(small.treeSize) with root \(small.rootHash.base64)")
        }
        // Breadth-first over proven links from the smaller newest size.
        var reached: Set<UInt64> = [small.treeSize]
        var frontier = [small.treeSize]
        while let size = frontier.popLast() {
            for next in links[size] ?? [] where reached.insert(next).inserted { frontier.append(next) }
        }
        if reached.contains(large.treeSize) {
            return .consistent(
                "size \(large.treeSize) is proven an append-only extension of size \(small.treeSize) by consistency proofs"
            )
        }
        if small.treeSize == 0 {
            return .consistent("the empty tree is consistent with every tree")
        }
        return .undetermined(
            "no consistency proof from size \(small.treeSize) to \(large.treeSize) was given: get one from the log (`evident proof consistency \(small.treeSize) \(large.treeSize)`) and pass it with --proof"
        )
    }

    /// A leaf index proven under a checkpoint of A and under one of B with different leaf hashes.
    static func leafConflict(
        _ a: [SignedCheckpoint], _ leavesA: [Leaf], _ b: [SignedCheckpoint], _ leavesB: [Leaf]
    ) -> EquivocationProof? {
        func proven(_ side: [SignedCheckpoint], _ leaves: [Leaf]) -> [UInt64: (Leaf, SignedCheckpoint)] {
            let bySize = Dictionary(side.map { ($0.checkpoint.treeSize, $0) }, uniquingKeysWith: { x, _ in x })
            var out: [UInt64: (Leaf, SignedCheckpoint)] = [:]
            for leaf in leaves {
                guard let c = bySize[leaf.proof.treeSize],
                    (try? leaf.proof.verify(leafHash: leaf.leafHash, rootHash: c.checkpoint.rootHash)) != nil
                else { continue }
                out[leaf.proof.leafIndex] = (leaf, c)
            }
            return out
        }
        let inA = proven(a, leavesA)
        guard !inA.isEmpty else { return nil }
        for (index, (y, cb)) in proven(b, leavesB).sorted(by: { $0.key < $1.key }) {
            guard let (x, ca) = inA[index], x.leafHash != y.leafHash else { continue }
            return EquivocationProof(
                noteA: ca.note.bytes, noteB: cb.note.bytes,
                evidence: .inclusion(
                    index: index, aLeaf: x.leafHash, aPath: x.proof.path, bLeaf: y.leafHash, bPath: y.proof.path))
        }
        return nil
    }
}
