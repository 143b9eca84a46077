/// Streams the lines of a JSON-lines entry of an archive: each line ends in a newline, none is
/// empty, none is longer than the limit. Holds one chunk and at most one partial line.
struct JSONLinesReader {
    enum Problem: Error, CustomStringConvertible {
        case emptyLine(Int)
        case noFinalNewline
        case lineTooLong(Int, limit: Int)

        var description: String {
            switch self {
            case .emptyLine(let n): "line \(n) is empty"
            case .noFinalNewline: "the last line does not end in a newline"
            case .lineTooLong(let n, let limit): "line \(n) is longer than \(limit) bytes"
            }
        }
    }

    private let archive: TarArchive
    private let name: String
    private let offset: Int64
    private let size: UInt64
    private let maxLineLength: Int
    private let chunk: Int
    private var consumed: UInt64 = 0
    private var buffer: [UInt8] = []
    private var start = 0
    /// Lines returned so far.
    private(set) var count = 0

    /// A reader over `name`; an absent entry reads as no lines.
    init(_ archive: TarArchive, _ name: String, maxLineLength: Int, chunk: Int = 1 << 20) {
        self.archive = archive
        self.name = name
        let e = archive.entry(name)
        offset = e?.offset ?? 0
        size = e?.size ?? 0
        self.maxLineLength = maxLineLength
        self.chunk = max(chunk, 1)
    }

    /// The next line without its newline, or nil at the end.
    mutating func next() throws -> ArraySlice<UInt8>? {
        var searchFrom = start
        while true {
            if let nl = buffer[searchFrom...].firstIndex(of: 0x0A) {
                let line = buffer[start..<nl]
                count += 1
                start = nl + 1
                guard !line.isEmpty else { throw Problem.emptyLine(count) }
                guard line.count <= maxLineLength else { throw Problem.lineTooLong(count, limit: maxLineLength) }
                return line
            }
            if consumed == size {
                guard start == buffer.count else { throw Problem.noFinalNewline }
                return nil
            }
            guard buffer.count - start <= maxLineLength else {
                throw Problem.lineTooLong(count + 1, limit: maxLineLength)
            }
            // Keep the partial line, then append the next chunk.
            let partial = buffer.count - start
            if start > 0 { buffer.removeFirst(start) }
            start = 0
            searchFrom = partial
            let n = Int(min(UInt64(chunk), size - consumed))
            buffer.append(contentsOf: repeatElement(0, count: n))
            try buffer.withUnsafeMutableBytes { b in
                try archive.read(
                    into: UnsafeMutableRawBufferPointer(rebasing: b[partial..<(partial + n)]),
                    at: offset + Int64(consumed), name)
            }
            consumed += UInt64(n)
        }
    }
}
