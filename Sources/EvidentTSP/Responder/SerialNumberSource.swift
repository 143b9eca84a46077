import EvidentCore
import EvidentDER

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Hands out TSTInfo serial numbers that are unique and strictly increasing for the life of a
/// TSA directory, across restarts and crashes.
///
/// The file holds a high-water mark. Serials are reserved in blocks: before the first serial of
/// a block is handed out, the end of the block is written and fsync'd (temp file, fsync, rename,
/// fsync of the directory). A crash loses at most the unused rest of a block — a gap, never a
/// repeat — and every serial in a reply that left the server was durable first.
///
/// Under load the block grows: a block used up within a second of its reservation makes the
/// next one twice as large, up to ``maxBlockSize``, and one that lasted over a minute halves it
/// (not below the initial size). At a few tens of thousands of tokens a second a fixed block of
/// 256 cost an fsync every few milliseconds, about a fifth of an ECDSA token's time (issue #19);
/// a larger gap after a crash costs nothing, since serials need only be unique (RFC 3161 §2.4.2).
public final class SerialNumberSource: @unchecked Sendable {
    /// Serials reserved per durable write, at first and at least.
    public static let defaultBlockSize: UInt64 = 256
    /// The largest block reserved under sustained load.
    public static let maxBlockSize: UInt64 = 65_536

    /// What fails here: a code to match on and a detail that reads as a sentence.
    public typealias Failure = CodedFailure<SerialNumberSource>

    let path: String
    let blockSize: UInt64
    private var currentBlock: UInt64
    private var reservedAt: UInt64 = 0
    private var next: UInt64
    private var reservedUntil: UInt64
    private let lock = Lock()

    /// Opens (or creates, starting at 1) the counter file at `path`.
    public init(path: String, blockSize: UInt64 = SerialNumberSource.defaultBlockSize) throws {
        self.path = path
        self.blockSize = max(1, blockSize)
        currentBlock = self.blockSize
        let mark = try SerialNumberSource.readMark(path) ?? 1
        next = mark
        reservedUntil = mark
    }

    /// The next serial. Throws if the reservation cannot be made durable (then nothing is issued).
    public func nextSerial() throws -> DERInteger {
        try lock.withLock {
            if next >= reservedUntil {
                let now = SerialNumberSource.monotonicNanoseconds()
                if reservedAt != 0 {
                    if now &- reservedAt < 1_000_000_000 {
                        currentBlock = min(currentBlock * 2, max(blockSize, SerialNumberSource.maxBlockSize))
                    } else if now &- reservedAt > 60_000_000_000 {
                        currentBlock = max(currentBlock / 2, blockSize)
                    }
                }
                let (end, overflow) = next.addingReportingOverflow(currentBlock)
                guard !overflow else { throw Failure(.exhausted, "serial number space exhausted") }
                try SerialNumberSource.writeMark(end, to: path)
                reservedUntil = end
                reservedAt = now
            }
            defer { next += 1 }
            return DERInteger(next)
        }
    }

    static func monotonicNanoseconds() -> UInt64 {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_nsec)
    }

    static func readMark(_ path: String) throws -> UInt64? {
        guard let f = fopen(path, "r") else {
            if errno == ENOENT { return nil }
            throw Failure(.io, "\(path): cannot open: \(String(cString: strerror(errno)))")
        }
        defer { fclose(f) }
        var buf = [CChar](repeating: 0, count: 64)
        guard fgets(&buf, Int32(buf.count), f) != nil else { throw Failure(.corrupt, "\(path): empty serial file") }
        let text = String(decoding: buf.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            .trimmingCharacters(in: " \n\t")
        guard let v = UInt64(text), v >= 1 else {
            throw Failure(.corrupt, "\(path): not a serial high-water mark: '\(text)'")
        }
        return v
    }

    static func writeMark(_ value: UInt64, to path: String) throws {
        do { try DurableFile.write(Array("\(value)\n".utf8), to: path, mode: 0o600) } catch let e as DurableFile.Failure
        {
            throw Failure(.io, "\(path): cannot persist the serial reservation: \(e.detail)")
        }
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        let chars = Set(set)
        return String(
            self.drop(while: { chars.contains($0) }).reversed().drop(while: { chars.contains($0) }).reversed())
    }
}

extension ErrorCode where Owner == SerialNumberSource {
    public static let exhausted = Self("exhausted")
    public static let io = Self("io")
    public static let corrupt = Self("corrupt")
}
