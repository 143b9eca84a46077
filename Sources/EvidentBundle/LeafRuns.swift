import EvidentCore

/// The leaf indices of a v5 bundle's receipts (`leaves.jsonl`, `boundary/leaves.jsonl`;
/// docs/bundle.md): one line per maximal run of consecutive leaves, `[first,count]` — two
/// non-negative integers in canonical JSON (no sign, no leading zero, no exponent, no spaces), at
/// most 2^53 − 1, count ≥ 1. Runs strictly increase and never touch (first > the previous run's
/// first + count): one encoding per set of indices. The indices are unsigned claims: only the
/// multi-proof's recomputed root proves them.
enum LeafRuns {
    /// Longest line the grammar allows (`[` + 16 digits + `,` + 16 digits + `]`).
    static let maxLineLength = 35
    static let maxValue: UInt64 = 9_007_199_254_740_991

    struct Run: Equatable {
        let first: UInt64
        let count: UInt64
    }

    /// One line, with its newline.
    static func line(_ run: Run) -> [UInt8] { Array("[\(run.first),\(run.count)]\n".utf8) }

    /// A line without its newline, or nil when it is not exactly the grammar.
    static func parse(_ line: ArraySlice<UInt8>) -> Run? {
        var i = line.startIndex
        func number() -> UInt64? {
            let start = i
            var value: UInt64 = 0
            while i < line.endIndex, (0x30...0x39).contains(line[i]) {
                guard i - start < 16 else { return nil }
                value = value * 10 + UInt64(line[i] - 0x30)
                i += 1
            }
            guard i > start, !(line[start] == 0x30 && i - start > 1), value <= maxValue else { return nil }
            return value
        }
        guard i < line.endIndex, line[i] == UInt8(ascii: "[") else { return nil }
        i += 1
        guard let first = number(), i < line.endIndex, line[i] == UInt8(ascii: ",") else { return nil }
        i += 1
        guard let count = number(), i < line.endIndex, line[i] == UInt8(ascii: "]"), i + 1 == line.endIndex,
            count >= 1, first <= maxValue - count
        else { return nil }
        return Run(first: first, count: count)
    }

    /// Writes the runs of increasing indices as they come.
    struct Writer {
        private let file: StagedFile
        private var current: Run?

        init(_ file: StagedFile) { self.file = file }

        mutating func add(_ index: UInt64) throws {
            if let c = current, index == c.first + c.count {
                current = Run(first: c.first, count: c.count + 1)
                return
            }
            if let c = current { try file.write(LeafRuns.line(c)) }
            current = Run(first: index, count: 1)
        }

        /// Writes the last run and closes the file: its SHA-256.
        mutating func close() throws -> [UInt8] {
            if let c = current { try file.write(LeafRuns.line(c)) }
            current = nil
            return try file.close()
        }
    }

    /// What is wrong with a runs file, with the check that reports it.
    struct Problem: Error, CustomStringConvertible {
        let check: CheckName
        let description: String
    }

    /// Streams the indices of a runs file, checking the grammar and the order as it goes.
    struct Reader {
        private var lines: JSONLinesReader
        private let name: String
        private var run: Run?
        private var offset: UInt64 = 0
        /// One past the last index of the previous run.
        private var end: UInt64?
        /// Indices returned so far.
        private(set) var count: UInt64 = 0

        /// The longest run accepted (the boundary's: 1, each neighbour is one leaf).
        private let maxRunLength: UInt64

        init(_ archive: TarArchive, _ name: String, maxRunLength: UInt64 = .max) {
            lines = JSONLinesReader(archive, name, maxLineLength: LeafRuns.maxLineLength, chunk: 1 << 16)
            self.name = name
            self.maxRunLength = maxRunLength
        }

        /// The next index, or nil at the end of the file.
        mutating func next() throws -> UInt64? {
            if let r = run, offset < r.count {
                offset += 1
                count += 1
                return r.first + offset - 1
            }
            let line: ArraySlice<UInt8>
            do {
                guard let l = try lines.next() else { return nil }
                line = l
            } catch let e as JSONLinesReader.Problem {
                throw Problem(check: .proof, description: "\(name): \(e)")
            }
            guard let r = LeafRuns.parse(line) else {
                throw Problem(
                    check: .proof,
                    description: "\(name) line \(lines.count): not a run [first,count] (canonical integers, count ≥ 1)")
            }
            guard r.count <= maxRunLength else {
                throw Problem(
                    check: .proof,
                    description:
                        "\(name) line \(lines.count): run [\(r.first),\(r.count)] is longer than \(maxRunLength): each boundary receipt is one leaf, [index,1]"
                )
            }
            if let end {
                guard r.first >= end else {
                    throw Problem(
                        check: .order,
                        description:
                            "\(name) line \(lines.count): run [\(r.first),\(r.count)] starts before leaf \(end), where the previous run ends: leaves are not in log order"
                    )
                }
                guard r.first > end else {
                    throw Problem(
                        check: .proof,
                        description:
                            "\(name) line \(lines.count): run [\(r.first),\(r.count)] continues the previous run: runs are maximal"
                    )
                }
            }
            end = r.first + r.count
            run = r
            offset = 1
            count += 1
            return r.first
        }
    }
}
