import Foundation

/// The largest tree size a database-backed ``MerkleHashStore`` has seen. The log only grows, so
/// a size at or below it is known to exist without a query; a larger one is asked of the
/// database (another writer may have appended). This saves a read per proof.
public final class GrowingLogSize: @unchecked Sendable {
    private var known: UInt64 = 0
    private let lock = NSLock()

    public init() {}

    /// Records a size read from the database and returns it.
    public func observed(_ size: UInt64) -> UInt64 {
        lock.withLock { known = max(known, size) }
        return size
    }

    /// Whether the log has `size` leaves, asking `read` (which returns the current size) only
    /// when the answer is not already known.
    public func has(_ size: UInt64, read: () throws -> UInt64) rethrows -> Bool {
        if lock.withLock({ size <= known }) { return true }
        return try observed(read()) >= size
    }
}
