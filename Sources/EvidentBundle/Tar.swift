#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bundle container: an uncompressed POSIX ustar archive (POSIX.1-1988 / IEEE 1003.1 "ustar"
/// interchange format) holding regular files only. Written and read by this code alone, so the
/// rules are few and strict: 512-byte blocks, one header per file, no links, no directories, no
/// pax or GNU extension headers, two zero blocks at the end.
enum Tar {
    static let blockSize = 512

    /// A ustar header for a regular file (mode 0644, owner 0, mtime 0: reproducible output).
    static func header(name: String, size: UInt64) throws -> [UInt8] {
        let nameBytes = Array(name.utf8)
        guard !nameBytes.isEmpty, nameBytes.count <= 100 else { throw TarError(.path, name, "entry names are 1 to 100 bytes when written") }
        var h = [UInt8](repeating: 0, count: blockSize)
        func put(_ bytes: [UInt8], at offset: Int) { for (i, b) in bytes.enumerated() { h[offset + i] = b } }
        func octal(_ value: UInt64, width: Int) -> [UInt8] {
            let digits = String(value, radix: 8)
            return Array((String(repeating: "0", count: max(0, width - 1 - digits.count)) + digits).utf8) + [0]
        }
        put(nameBytes, at: 0)
        put(octal(0o644, width: 8), at: 100)
        put(octal(0, width: 8), at: 108)
        put(octal(0, width: 8), at: 116)
        put(octal(size, width: 12), at: 124)
        put(octal(0, width: 12), at: 136)
        put(Array(repeating: 0x20, count: 8), at: 148)
        h[156] = UInt8(ascii: "0")
        put(Array("ustar".utf8) + [0], at: 257)
        put(Array("00".utf8), at: 263)
        let sum = h.reduce(0) { $0 + UInt64($1) }
        let digits = String(sum, radix: 8)
        put(Array((String(repeating: "0", count: max(0, 6 - digits.count)) + digits).utf8) + [0, 0x20], at: 148)
        return h
    }

    static func padding(for size: UInt64) -> Int {
        let r = Int(size % UInt64(blockSize))
        return r == 0 ? 0 : blockSize - r
    }
}

/// A failure reading or writing the archive; `kind` maps to a bundle check name.
struct TarError: Error, CustomStringConvertible {
    enum Kind: String {
        case structure = "archive"
        case path = "archive-path"
        case duplicate = "archive-duplicate"
        case link = "archive-link"
        case type = "archive-type"
        case limit = "archive-limit"
        case io = "io"
    }

    let kind: Kind
    let object: String
    let detail: String
    init(_ kind: Kind, _ object: String, _ detail: String) {
        self.kind = kind
        self.object = object
        self.detail = detail
    }

    var description: String { "\(kind.rawValue): \(object): \(detail)" }
}

/// Writes an archive to an open file, streaming each member.
struct TarWriter {
    let file: UnsafeMutablePointer<FILE>
    let path: String

    func write(_ bytes: [UInt8]) throws {
        guard bytes.withUnsafeBytes({ fwrite($0.baseAddress, 1, $0.count, file) }) == bytes.count else {
            throw TarError(.io, path, "write failed: \(String(cString: strerror(errno)))")
        }
    }

    func add(name: String, bytes: [UInt8]) throws {
        try write(Tar.header(name: name, size: UInt64(bytes.count)))
        try write(bytes)
        try write([UInt8](repeating: 0, count: Tar.padding(for: UInt64(bytes.count))))
    }

    /// Copies a staged file into the archive in 1 MiB chunks.
    func add(name: String, contentsOf source: String) throws {
        guard let f = fopen(source, "rb") else { throw TarError(.io, source, "cannot open: \(String(cString: strerror(errno)))") }
        defer { fclose(f) }
        var st = stat()
        guard fstat(fileno(f), &st) == 0 else { throw TarError(.io, source, "cannot stat") }
        let size = UInt64(st.st_size)
        try write(Tar.header(name: name, size: size))
        var buf = [UInt8](repeating: 0, count: 1 << 20)
        var copied: UInt64 = 0
        while copied < size {
            let n = buf.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, f) }
            guard n > 0 else { throw TarError(.io, source, "short read") }
            try write(Array(buf[0..<n]))
            copied += UInt64(n)
        }
        guard copied == size else { throw TarError(.io, source, "changed while copying") }
        try write([UInt8](repeating: 0, count: Tar.padding(for: size)))
    }

    func finish() throws {
        try write([UInt8](repeating: 0, count: 2 * Tar.blockSize))
    }
}

