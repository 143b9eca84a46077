import EvidentCore
import EvidentLedger

/// The first pass over a v5 bundle's receipts (docs/bundle.md, "Format v5"): it streams
/// `receipts.jsonl` with the indices of `leaves.jsonl`, merges the boundary receipts at the
/// indices of `boundary/leaves.jsonl`, and folds them with `multiproof.bin` into the root of the
/// tree of the covering size (``MerkleMultiProof``). Memory: one batch of receipt lines, a chunk
/// of each file and the fold's O(log n) frames — whatever the number of receipts.
///
/// It proves nothing alone: the caller compares ``root`` with the covering checkpoint's signed
/// root, and only when they are equal is every receipt the log's leaf at its stated index.
struct MultiProofCheck {
    /// A structural problem: the check that reports it, the object, why.
    struct Problem: Error {
        let check: CheckName
        let object: String
        let reason: String
        /// Judged against the tree size: without a verified checkpoint that size is only the
        /// manifest's unsigned claim, so the caller cannot call it invalid (it is undecided).
        var againstTreeSize = false
    }

    /// Lines of receipts.jsonl; nil when the file is not JSON lines (reported by the caller).
    var receiptCount = 0
    /// The boundary receipts (bytes, claimed index), in file order.
    var boundary: [(receipt: [UInt8], index: UInt64)] = []
    /// The recomputed root when the proof was consumed exactly, else nil and ``problems``.
    var root: MerkleHash?
    var problems: [Problem] = []
    /// The first `record` leaves folded, by index (for comparing two bundles' leaves).
    var recorded: [(index: UInt64, hash: MerkleHash)] = []
    /// The audit path of each leaf of `wanted` the fold met (``MerkleMultiProof/Paths``); it
    /// proves that leaf only when ``root`` is the covering checkpoint's signed root.
    var paths: [UInt64: [MerkleHash]] = [:]

    /// Receipt lines hashed per parallel batch, and at most this many bytes of them.
    static let batchLines = 4096
    static let batchBytes = 8 << 20

    init(
        archive: TarArchive, treeSize: UInt64, limits: BundleLimits, workers: Int, record: Int = 0,
        wanted: Set<UInt64> = []
    ) throws {
        // The boundary: at most two receipts (a period's neighbours), each with one index.
        var boundaryRuns = LeafRuns.Reader(archive, BundleFormat.boundaryLeaves, maxRunLength: 1)
        var boundaryLines = JSONLinesReader(
            archive, BundleFormat.boundaryReceipts, maxLineLength: limits.maxLineLength)
        do {
            while let line = try boundaryLines.next() {
                guard boundary.count < 2 else {
                    throw Problem(
                        check: .completeness, object: BundleFormat.boundaryReceipts,
                        reason: "more than two boundary receipts")
                }
                guard let index = try boundaryRuns.next() else {
                    throw Problem(
                        check: .proof, object: BundleFormat.boundaryLeaves,
                        reason: "fewer indices than boundary receipts")
                }
                boundary.append((Array(line), index))
            }
            if try boundaryRuns.next() != nil {
                throw Problem(
                    check: .proof, object: BundleFormat.boundaryLeaves, reason: "more indices than boundary receipts")
            }
        } catch let e as JSONLinesReader.Problem {
            problems.append(
                Problem(check: .completeness, object: BundleFormat.boundaryReceipts, reason: "not JSON lines: \(e)"))
            boundary = []
        } catch let e as LeafRuns.Problem {
            problems.append(Problem(check: e.check, object: BundleFormat.boundaryLeaves, reason: e.description))
            boundary = []
        } catch let p as Problem {
            problems.append(p)
            boundary = []
        }

        // The proof hashes: whole 32-byte hashes only.
        let proofSize = archive.entry(BundleFormat.multiProof)?.size ?? 0
        if archive.entry(BundleFormat.multiProof) == nil {
            problems.append(Problem(check: .proof, object: BundleFormat.multiProof, reason: "missing"))
        } else if proofSize % UInt64(MerkleHash.byteCount) != 0 {
            problems.append(
                Problem(
                    check: .proof, object: BundleFormat.multiProof,
                    reason: "\(proofSize) bytes is not a whole number of 32-byte hashes"))
        }

        var leaves = Leaves(
            archive: archive, boundary: boundary.map { ($0.index, (try? MerkleHash.leaf($0.receipt))!) },
            limits: limits, workers: workers)
        leaves.record = record
        if problems.isEmpty {
            var hashes = ProofHashes(archive: archive, size: proofSize)
            var derived = MerkleMultiProof.Paths(wanted: wanted)
            do {
                let folded = try MerkleMultiProof.root(
                    treeSize: treeSize, leaves: &leaves, hashes: &hashes, paths: &derived)
                if try leaves.hasLinesLeft() { throw Problem.receiptsOverRuns }
                root = folded
                paths = derived.paths
            } catch let p as Problem {
                problems.append(p)
            } catch let e as MerkleError {
                var p = Self.problem(e, treeSize: treeSize)
                p.againstTreeSize = e.code != .invalidSubtree
                problems.append(p)
            }
        }
        recorded = leaves.recorded
        if problems.contains(where: { $0.check == .receiptJSON }) { return }
        // Count every line, whatever stopped the fold (manifest-count).
        do { receiptCount = try leaves.countRemaining() } catch let e as JSONLinesReader.Problem {
            problems.append(Problem(check: .receiptJSON, object: BundleFormat.receipts, reason: "not JSON lines: \(e)"))
        }
    }

