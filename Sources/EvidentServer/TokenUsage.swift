import EvidentCore
import EvidentLedger
import Foundation

/// When each token was last used (issue #13, item 5: `serve token list` shows it), kept in memory
/// and written beside the token file as `TOKENFILE.used` — one line `TIME NAME` per token, RFC
/// 3339 — at most once a minute and at shutdown, so recording a use costs a request nothing. It
/// holds names and times only, never a token or its hash.
public final class TokenUsage: @unchecked Sendable {
    public let path: String
    private var lastUsed: [String: Int64] = [:]
    private var dirty = false
    private var writtenAt: Int64 = 0
    private let lock = NSLock()
    private let writing = NSLock()
    /// How often, at most, the file is rewritten.
    static let intervalMillis: Int64 = 60_000

    /// Usage recorded beside the token file at `tokenFile`; earlier records are kept.
    public init(tokenFile: String) {
        path = tokenFile + ".used"
        lastUsed = Self.read(tokenFile: tokenFile)
    }

    /// What the `.used` file beside `tokenFile` records: name → milliseconds since the epoch
    /// (empty when there is none yet).
    public static func read(tokenFile: String) -> [String: Int64] {
        guard let data = FileManager.default.contents(atPath: tokenFile + ".used"), data.count <= 1 << 24 else {
            return [:]
        }
        return parse(String(decoding: data, as: UTF8.self))
    }

    /// The `.used` file's records. Malformed lines are skipped.
    static func parse(_ text: String) -> [String: Int64] {
        var out: [String: Int64] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, let time = try? ReceiptTime(String(parts[0])) else { continue }
            out[String(parts[1])] = time.millisecondsSinceEpoch
        }
        return out
    }

    /// Notes a use of the token `name` now; writes the file when a minute has passed since the last write.
    func record(_ name: String, nowMillis: Int64 = WallClock.millis()) {
        let due = lock.withLock { () -> Bool in
            lastUsed[name] = nowMillis
            dirty = true
            guard nowMillis - writtenAt >= Self.intervalMillis else { return false }
            writtenAt = nowMillis
            return true
        }
        if due { DispatchQueue.global(qos: .utility).async { self.flush() } }
    }

    /// Writes the file now if anything changed since the last write (after any write in
    /// progress: writes are one at a time, so a flush returns with the file current).
    public func flush() {
        writing.lock()
        defer { writing.unlock() }
        let text: String? = lock.withLock {
            guard dirty else { return nil }
            dirty = false
            return lastUsed.sorted { $0.key < $1.key }.map { "\(ReceiptTime.describe(millis: $0.value)) \($0.key)\n" }
                .joined()
        }
        guard let text else { return }
        do { try DurableFile.write(Array(text.utf8), to: path, mode: 0o600, existing: .replace) } catch {
            lock.withLock { dirty = true }
        }
    }
}
