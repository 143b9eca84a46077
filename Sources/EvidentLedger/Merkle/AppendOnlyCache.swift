import Foundation

/// Values a database-backed store has read that never change once they exist — the complete-
/// subtree hashes and whole tiles of an append-only Merkle log, whatever other writers append —
/// kept in memory, so a cached value is never stale. Proofs of one log share their upper nodes
/// and the right edge of the tree: after a few proofs a proof reads only its bottom levels
/// (issue #19, goal 6). Bounded: when `capacity` values are held it starts again empty.
/// Inlinable, so the store's module specialises it for its key and value types (a generic
/// dictionary lookup through value witnesses was a quarter of a warm proof's time).
public final class AppendOnlyCache<Key: Hashable, Value>: @unchecked Sendable {
    @usableFromInline var values: [Key: Value] = [:]
    @usableFromInline let capacity: Int
    @usableFromInline let lock = NSLock()

    public init(capacity: Int) { self.capacity = capacity }

    /// The values of `keys`, in order: the cached ones from memory, the others from one call of
    /// `read` (given only the missing keys, in order); of those, the ones `keep` accepts (a value
    /// that exists, not a "not there yet"; a key worth the room) are kept.
    @inlinable
    public func values(
        _ keys: [Key], keep: (Key, Value) -> Bool = { _, _ in true }, read: ([Key]) throws -> [Value]
    ) throws -> [Value] {
        var out = lock.withLock { keys.map { values[$0] } }
        let missing = keys.indices.filter { out[$0] == nil }
        guard !missing.isEmpty else { return out.map { $0! } }
        let got = try read(missing.map { keys[$0] })
        guard got.count == missing.count else {
            throw MerkleError(.storeInconsistent, "asked for \(missing.count) values, got \(got.count)")
        }
        lock.withLock {
            if values.count + got.count > capacity { values.removeAll(keepingCapacity: true) }
            for (k, i) in missing.enumerated() {
                out[i] = got[k]
                if keep(keys[i], got[k]) { values[keys[i]] = got[k] }
            }
        }
        return out.map { $0! }
    }
}

/// Complete-subtree hashes (at most 2^16, about 5 MiB).
public typealias MerkleNodeCache = AppendOnlyCache<MerkleSubtreeID, MerkleHash>

extension AppendOnlyCache where Key == MerkleSubtreeID, Value == MerkleHash {
    public convenience init() { self.init(capacity: 1 << 16) }
}
