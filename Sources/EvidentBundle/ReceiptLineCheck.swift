import Dispatch
import EvidentCore
import EvidentLedger

/// The checks of one receipt line that depend on nothing else in the bundle: JSON, canonical form,
/// key validity and signature, and the inclusion proof against the covering checkpoint. They run
/// on every core, a batch at a time; what depends on order (log order, completeness, the
/// per-stream chain, the summary) runs afterwards in line order, so findings come out in the same
/// order as in a sequential run.
struct ReceiptLineCheck: Sendable {
    enum Parsed: Sendable {
        case malformed(String)
        case notCanonical(Receipt)
        case receipt(Receipt, ReceiptOutcome)
    }

    /// One line of proofs.jsonl.
    struct Proof: Sendable {
        let hash: String
        let index: UInt64
        let size: UInt64
        let path: [MerkleHash]

        /// Nil if the line is malformed.
        init?(_ line: ArraySlice<UInt8>) {
            guard let o = try? JCSObject.parse(line), let hash = o.string("hash"), let index = o.uint("leaf_index"),
                let size = o.uint("tree_size"), let path = o.hashes("path")
            else { return nil }
            self.hash = hash
            self.index = index
            self.size = size
            self.path = path
        }
    }

    let parsed: Parsed
    /// Whether proofs.jsonl has a line for this receipt, and that line parsed (nil: malformed).
    let hasProofLine: Bool
    let proof: Proof?
    /// When the proof is for this receipt and against the covering checkpoint's size: nil if it
    /// verifies, else why not.
    private(set) var inclusionFailure: String?
    /// The receipt's hash (hex) when it parsed and is canonical, else empty.
    private(set) var hashHex = ""

    init(
        receipt bytes: [UInt8], proof proofLine: ArraySlice<UInt8>?, ring: KeyRing,
        covering: (size: UInt64, root: MerkleHash)?
    ) {
        hasProofLine = proofLine != nil
        proof = proofLine.flatMap(Proof.init)
        // The one receipt verification (ReceiptVerification); its outcome sorted into the bundle's
        // check names. A line never carries its newline here, so the bytes are the receipt's.
        let (read, verdict) = ReceiptVerification.verify(bytes: bytes, ring: ring)
        guard let receipt = read else {
            parsed = .malformed(verdict.error.map { "\($0)" } ?? "\(verdict)")
            return
        }
        if verdict.error?.code == .notCanonical {
            parsed = .notCanonical(receipt)
            return
        }
        parsed = .receipt(receipt, verdict)
        hashHex = receipt.receiptHashHex
        if let p = proof, let covering, p.hash == hashHex, p.size == covering.size {
            do {
                try InclusionProof(leafIndex: p.index, treeSize: p.size, path: p.path).verify(
                    leafHash: try receipt.leafHash(), rootHash: covering.root)
            } catch {
                inclusionFailure = "\(error)"
            }
        }
    }

    /// Lines checked per batch: enough to keep every core busy, small enough for bounded memory.
    static let batchSize = 4096

    /// Checks a batch on `workers` threads; results in line order.
    /// One batch being checked on every core in the background; ``wait()`` gives its results
    /// in line order.
    final class Pending: @unchecked Sendable {
        private let done = DispatchGroup()
        private var results: [ReceiptLineCheck] = []

        init(
            _ lines: [(receipt: [UInt8], proof: ArraySlice<UInt8>?)], ring: KeyRing,
            covering: (size: UInt64, root: MerkleHash)?
        ) {
            done.enter()
            DispatchQueue.global().async { [self] in
                results = ReceiptLineCheck.checkAll(lines, ring: ring, covering: covering, workers: ParallelMap.cores)
                done.leave()
            }
        }

        /// Blocks until the batch is checked (the group's wait orders the write before the read).
        func wait() -> [ReceiptLineCheck] {
            done.wait()
            return results
        }
    }

    static func checkAll(
        _ lines: [(receipt: [UInt8], proof: ArraySlice<UInt8>?)], ring: KeyRing,
        covering: (size: UInt64, root: MerkleHash)?, workers: Int
    ) -> [ReceiptLineCheck] {
        ParallelMap.map(lines, workers: workers) {
            ReceiptLineCheck(receipt: $0.receipt, proof: $0.proof, ring: ring, covering: covering)
        }
    }
}
