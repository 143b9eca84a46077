import EvidentCore

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
        guard !nameBytes.isEmpty, nameBytes.count <= 100 else {
            throw TarError(.path, name, "entry names are 1 to 100 bytes when written")
        }
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

/// A failure reading or writing the archive, named by the bundle check it fails.
struct TarError: Error, CustomStringConvertible {
    enum Kind {
        case structure, path, duplicate, link, type, limit, io
        var check: CheckName {
            switch self {
            case .structure: return .archive
            case .path: return .archivePath
            case .duplicate: return .archiveDuplicate
            case .link: return .archiveLink
            case .type: return .archiveType
            case .limit: return .archiveLimit
            case .io: return .io
            }
        }
    }

    let kind: Kind
    let object: String
    let detail: String
    init(_ kind: Kind, _ object: String, _ detail: String) {
        self.kind = kind
        self.object = object
        self.detail = detail
    }

    var description: String { "\(kind.check): \(object): \(detail)" }
}

/// Writes an archive to an open file, streaming each member.
final class TarWriter {
    let sink: DurableFile.Sink
    /// Bytes written so far.
    private(set) var written: UInt64 = 0

    init(sink: DurableFile.Sink) { self.sink = sink }

    func write(_ bytes: [UInt8]) throws {
        try sink.write(bytes)
        written += UInt64(bytes.count)
    }

    func add(name: String, bytes: [UInt8]) throws {
        try write(Tar.header(name: name, size: UInt64(bytes.count)))
        try write(bytes)
        try write([UInt8](repeating: 0, count: Tar.padding(for: UInt64(bytes.count))))
    }

    /// Copies a staged file into the archive in 1 MiB chunks.
    func add(name: String, contentsOf source: String) throws {
        guard let f = fopen(source, "rb") else {
            throw TarError(.io, source, "cannot open: \(String(cString: strerror(errno)))")
        }
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
