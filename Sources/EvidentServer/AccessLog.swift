import EvidentCore
import EvidentLedger
import Foundation

/// `evident serve --access-log FILE|-`: one JSON line per request (issue #13, item 6) — the time
/// it was answered (RFC 3339 UTC), method, route (the route's name, never the raw path: no hashes
/// or query strings of other callers' data), status, response bytes, duration in ms, and the
/// token's *name* (never the token). Appended with one write(2) per line, so lines from
/// concurrent requests never interleave.
public final class AccessLog: @unchecked Sendable {
    public typealias Failure = CodedFailure<AccessLog>
    private let fd: Int32
    private let ownsFile: Bool
    private let lock = NSLock()

    /// `-` is standard output; otherwise a file opened for appending (created 0640, never
    /// through a symbolic link).
    public init(path: String) throws {
        if path == "-" {
            fd = 1
            ownsFile = false
        } else {
            fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o640)
            guard fd >= 0 else {
                throw Failure(.io, "--access-log \(path): \(String(cString: strerror(errno)))")
            }
            ownsFile = true
        }
    }

    deinit { if ownsFile { close(fd) } }

    public func record(
        method: String, route: String, status: Int, bytes: Int?, durationNanos: UInt64, token: String?,
        atMillis: Int64 = WallClock.millis()
    ) {
        let time = ReceiptTime.describe(millis: atMillis)
        let line = JSONValue.document(
            "access-log",
            [
                ("time", .string(time)), ("method", .string(method)), ("route", .string(route)),
                ("status", .int(status)), ("bytes", bytes.map { .int($0) } ?? .null),
                ("duration_ms", .double((Double(durationNanos) / 1e6 * 1000).rounded() / 1000)),
                ("token", token.map { .string($0) } ?? .null),
            ]
        ).render(pretty: false)
        let bytes = Array((line + "\n").utf8)
        lock.withLock { _ = DurableFile.writeAll(fd, bytes) }
    }
}

extension ErrorCode where Owner == AccessLog {
    public static let io = Self("io")
}
