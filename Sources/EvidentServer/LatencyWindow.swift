import Foundation

/// The most recent latencies (a ring of fixed size) and their running count and sum, for
/// quantiles that describe the current behaviour rather than the whole uptime.
final class LatencyWindow: @unchecked Sendable {
    private var ring: [UInt64]
    private var next = 0
    private var filled = 0
    private(set) var count: UInt64 = 0
    private(set) var sumNanos: UInt64 = 0
    private let lock = NSLock()

    init(size: Int = 8192) { ring = Array(repeating: 0, count: size) }

    func record(_ nanos: UInt64) {
        lock.withLock {
            ring[next] = nanos
            next = (next + 1) % ring.count
            filled = min(filled + 1, ring.count)
            count += 1
            sumNanos &+= nanos
        }
    }

    /// Nearest-rank quantiles of the window, in nanoseconds (nil when empty).
    func quantiles(_ qs: [Double]) -> [UInt64]? {
        let (sorted, n) = lock.withLock { (ring[0..<filled].sorted(), filled) }
        guard n > 0 else { return nil }
        return qs.map { q in sorted[min(n - 1, max(0, Int((q * Double(n)).rounded(.up)) - 1))] }
    }

    /// Prometheus summary exposition of the window.
    func render(name: String, help: String) -> String {
        var out = "# HELP \(name) \(help)\n# TYPE \(name) summary\n"
        let qs = [0.5, 0.95, 0.99]
        if let values = quantiles(qs) {
            for (q, v) in zip(qs, values) { out += "\(name){quantile=\"\(q)\"} \(Double(v) / 1e9)\n" }
        }
        let (c, s) = lock.withLock { (count, sumNanos) }
        out += "\(name)_sum \(Double(s) / 1e9)\n\(name)_count \(c)\n"
        return out
    }
}
