import EvidentCore
import EvidentLedger

/// A bundle's checkpoint evidence read on its own, for comparing two views of a log
/// (`evident checkpoint compare`): every `checkpoints/<size>.note`, the consistency proofs of
/// `checkpoints/consistency.jsonl`, and the leaves the receipts prove, read under the bundle
/// limits — the first ``maxLeaves``:
/// - v2–v4: the leaf hash of each receipt of `receipts.jsonl` with its inclusion proof from the
///   same line of `proofs.jsonl` (only from files of at most 64 MiB);
/// - v5: the leaves folded with `multiproof.bin` into the root of the manifest's covering size;
///   a leaf's own inclusion proof is derived from that fold when it is asked for
///   (``leaves(at:)``), since a comparison needs one only where two bundles disagree.
/// Nothing here is verified: the caller opens the notes under keys it trusts and checks each
/// proof against them.
public struct BundleCheckpoints: Sendable {
    /// Most receipts' leaves read from one bundle.
    public static let maxLeaves = 100_000
    static let maxLeafFile: UInt64 = 64 << 20

    public let notes: [[UInt8]]
    public let proofs: [ConsistencyProof]
    /// The leaf hashes the receipts claim for each index (v2–v4: every receipt's, so two
    /// receipts naming one index are both kept; v5: one per index, and only when the multi-proof
    /// folds to a root at all).
    public let leafHashes: [UInt64: [MerkleHash]]
    /// v2–v4: each receipt's leaf with its proof.
    private let provenLeaves: [CheckpointComparison.Leaf]
    /// Why the receipts' leaves were not read (a v5 multi-proof that does not fold), if so: the
    /// comparison goes on without them, and says so.
    public let leafProblem: String?
    /// v5: where to fold again to derive proofs.
    private let compact: (path: String, treeSize: UInt64, limits: BundleLimits)?

    public init(path: String, limits: BundleLimits = .default) throws {
        let archive: TarArchive
        do { archive = try TarArchive(path: path, limits: limits) } catch let e as TarError {
            throw BundleCheckpoints.Failure(.unreadable, "\(path): \(e.object): \(e.detail)")
        }
        var notes: [[UInt8]] = []
        for entry in archive.entries
        where entry.name.hasPrefix("checkpoints/") && entry.name.hasSuffix(".note")
            && entry.size <= UInt64(SignedNote.maxNoteSize)
        {
            if let bytes = try? archive.bytes(entry.name) { notes.append(bytes) }
        }
        var proofs: [ConsistencyProof] = []
        if let e = archive.entry(BundleFormat.consistency),
            e.size <= BundleLimits.maxSize(of: BundleFormat.consistency) ?? 0,
            let bytes = try? archive.bytes(BundleFormat.consistency), let lines = BundleJSON.lines(bytes)
        {
            proofs = lines.compactMap { try? Self.consistencyProof(json: Array($0)) }
        }
        self.notes = notes
        self.proofs = proofs
        if archive.entry(BundleFormat.multiProof) != nil {
            let size =
                (try? archive.bytes(BundleFormat.manifest)).flatMap { try? JCSObject.parse($0[...]) }?.uint(
                    "covering_tree_size") ?? 0
            compact = (path, size, limits)
            provenLeaves = []
            let fold =
                size == 0
                ? nil
                : try? MultiProofCheck(
                    archive: archive, treeSize: size, limits: limits, workers: ParallelMap.cores, record: Self.maxLeaves
                )
            var hashes: [UInt64: [MerkleHash]] = [:]
            if let fold, fold.root != nil { for leaf in fold.recorded { hashes[leaf.index] = [leaf.hash] } }
            leafHashes = hashes
            leafProblem =
                fold?.root != nil
                ? nil
                : fold?.problems.first.map { "\($0.object): \($0.reason)" }
                    ?? "no multi-proof fold (manifest covering_tree_size \(size))"
        } else {
            compact = nil
            leafProblem = nil
            provenLeaves = Self.leaves(archive)
            leafHashes = Dictionary(grouping: provenLeaves, by: \.proof.leafIndex).mapValues { $0.map(\.leafHash) }
        }
    }

    /// The leaves at `indices` with their inclusion proofs (v5: derived by folding the
    /// multi-proof again; each verifies against the covering checkpoint's root when the
    /// bundle's receipts are that log's leaves).
    public func leaves(at indices: Set<UInt64>) -> [CheckpointComparison.Leaf] {
        guard !indices.isEmpty else { return [] }
        guard let compact else { return provenLeaves.filter { indices.contains($0.proof.leafIndex) } }
        guard let archive = try? TarArchive(path: compact.path, limits: compact.limits),
            let fold = try? MultiProofCheck(
                archive: archive, treeSize: compact.treeSize, limits: compact.limits, workers: ParallelMap.cores,
                wanted: indices)
        else { return [] }
        return fold.paths.sorted { $0.key < $1.key }.compactMap { index, path in
            leafHashes[index]?.first.map {
                .init(leafHash: $0, proof: InclusionProof(leafIndex: index, treeSize: compact.treeSize, path: path))
            }
        }
    }

    /// The leaves two bundles both claim with different hashes, each side's with its proof —
    /// all a leaf conflict (``CheckpointComparison``) can be made of.
    public static func disputedLeaves(
        _ a: BundleCheckpoints?, _ b: BundleCheckpoints?
    ) -> ([CheckpointComparison.Leaf], [CheckpointComparison.Leaf]) {
        guard let a, let b else { return ([], []) }
        let disputed = Set(
            a.leafHashes.compactMap { index, hashes in
                b.leafHashes[index].flatMap { Set($0) != Set(hashes) ? index : nil }
            })
        return (a.leaves(at: disputed), b.leaves(at: disputed))
    }

    static func leaves(_ archive: TarArchive) -> [CheckpointComparison.Leaf] {
        func lines(_ name: String) -> [ArraySlice<UInt8>] {
            guard let e = archive.entry(name), e.size <= maxLeafFile, let bytes = try? archive.bytes(name),
                let lines = BundleJSON.lines(bytes)
            else { return [] }
            return Array(lines.prefix(maxLeaves))
        }
        var out: [CheckpointComparison.Leaf] = []
        for (receipt, proof) in zip(lines(BundleFormat.receipts), lines(BundleFormat.proofs)) {
            guard let o = try? JCSObject.parse(proof), let index = o.uint("leaf_index"), let size = o.uint("tree_size"),
                let path = o.hashes("path"), let leaf = try? Receipt(json: Array(receipt)).leafHash()
            else { continue }
            out.append(.init(leafHash: leaf, proof: InclusionProof(leafIndex: index, treeSize: size, path: path)))
        }
        return out
    }

    /// A consistency proof as JSON (a line of consistency.jsonl, or what `evident proof
    /// consistency` prints): `old_size`, `new_size`, `path` (base64 hashes); other members are
    /// ignored.
    public static func consistencyProof(json: [UInt8]) throws -> ConsistencyProof {
        guard let o = try? JCSObject.parse(ArraySlice(json)), let old = o.uint("old_size"),
            let new = o.uint("new_size"),
            let path = o.hashes("path")
        else {
            throw Failure(
                .malformedProof, "a consistency proof is JSON with old_size, new_size and path (base64 hashes)")
        }
        return ConsistencyProof(oldSize: old, newSize: new, path: path)
    }

    public typealias Failure = CodedFailure<BundleCheckpoints>
}

extension ErrorCode where Owner == BundleCheckpoints {
    public static let unreadable = Self("unreadable")
    public static let malformedProof = Self("malformed-proof")
}
