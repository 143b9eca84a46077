import EvidentCore

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

    /// Writes `bytes` to a new file at `path` with permissions `mode` (DurableFile: from
    /// creation, so the content is never readable by others); an existing file is never replaced
    /// (`file-exists`).
    public static func writeNew(_ path: String, _ bytes: [UInt8], mode: mode_t) throws {
        do { try DurableFile.write(bytes, to: path, mode: mode, existing: .create) } catch let e as DurableFile.Failure
        {
            throw KeyError(e.code == .exists ? .fileExists : .io, e.detail)
        }
    }
}
