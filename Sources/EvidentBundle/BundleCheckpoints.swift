import EvidentCore
import EvidentLedger

/// A bundle's checkpoint evidence read on its own, for comparing two views of a log
/// (`evident checkpoint compare`): every `checkpoints/<size>.note` and the consistency proofs
/// of `checkpoints/consistency.jsonl`, read under the bundle limits. Nothing here is verified:
/// the caller opens the notes under keys it trusts and checks each proof.
public struct BundleCheckpoints: Sendable {
    public let notes: [[UInt8]]
    public let proofs: [ConsistencyProof]

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
