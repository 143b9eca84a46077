import EvidentCore
import EvidentLedger

/// A bundle's checkpoint evidence read on its own, for comparing two views of a log
/// (`evident checkpoint compare`): every `checkpoints/<size>.note`, the consistency proofs of
/// `checkpoints/consistency.jsonl`, and the leaves the receipts prove (the leaf hash of each
/// receipt of `receipts.jsonl` with its inclusion proof from the same line of `proofs.jsonl`;
/// the first ``maxLeaves``, and only from files of at most 64 MiB), read under the bundle
/// limits. Nothing here is verified: the caller opens the notes under keys it trusts and checks
/// each proof.
public struct BundleCheckpoints: Sendable {
    /// Most receipts' leaves read from one bundle.
    public static let maxLeaves = 100_000
    static let maxLeafFile: UInt64 = 64 << 20

    public let notes: [[UInt8]]
    public let proofs: [ConsistencyProof]
    public let leaves: [CheckpointComparison.Leaf]

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
        leaves = Self.leaves(archive)
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