    /// The Merkle fold's own refusals, named by what they mean for the bundle.
    static func problem(_ e: MerkleError, treeSize: UInt64) -> Problem {
        switch e.code {
        case .proofTooShort:
            return Problem(
                check: .proof, object: BundleFormat.multiProof,
                reason: "fewer hashes than the leaves' positions call for: \(e.detail)")
        case .proofTooLong:
            return Problem(
                check: .proof, object: BundleFormat.multiProof,
                reason: "more hashes than the leaves' positions call for: \(e.detail)")
        case .leafIndexOutOfRange:
            return Problem(
                check: .proof, object: BundleFormat.leaves,
                reason: "a leaf index at or past the covering tree size \(treeSize): \(e.detail)")
        case .invalidSubtree:
            return Problem(check: .order, object: BundleFormat.leaves, reason: "\(e.detail)")
        default:
            return Problem(check: .proof, object: BundleFormat.leaves, reason: "\(e.detail)")
        }
    }

    /// The leaves in index order: the selection's (receipts.jsonl at the indices of
    /// leaves.jsonl, hashed a batch at a time on every core) merged with the boundary's.
    private struct Leaves: MerkleMultiProof.Leaves {
        var runs: LeafRuns.Reader
        var lines: JSONLinesReader
        var boundary: [(index: UInt64, hash: MerkleHash)]
        let workers: Int
        var nextRun: UInt64?
        var runsDone = false
        var hashes: [MerkleHash] = []
        var used = 0
        /// Receipt lines read (hashed) so far.
        var linesRead = 0
        var linesDone = false
        /// How many leaves to keep in `recorded`, by index, as they are taken.
        var record = 0
        var recorded: [(index: UInt64, hash: MerkleHash)] = []

        init(archive: TarArchive, boundary: [(UInt64, MerkleHash)], limits: BundleLimits, workers: Int) {
            runs = LeafRuns.Reader(archive, BundleFormat.leaves)
            lines = JSONLinesReader(archive, BundleFormat.receipts, maxLineLength: limits.maxLineLength)
            self.boundary = boundary.map { (index: $0.0, hash: $0.1) }
            self.workers = workers
        }