/// Reads an untrusted archive under ``BundleLimits`` and the path rules of docs/bundle.md.
enum TarReader {
    /// The entries, in archive order (names unique).
    static func read(path: String, limits: BundleLimits) throws -> [(name: String, bytes: [UInt8])] {
        guard let f = fopen(path, "rb") else { throw TarError(.io, path, "cannot open: \(String(cString: strerror(errno)))") }
        defer { fclose(f) }
        var st = stat()
        guard fstat(fileno(f), &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { throw TarError(.io, path, "not a regular file") }
        guard UInt64(st.st_size) <= limits.maxTotalSize else {
            throw TarError(.limit, path, "\(st.st_size) bytes, more than the \(limits.maxTotalSize)-byte limit")
        }
        func readExactly(_ count: Int) throws -> [UInt8]? {
            var out = [UInt8](repeating: 0, count: count)
            let n = count == 0 ? 0 : out.withUnsafeMutableBytes { fread($0.baseAddress, 1, count, f) }
            if n == 0 && count > 0 { return nil }
            guard n == count else { throw TarError(.structure, path, "truncated archive") }
            return out
        }
        var entries: [(name: String, bytes: [UInt8])] = []
        var seen = Set<String>()
        var total: UInt64 = 0
        while true {
            guard let h = try readExactly(Tar.blockSize) else { throw TarError(.structure, path, "no end-of-archive marker") }
            if h.allSatisfy({ $0 == 0 }) {
                guard let second = try readExactly(Tar.blockSize), second.allSatisfy({ $0 == 0 }) else {
                    throw TarError(.structure, path, "a zero block not followed by a second one")
                }
                // Whatever follows the end marker must be zero padding: no hidden data.
                while let more = try readExactly(Tar.blockSize) {
                    guard more.allSatisfy({ $0 == 0 }) else { throw TarError(.structure, path, "data after the end-of-archive marker") }
                }
                return entries
            }
            let name = try entryName(h)
            let stored = octalField(h[148..<156])
            var sum: UInt64 = 0
            for (i, b) in h.enumerated() { sum += (148..<156).contains(i) ? 0x20 : UInt64(b) }
            guard let stored, stored == sum else { throw TarError(.structure, name, "header checksum mismatch") }
            guard Array(h[257..<263]) == Array("ustar".utf8) + [0] || Array(h[257..<263]) == Array("ustar ".utf8) else {
                throw TarError(.structure, name, "not a ustar header")
            }
            switch h[156] {
            case UInt8(ascii: "0"), 0: break
            case UInt8(ascii: "1"), UInt8(ascii: "2"): throw TarError(.link, name, "links are not allowed in a bundle")
            default: throw TarError(.type, name, "entry type '\(String(UnicodeScalar(h[156])))': only regular files are allowed")
            }
            guard let size = octalField(h[124..<136]) else { throw TarError(.structure, name, "bad size field") }
            guard entries.count < limits.maxEntries else { throw TarError(.limit, name, "more than \(limits.maxEntries) entries") }
            guard size <= limits.maxEntrySize else { throw TarError(.limit, name, "\(size) bytes, more than the \(limits.maxEntrySize)-byte entry limit") }
            total += size
            guard total <= limits.maxTotalSize else { throw TarError(.limit, name, "entries exceed the \(limits.maxTotalSize)-byte total limit") }
            guard seen.insert(name).inserted else { throw TarError(.duplicate, name, "a second entry with this name") }
            guard let bytes = try readExactly(Int(size)) ?? (size == 0 ? [] : nil) else { throw TarError(.structure, name, "truncated entry") }
            _ = try readExactly(Tar.padding(for: size))
            entries.append((name, bytes))
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
        guard !bytes.isEmpty, bytes.count <= BundleLimits.maxNameLength else { throw TarError(.path, name, "empty or too long") }
        guard bytes.first != UInt8(ascii: "/") else { throw TarError(.path, name, "absolute path") }
        let allowed: (UInt8) -> Bool = { b in
            (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) || "._-+/".utf8.contains(b)
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
