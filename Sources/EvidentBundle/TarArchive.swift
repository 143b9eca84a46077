#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An untrusted archive opened for reading under ``BundleLimits`` and the path rules of
/// docs/bundle.md. Opening indexes it (every header checked, contents skipped); contents are read
/// on demand with `pread`, so verification memory does not grow with the bundle.
final class TarArchive {
    struct Entry {
        let name: String
        /// Offset of the contents in the file.
        let offset: Int64
        let size: UInt64
    }

    let path: String
    /// The entries, in archive order (names unique).
    private(set) var entries: [Entry] = []
    private var byName: [String: Int] = [:]
    private let fd: Int32

    init(path: String, limits: BundleLimits) throws {
        self.path = path
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw TarError(.io, path, "cannot open: \(String(cString: strerror(errno)))") }
        do { try index(limits) } catch {
            close(fd)
            throw error
        }
    }

    deinit { close(fd) }

    func contains(_ name: String) -> Bool { byName[name] != nil }

    func entry(_ name: String) -> Entry? { byName[name].map { entries[$0] } }

    /// The whole contents of an entry (for the small ones: manifest, notes, tokens), nil if absent.
    func bytes(_ name: String) throws -> [UInt8]? {
        guard let e = entry(name) else { return nil }
        guard e.size <= UInt64(Int.max) else { throw TarError(.limit, name, "too large to read whole") }
        var out = [UInt8](repeating: 0, count: Int(e.size))
        try out.withUnsafeMutableBytes { try read(into: $0, at: e.offset, name) }
        return out
    }

    /// Reads `buffer.count` bytes at `offset`; fails on a short read.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64, _ name: String) throws {
        var done = 0
        while done < buffer.count {
            let n = pread(fd, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                throw TarError(
                    .io, name,
                    n < 0 ? "read failed: \(String(cString: strerror(errno)))" : "the archive changed while being read")
            }
            done += n
        }
    }

    /// Calls `body` with the contents of an entry in chunks of at most `chunk` bytes.
    func forEachChunk(_ name: String, chunk: Int = 1 << 20, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard let e = entry(name) else { return }
        var buffer = [UInt8](repeating: 0, count: chunk)
        var done: UInt64 = 0
        while done < e.size {
            let n = Int(min(UInt64(chunk), e.size - done))
            try buffer.withUnsafeMutableBytes { b in
                let part = UnsafeMutableRawBufferPointer(rebasing: b[0..<n])
                try read(into: part, at: e.offset + Int64(done), name)
                try body(UnsafeRawBufferPointer(part))
            }
            done += UInt64(n)
        }
    }

    /// Checks every header and records where each entry's contents are.
    private func index(_ limits: BundleLimits) throws {
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
            throw TarError(.io, path, "not a regular file")
        }
        let fileSize = UInt64(st.st_size)
        guard fileSize <= limits.maxTotalSize else {
            throw TarError(.limit, path, "\(fileSize) bytes, more than the \(limits.maxTotalSize)-byte limit")
        }
        var position: UInt64 = 0
        var block = [UInt8](repeating: 0, count: Tar.blockSize)
        /// The next block, or nil at the end of the file.
        func nextBlock() throws -> [UInt8]? {
            if position == fileSize { return nil }
            guard position + UInt64(Tar.blockSize) <= fileSize else {
                throw TarError(.structure, path, "truncated archive")
            }
            try block.withUnsafeMutableBytes { try read(into: $0, at: Int64(position), path) }
            position += UInt64(Tar.blockSize)
            return block
        }
        var total: UInt64 = 0
        while true {
            guard let h = try nextBlock() else { throw TarError(.structure, path, "no end-of-archive marker") }
            if h.allSatisfy({ $0 == 0 }) {
                guard let second = try nextBlock(), second.allSatisfy({ $0 == 0 }) else {
                    throw TarError(.structure, path, "a zero block not followed by a second one")
                }
                // Whatever follows the end marker must be zero padding: no hidden data.
                while let more = try nextBlock() {
                    guard more.allSatisfy({ $0 == 0 }) else {
                        throw TarError(.structure, path, "data after the end-of-archive marker")
                    }
                }
                return
            }
            let name = try Self.entryName(h)
            let stored = Self.octalField(h[148..<156])
            var sum: UInt64 = 0
            for (i, b) in h.enumerated() { sum += (148..<156).contains(i) ? 0x20 : UInt64(b) }
            guard let stored, stored == sum else { throw TarError(.structure, name, "header checksum mismatch") }
            guard Array(h[257..<263]) == Array("ustar".utf8) + [0] || Array(h[257..<263]) == Array("ustar ".utf8) else {
                throw TarError(.structure, name, "not a ustar header")
            }
            switch h[156] {
            case UInt8(ascii: "0"), 0: break
            case UInt8(ascii: "1"), UInt8(ascii: "2"): throw TarError(.link, name, "links are not allowed in a bundle")
            default:
                throw TarError(
                    .type, name, "entry type '\(String(UnicodeScalar(h[156])))': only regular files are allowed")
            }
            // Regular files 0644 (docs/bundle.md): no set-id, sticky or execute bits for `tar -xf` to restore.
            guard let mode = Self.octalField(h[100..<108]), mode & 0o7777 == 0o644 else {
                throw TarError(
                    .type, name,
                    "mode \(String(decoding: h[100..<108].prefix { $0 != 0 }, as: UTF8.self)): bundle entries are regular files with mode 0644"
                )
            }
            guard let size = Self.octalField(h[124..<136]) else { throw TarError(.structure, name, "bad size field") }
            guard entries.count < limits.maxEntries else {
                throw TarError(.limit, name, "more than \(limits.maxEntries) entries")
            }
            guard size <= limits.maxEntrySize else {
                throw TarError(.limit, name, "\(size) bytes, more than the \(limits.maxEntrySize)-byte entry limit")
            }
            total += size
            guard total <= limits.maxTotalSize else {
                throw TarError(.limit, name, "entries exceed the \(limits.maxTotalSize)-byte total limit")
            }
            guard byName[name] == nil else { throw TarError(.duplicate, name, "a second entry with this name") }
            let padded = size + UInt64(Tar.padding(for: size))
            guard padded <= fileSize - position else { throw TarError(.structure, name, "truncated entry") }
            byName[name] = entries.count
            entries.append(Entry(name: name, offset: Int64(position), size: size))
            position += padded
        }
    }

    /// The entry name (prefix "/" name), checked against the path rules: relative, no empty,
    /// "." or ".." component, printable ASCII letters, digits and `._-+/` only.
    static func entryName(_ h: [UInt8]) throws -> String {
        func field(_ r: Range<Int>) -> [UInt8] { Array(h[r].prefix { $0 != 0 }) }
        let prefix = field(345..<500), base = field(0..<100)
        let bytes = prefix.isEmpty ? base : prefix + [UInt8(ascii: "/")] + base
        let name = String(decoding: bytes, as: UTF8.self)
        try checkPath(bytes, name)
        return name
    }

    static func checkPath(_ bytes: [UInt8], _ name: String) throws {
        guard !bytes.isEmpty, bytes.count <= BundleLimits.maxNameLength else {
            throw TarError(.path, name, "empty or too long")
        }
        guard bytes.first != UInt8(ascii: "/") else { throw TarError(.path, name, "absolute path") }
        let allowed: (UInt8) -> Bool = { b in
            (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b)
                || "._-+/".utf8.contains(b)
        }
        guard bytes.allSatisfy(allowed) else { throw TarError(.path, name, "characters outside [A-Za-z0-9._+/-]") }
        for component in bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false) {
            guard !component.isEmpty, !component.elementsEqual(".".utf8), !component.elementsEqual("..".utf8) else {
                throw TarError(.path, name, "empty, '.' or '..' path component")
            }
        }
    }

    /// An octal numeric field: optional leading spaces, octal digits, then NUL or space padding.
    static func octalField(_ field: ArraySlice<UInt8>) -> UInt64? {
        var digits = field.drop { $0 == 0x20 }
        digits = digits.prefix { $0 != 0 && $0 != 0x20 }
        guard !digits.isEmpty, digits.count <= 22, digits.allSatisfy({ (0x30...0x37).contains($0) }) else { return nil }
        return UInt64(String(decoding: digits, as: UTF8.self), radix: 8)
    }
}

/// Whole-archive reading for tools and tests that want every entry in memory.
enum TarReader {
    static func read(path: String, limits: BundleLimits) throws -> [(name: String, bytes: [UInt8])] {
        let archive = try TarArchive(path: path, limits: limits)
        return try archive.entries.map { ($0.name, try archive.bytes($0.name) ?? []) }
    }
}
