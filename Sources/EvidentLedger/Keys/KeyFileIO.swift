#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Small POSIX file helpers for key files: reads with a size limit, atomic no-clobber writes with
/// an explicit mode (0600 for secrets).
public enum KeyFileIO {
    /// Largest key file or record read: 64 KiB (they are a few hundred bytes).
    public static let maxFileSize = 64 * 1024

    public static func readFile(_ path: String, limit: Int = maxFileSize) throws -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw KeyError(.io, "\(path): cannot open: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
            throw KeyError(.io, "\(path): not a regular file")
        }
        guard Int(st.st_size) <= limit else {
            throw KeyError(.tooLarge, "\(path): \(st.st_size) bytes; at most \(limit)")
        }
        var out = [UInt8](repeating: 0, count: Int(st.st_size))
        var done = 0
        while done < out.count {
            let n = out.withUnsafeMutableBytes { read(fd, $0.baseAddress! + done, $0.count - done) }
            guard n > 0 else { throw KeyError(.io, "\(path): short read") }
            done += n
        }
        return out
    }

    /// Writes `bytes` to a new file at `path` with permissions `mode`: a temporary file in the same
    /// directory (created with `mode`, so the content is never readable by others), fsync, then
    /// link(2) to `path`, which fails rather than replace an existing file, and fsync of the directory.
    public static func writeNew(_ path: String, _ bytes: [UInt8], mode: mode_t) throws {
        let tmp = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, mode)
        guard fd >= 0 else { throw KeyError(.io, "\(path): cannot create: \(String(cString: strerror(errno)))") }
        defer { unlink(tmp) }
        var done = 0
        var ok = fchmod(fd, mode) == 0
        while ok && done < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + done, $0.count - done) }
            if n <= 0 { ok = false } else { done += n }
        }
        ok = ok && fsync(fd) == 0
        close(fd)
        guard ok else { throw KeyError(.io, "\(path): write failed: \(String(cString: strerror(errno)))") }
        guard link(tmp, path) == 0 else {
            if errno == EEXIST { throw KeyError(.fileExists, "\(path) exists; not replacing it") }
            throw KeyError(.io, "\(path): \(String(cString: strerror(errno)))")
        }
        let dir = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        let dfd = open(dir.isEmpty ? "/" : dir, O_RDONLY)
        if dfd >= 0 {
            fsync(dfd)
            close(dfd)
        }
    }
}
