import Foundation

/// A budget for exports (issue #13, item 2): at most `total` run at once, at most `perToken`
/// for one token, so exports can never occupy the workers minting needs; one over a budget is
/// refused (503, Retry-After) rather than queued.
public final class ExportSlots: @unchecked Sendable {
    public let total: Int
    public let perToken: Int
    private var running: [String: Int] = [:]
    private var count = 0
    private let lock = NSLock()

    public init(total: Int, perToken: Int) {
        self.total = max(1, total)
        self.perToken = max(1, perToken)
    }

    /// Takes a slot for `token`; false when a budget is spent.
    public func acquire(token: String) -> Bool {
        lock.withLock {
            guard count < total, running[token, default: 0] < perToken else { return false }
            count += 1
            running[token, default: 0] += 1
            return true
        }
    }

    /// Whether `token` could take a slot now (a slot may still be gone when it tries: take it
    /// with ``acquire(token:)``).
    public func available(token: String) -> Bool {
        lock.withLock { count < total && running[token, default: 0] < perToken }
    }

    public func release(token: String) {
        lock.withLock {
            count -= 1
            running[token, default: 1] -= 1
            if running[token] == 0 { running[token] = nil }
        }
    }

    /// Exports running now.
    public var inUse: Int { lock.withLock { count } }
}