        mutating func selectionIndex() throws -> UInt64? {
            if nextRun == nil && !runsDone {
                do { nextRun = try runs.next() } catch let e as LeafRuns.Problem {
                    throw Problem(check: e.check, object: BundleFormat.leaves, reason: e.description)
                }
                runsDone = nextRun == nil
            }
            return nextRun
        }

        mutating func peekIndex() throws -> UInt64? {
            let s = try selectionIndex()
            guard let b = boundary.first else { return s }
            guard let s else { return b.index }
            if b.index == s {
                throw Problem(
                    check: .proof, object: BundleFormat.boundaryLeaves,
                    reason: "leaf \(b.index) is both a boundary receipt and a receipt of the selection")
            }
            return min(b.index, s)
        }

        mutating func takeHash() throws -> MerkleHash {
            let s = try selectionIndex()
            if let b = boundary.first, s.map({ b.index < $0 }) ?? true {
                boundary.removeFirst()
                if recorded.count < record { recorded.append((b.index, b.hash)) }
                return b.hash
            }
            nextRun = nil
            if used == hashes.count { try refill() }
            guard used < hashes.count else {
                throw Problem(
                    check: .proof, object: BundleFormat.leaves,
                    reason: "lists more leaves than receipts.jsonl has lines (\(linesRead))")
            }
            used += 1
            if recorded.count < record, let s { recorded.append((s, hashes[used - 1])) }
            return hashes[used - 1]
        }

        /// Whether receipts.jsonl has a line no index was given for.
        mutating func hasLinesLeft() throws -> Bool {
            if used < hashes.count { return true }
            try refill()
            return used < hashes.count
        }

        /// The next batch of receipt lines, hashed as leaves on every core.
        mutating func refill() throws {
            hashes.removeAll(keepingCapacity: true)
            used = 0
            guard !linesDone else { return }
            var batch: [[UInt8]] = []
            var bytes = 0
            do {
                while batch.count < MultiProofCheck.batchLines, bytes < MultiProofCheck.batchBytes,
                    let line = try lines.next()
                {
                    batch.append(Array(line))
                    bytes += line.count
                }
            } catch let e as JSONLinesReader.Problem {
                linesDone = true
                throw Problem(check: .receiptJSON, object: BundleFormat.receipts, reason: "not JSON lines: \(e)")
            }
            linesDone = batch.isEmpty
            linesRead += batch.count
            hashes = ParallelMap.map(batch, workers: workers) { (try? MerkleHash.leaf($0))! }
        }

        /// The total number of receipt lines, reading (without hashing) what is left.
        mutating func countRemaining() throws -> Int {
            var n = linesRead
            if !linesDone { while try lines.next() != nil { n += 1 } }
            return n
        }
    }

    /// multiproof.bin, 32 bytes at a time from a 64 KiB chunk.
    private struct ProofHashes: MerkleMultiProof.Hashes {
        let archive: TarArchive
        let offset: Int64
        let size: UInt64
        var consumed: UInt64 = 0
        var buffer: [UInt8] = []
        var position = 0

        init(archive: TarArchive, size: UInt64) {
            self.archive = archive
            offset = archive.entry(BundleFormat.multiProof)?.offset ?? 0
            self.size = size
        }

        mutating func next() throws -> MerkleHash? {
            if position == buffer.count {
                guard consumed < size else { return nil }
                let n = Int(min(UInt64(1 << 16), size - consumed))
                buffer = [UInt8](repeating: 0, count: n)
                try buffer.withUnsafeMutableBytes {
                    try archive.read(into: $0, at: offset + Int64(consumed), BundleFormat.multiProof)
                }
                consumed += UInt64(n)
                position = 0
            }
            defer { position += MerkleHash.byteCount }
            return try MerkleHash(Array(buffer[position..<(position + MerkleHash.byteCount)]))
        }
    }
}

extension MultiProofCheck.Problem {
    static let receiptsOverRuns = MultiProofCheck.Problem(
        check: .proof, object: BundleFormat.leaves, reason: "lists fewer leaves than receipts.jsonl has lines")
}
