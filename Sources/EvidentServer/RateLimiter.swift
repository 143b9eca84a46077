import Foundation

/// Per-client token buckets: `rate` requests per second on average, bursts up to `burst`.
/// A refused request learns how long to wait (for Retry-After).
public final class RateLimiter: @unchecked Sendable {
    public let rate: Double
    public let burst: Double
    private var buckets: [String: (tokens: Double, at: UInt64)] = [:]
    private let lock = NSLock()

    public init(rate: Double, burst: Double) {
        self.rate = rate
        self.burst = max(1, burst)
    }

    /// Takes one token for `client`; nil when allowed, else the seconds to wait.
    public func take(_ client: String, now: UInt64 = DispatchTime.now().uptimeNanoseconds) -> Int? {
        lock.withLock {
            var b = buckets[client] ?? (burst, now)
            b.tokens = min(burst, b.tokens + Double(now &- b.at) / 1e9 * rate)
            b.at = now
            defer { buckets[client] = b }
            if b.tokens >= 1 {
                b.tokens -= 1
                return nil
            }
            return max(1, Int(((1 - b.tokens) / rate).rounded(.up)))
        }
    }
}
