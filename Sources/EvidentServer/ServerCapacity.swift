import Foundation

/// What one server may hold at once, shared by all its connections (issue #13, item 1): open
/// connections (one over the cap is answered 503 with Retry-After and closed) and request bytes
/// buffered (a body that would pass the cap is answered 503 with Retry-After and its connection
/// closed), so memory and descriptors stay bounded whatever clients do; plus failed accepts.
/// The defaults come from the descriptor limit (``fromDescriptorLimit()``).
public final class ServerCapacity: @unchecked Sendable {
    public let maxConnections: Int
    public let maxBufferedBytes: Int
    private var open = 0
    private var refusedConnections = 0
    private var buffered = 0
    private var bufferedPeak = 0
    private var refusedBodies = 0
    private var acceptErrors = 0
    private let lock = NSLock()

    /// Buffered request bytes allowed by default: 256 MiB.
    public static let defaultMaxBufferedBytes = 256 << 20

    public init(
        maxConnections: Int = ServerCapacity.fromDescriptorLimit(),
        maxBufferedBytes: Int = ServerCapacity.defaultMaxBufferedBytes
    ) {
        self.maxConnections = max(1, maxConnections)
        self.maxBufferedBytes = max(0, maxBufferedBytes)
    }

    /// Raises the soft descriptor limit to the hard one and leaves 64 descriptors for files,
    /// the store and the listener: the default connection cap.
    public static func fromDescriptorLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 960 }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
        }
        return max(16, Int(min(limit.rlim_cur, 1 << 20)) - 64)
    }

    /// Request bodies are large, short-lived allocations: with glibc's adaptive mmap threshold
    /// they end up on the heap after the first one is freed, and the heap is not given back to
    /// the system after a burst. A fixed threshold keeps every allocation of 128 KiB or more in
    /// its own mapping, returned when freed, so memory goes back to its baseline (issue #13).
    static func returnFreedMemory() {
        // glibc's mallopt (not in Swift's Glibc module): M_MMAP_THRESHOLD is -3 in <malloc.h>.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") {
            _ = unsafeBitCast(symbol, to: Mallopt.self)(-3, 128 * 1024)
        }
    }

    /// glibc's malloc_trim(0): gives free heap memory back to the system.
    static func trimHeap() {
        typealias MallocTrim = @convention(c) (Int) -> Int32
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") {
            _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
        }
    }

    func acquireConnection() -> Bool {
        lock.withLock {
            guard open < maxConnections else {
                refusedConnections += 1
                return false
            }
            open += 1
            return true
        }
    }

    func releaseConnection() { lock.withLock { open -= 1 } }

    /// Takes `bytes` of the buffer budget; false (counted) when that would pass the cap.
    func reserve(_ bytes: Int) -> Bool {
        lock.withLock {
            guard bytes <= maxBufferedBytes - buffered else {
                refusedBodies += 1
                return false
            }
            buffered += bytes
            bufferedPeak = max(bufferedPeak, buffered)
            return true
        }
    }

    /// Gives `bytes` back; when nothing is buffered any more after a burst, the allocator
    /// returns its free memory to the system.
    func release(_ bytes: Int) {
        guard bytes > 0 else { return }
        let trim = lock.withLock { () -> Bool in
            buffered -= bytes
            guard buffered == 0, bufferedPeak >= 16 << 20 else { return false }
            bufferedPeak = 0
            return true
        }
        if trim { Self.trimHeap() }
    }

    func acceptFailed() { lock.withLock { acceptErrors += 1 } }

    public struct Counts: Sendable {
        public var open: Int
        public var refusedConnections: Int
        public var buffered: Int
        public var refusedBodies: Int
        public var acceptErrors: Int
    }

    public var counts: Counts {
        lock.withLock {
            Counts(
                open: open, refusedConnections: refusedConnections, buffered: buffered, refusedBodies: refusedBodies,
                acceptErrors: acceptErrors)
        }
    }

    /// The Prometheus lines for these (gauges and counters), names starting with `prefix`.
    func prometheus(prefix: String) -> String {
        let c = counts
        func line(_ name: String, _ type: String, _ help: String, _ value: Int) -> String {
            "# HELP \(prefix)\(name) \(help)\n# TYPE \(prefix)\(name) \(type)\n\(prefix)\(name) \(value)\n"
        }
        return line("connections_open", "gauge", "HTTP connections open now", c.open)
            + line("connections_max", "gauge", "Most HTTP connections at once", maxConnections)
            + line("connections_refused_total", "counter", "Connections answered 503 at the cap", c.refusedConnections)
            + line("request_bytes_buffered", "gauge", "Request body bytes held in memory now", c.buffered)
            + line("request_bytes_max", "gauge", "Most request body bytes held at once", maxBufferedBytes)
            + line(
                "request_bodies_refused_total", "counter", "Requests answered 503 at the buffered-bytes cap",
                c.refusedBodies)
            + line(
                "accept_errors_total", "counter",
                "Failed accepts (descriptor exhaustion and the like); accepting pauses 1 s after each", c.acceptErrors)
    }
}
