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
