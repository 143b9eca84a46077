#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Results written by several workers, each to its own index.
final class ResultBox: @unchecked Sendable {
    private var storage: [Result<TimeStampClient.Stamp, any Error>?]
    private let lock = Lock()

    init(count: Int) { storage = Array(repeating: nil, count: count) }

    func set(_ i: Int, _ r: Result<TimeStampClient.Stamp, any Error>) { lock.withLock { storage[i] = r } }
    func values() -> [Result<TimeStampClient.Stamp, any Error>] { lock.withLock { storage.map { $0! } } }
}

/// A pthread mutex (Foundation-free).
final class Lock: @unchecked Sendable {
    private var m = pthread_mutex_t()
    init() { pthread_mutex_init(&m, nil) }
    deinit { pthread_mutex_destroy(&m) }
    func withLock<R>(_ body: () throws -> R) rethrows -> R {
        pthread_mutex_lock(&m)
        defer { pthread_mutex_unlock(&m) }
        return try body()
    }
}

