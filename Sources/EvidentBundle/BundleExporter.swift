import EvidentCore
import EvidentCrypto
import EvidentDER
import EvidentLedger
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes an audit-period bundle (docs/bundle.md) from a ledger.
///
/// The log is read in index order, in batches (a selection: windows of the log with its
/// criteria in the store's query), and every file is staged on disk (SHA-256
/// computed while writing), so memory stays bounded whatever the number of receipts. The archive
/// is written to a temporary file in the destination directory, synced, and renamed: a failure
/// leaves no partial bundle behind.
public struct BundleExporter {
    /// What to export; nil means any. Times are milliseconds since the epoch, `to` exclusive.
    public struct Scope: SelectionShape, Sendable, Hashable {
        public var from: Int64?
        public var to: Int64?
        public var stream: String?
        public var decision: String?
        public var action: String?

        public init(
            from: Int64? = nil, to: Int64? = nil, stream: String? = nil, decision: String? = nil, action: String? = nil
        ) {
            self.from = from
            self.to = to
            self.stream = stream
            self.decision = decision
            self.action = action
        }

        public var statesStart: Bool { from != nil }

        func matches(_ e: LedgerEntry) -> Bool {
            if let from, e.issuedAtMillis < from { return false }
            if let to, e.issuedAtMillis >= to { return false }
            if let stream, !e.stream.isExactly(stream) { return false }
            if let decision, e.decision != decision { return false }
            if let action, !e.action.isExactly(action) { return false }
            return true
        }
    }

    /// What fails here: a code to match on and a detail that reads as a sentence.
    public typealias Failure = CodedFailure<BundleExporter>

    public struct Summary: Sendable {
        public var receipts: UInt64 = 0
        public var streams: Int = 0
        public var checkpoints: Int = 0
        public var anchors: Int = 0
        /// RFC 4998 evidence records carried (v4).
        public var evidenceRecords: Int = 0
        public var coveringTreeSize: UInt64 = 0
        public var bytes: UInt64 = 0
    }

    public let ledger: Ledger
    public var scope: Scope
    /// Public key files (bytes) to include under keys/ (informative: verifiers trust only their own).
    public var publicKeyFiles: [[UInt8]] = []
    /// Entries read from the store per batch.
    public var batchSize: UInt64 = 1000
    /// Leaves per query of a selection (at most this many entries in memory at once).
    static let selectionWindow: UInt64 = 8192
    /// Export receipts no anchor covers yet (issue #14, item 6). Such a bundle can only ever
    /// verify as indeterminate for them (their time is not proven), so the CLI refuses it unless
    /// `--allow-unanchored`; the server's page exports what the ledger has (it says so).
    public var allowUnanchored = false
    /// How the receipts are proven in the log: one multi-proof for the whole bundle (format v5,
    /// the default), or an RFC 9162 inclusion proof per receipt (formats v2–v4: kept so that
    /// compatibility tests and benchmarks can still write them; docs/bundle.md).
    public enum ProofLayout: Sendable {
        case multiProof
        case perReceipt
    }
    public var proofLayout = ProofLayout.multiProof
    /// Called after each batch with (entries scanned, log size).
    public var progress: ((UInt64, UInt64) -> Void)?

    public init(ledger: Ledger, scope: Scope) {
        self.ledger = ledger
        self.scope = scope
    }

    /// Exports to `path` (`-`: standard output; a device or FIFO is written directly; an
    /// existing regular file only with `existing: .replace`); throws ``Failure`` (nothing
    /// written) when no receipt matches or the newest checkpoint does not cover the selected
    /// receipts.
    @discardableResult
    public func export(to path: String, existing: DurableFile.Existing = .refuse, nowMillis: Int64) throws -> Summary {
        let store = ledger.store
        guard let newest = try store.latestCheckpoint() else {
            throw Failure(
                .noCheckpoint, "the ledger has no checkpoint: run `evident checkpoint` (and `evident anchor`) first")
        }
        let sink =
            path == "-"
            ? DurableFile.Sink(standardOutput: ()) : try DurableFile.Sink(path: path, mode: 0o644, existing: existing)
        // A private staging directory (random name, 0700: nobody else can read or plant files in
        // it) beside a regular target, in $TMPDIR for standard output or a device; the archive
        // goes to the sink, which becomes `path` only when complete.
        let directory =
            sink.isDirect
            ? (ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp")
            : ((path as NSString).deletingLastPathComponent.isEmpty
                ? "." : (path as NSString).deletingLastPathComponent)
        let summary: Summary
        do {
            let stage = try DurableFile.privateDirectory(
                in: directory, prefix: ".\((path as NSString).lastPathComponent).stage-")
            defer { try? FileManager.default.removeItem(atPath: stage) }
            for sub in ["checkpoints", "anchors", "keys", "boundary", "evidence-records"] {
                guard mkdir(stage + "/" + sub, 0o700) == 0 else {
                    throw Failure(.io, "\(stage)/\(sub): cannot create: \(String(cString: strerror(errno)))")
                }
            }
            summary = try stageAndWrite(stage: stage, sink: sink, newest: newest, nowMillis: nowMillis)
        } catch {
            sink.abandon()
            throw error
        }
        try sink.commit()
        return summary
    }

    /// How many receipts of the selection lie in leaves `from…through`.
    private func countSelected(from: UInt64, through: UInt64) throws -> Int {
        guard from <= through else { return 0 }
        var n = 0
        for i in from...through {
            if let e = try ledger.store.entry(index: i), scope.matches(e) { n += 1 }
        }
        return n
    }

    /// The stream's receipt just before `e` (the one its prev names), from the store.
    private func streamPredecessor(of e: LedgerEntry) throws -> LedgerEntry {
        guard let hash = e.previousHash, let p = try ledger.store.entry(hash: hash),
            ExactText(p.stream) == ExactText(e.stream), p.sequence + 1 == e.sequence, p.index < e.index
        else {
            throw Failure(
                .corruptStore,
                "the store has no receipt \(e.stream)#\(e.sequence - 1) before leaf \(e.index) that its prev names: run `evident ledger verify`"
            )
        }
        return p
    }

    /// Stages every entry, then writes the archive to `f` (closed on return, whatever happens).
    private func stageAndWrite(
        stage: String, sink: DurableFile.Sink, newest: StoredCheckpoint, nowMillis: Int64
    ) throws -> Summary {
        let store = ledger.store
        var summary = Summary()
        var digests: [String: [UInt8]] = [:]
        let logSize = try store.merkle.treeSize()
        let covering = newest.treeSize
        summary.coveringTreeSize = covering

        // Receipts and their proofs, streamed to staged files: one multi-proof for all of them
        // (v5), or an inclusion proof per receipt (v2–v4, `proofLayout = .perReceipt`).
        let compact = proofLayout == .multiProof
        let receipts = try StagedFile(stage + "/" + BundleFormat.receipts)
        let proofs = compact ? nil : try StagedFile(stage + "/" + BundleFormat.proofs)
        var runs = compact ? LeafRuns.Writer(try StagedFile(stage + "/" + BundleFormat.leaves)) : nil
        let proofHashes = compact ? try StagedFile(stage + "/" + BundleFormat.multiProof) : nil
        // The multi-proof's leaves: the selection and, for a period selection, its neighbours.
        var multiProof = MerkleMultiProof.Builder(store: store.merkle, treeSize: covering) { hashes in
            for h in hashes { try h.withUnsafeBytes { try proofHashes?.write(Array($0)) } }
        }
        func proofLine(_ e: LedgerEntry) throws -> [UInt8] {
            let proof = try store.merkle.inclusionProof(leafIndex: e.index, treeSize: covering)
            return try BundleJSON.line(
                .object(
                    try JCSObject([
                        "hash": .string(Hex.encode(e.hash)), "leaf_index": .number(Double(e.index)),
                        "tree_size": .number(Double(covering)),
                        "path": .array(proof.path.map { .string($0.base64) }),
                    ])))
        }
        var streams = Set<ExactText>()
        var firstIndex: UInt64?, lastIndex: UInt64?
        var streamStart: LedgerEntry?
        var uncovered: UInt64 = 0
        var referencedAnchors = Set<String>()
        var minIssued: Int64?, maxIssued: Int64?
        // One query per window of the log, in index order. The whole log is read entry by entry
        // (and none may be missing); a selection's criteria go into the query, so the store
        // returns only the window's selected entries (a slice costs what it holds to stage, and
        // a scan of the store's rows, not of every entry through this process).
        let selection = scope.isFiltered || scope.from != nil || scope.to != nil
        var index: UInt64 = 0
        while index < logSize {
            let window = min(selection ? Self.selectionWindow : max(1, batchSize), logSize - index)
            var page = LedgerQuery(
                stream: scope.stream, decision: scope.decision, action: scope.action, from: scope.from, to: scope.to)
            page.afterIndex = index == 0 ? nil : index - 1
            page.beforeIndex = index + window
            page.limit = Int(window)
            let entries = try store.search(page)
            // A selection reads only its own entries: the store must still hold the whole window
            // (an entry missing from the store could be one of the selection's).
            if selection, try store.entryCount(from: index, before: index + window) != window {
                throw Failure(
                    .corruptStore,
                    "the store lacks entries among leaves \(index)..<\(index + window) (log size \(logSize)): run `evident ledger verify`"
                )
            }
            if !selection, entries.count != Int(window) {
                let missing = zip(index..., entries).first { $0 != $1.index }?.0 ?? index + UInt64(entries.count)
                throw Failure(
                    .corruptStore,
                    "the store has no entry \(missing) (log size \(logSize)): run `evident ledger verify`")
            }
            // In the window, in order, and (the whole log) as many as the window: so none is missing.
            for e in entries {
                guard e.index >= index, e.index < index + window else {
                    throw Failure(
                        .corruptStore,
                        "the store answered entry \(e.index) for leaves \(index)..<\(index + window): run `evident ledger verify`"
                    )
                }
                let i = e.index
                guard scope.matches(e) else { continue }
                if i >= covering { uncovered += 1; continue }
                // A period selection is one run of leaves (the log's time is monotone): a gap means
                // receipts of an older ledger whose issued_at was not assigned at append, and a
                // bundle could not prove such a period complete.
                if !scope.isFiltered, let lastIndex, i != lastIndex + 1 {
                    throw Failure(
                        .corruptStore,
                        "leaf \(i) is in the period but leaf \(lastIndex + 1) before it is not: this ledger's issued_at is not monotone "
                            + "(receipts minted before issued_at was assigned at append), so the period cannot be proven complete; "
                            + "export the whole log (no --from/--to) or a filtered selection")
                }
                if firstIndex == nil {
                    firstIndex = i
                    // The neighbour before a period is the multi-proof's first leaf.
                    if compact, !scope.isFiltered, i > 0 { try multiProof.add(leaf: i - 1) }
                    // So is the stream's receipt before a stream selection's first, when a start
                    // is stated (it precedes the first in log order: seqs follow log order).
                    if scope.provesStreamStart, e.sequence > 1 {
                        let p = try streamPredecessor(of: e)
                        streamStart = p
                        if compact { try multiProof.add(leaf: p.index) }
                    }
                }
                lastIndex = i
                streams.insert(ExactText(e.stream))
                minIssued = min(minIssued ?? e.issuedAtMillis, e.issuedAtMillis)
                maxIssued = max(maxIssued ?? e.issuedAtMillis, e.issuedAtMillis)
                referencedAnchors.formUnion(ReceiptAnchorReference.find(in: e.body))
                try receipts.write(e.body + [0x0A])
                if compact {
                    try runs?.add(i)
                    try multiProof.add(leaf: i)
                } else {
                    try proofs?.write(try proofLine(e))
                }
                summary.receipts += 1
            }
            index += window
            progress?(index, logSize)
        }
        guard uncovered == 0 else {
            throw Failure(
                .notCovered,
                "the log grew to \(logSize) receipts since the newest checkpoint (size \(covering)); \(uncovered) selected receipt(s) are not covered: "
                    + "run `evident checkpoint` (and `evident anchor`) first")
        }
        guard let first = firstIndex, let last = lastIndex else {
            throw Failure(.emptySelection, "no receipt matches the selection")
        }
        // Receipts at or past the largest anchored tree size are covered by no anchor: their
        // time can never be proven from this bundle.
        let allAnchors = try store.anchors(treeSize: nil)  // read once: also picks the checkpoints below
        let anchoredSize = allAnchors.map(\.treeSize).filter { $0 <= covering }.max() ?? 0
        if !allowUnanchored, last >= anchoredSize {
            let unanchored = try countSelected(from: max(first, anchoredSize), through: last)
            throw Failure(
                .unanchored,
                "\(unanchored) of the \(summary.receipts) selected receipt(s) are covered by no anchor yet: this bundle could only ever verify as indeterminate for them; "
                    + "run `evident anchor` first, or pass --allow-unanchored to export it anyway")
        }
        digests[BundleFormat.receipts] = try receipts.close()
        if let proofs { digests[BundleFormat.proofs] = try proofs.close() }
        if var r = runs { digests[BundleFormat.leaves] = try r.close() }
        summary.streams = streams.count

        // A period selection carries its neighbours: the receipt just before it (issued before
        // `from`) and just after it (issued at or after `to`), with their inclusion proofs (or
        // their indices, leaves of the one multi-proof). With the log's time monotone, they
        // prove no receipt of the period lies outside the bundle. One stream's selection with a
        // stated start carries the stream's receipt before its first instead (Scope.provesStreamStart).
        let boundaryReceipts = try StagedFile(stage + "/" + BundleFormat.boundaryReceipts)
        let boundaryProofs = compact ? nil : try StagedFile(stage + "/" + BundleFormat.boundaryProofs)
        var boundaryRuns = compact ? LeafRuns.Writer(try StagedFile(stage + "/" + BundleFormat.boundaryLeaves)) : nil
        if !scope.isFiltered {
            for i in [first > 0 ? first - 1 : nil, last + 1 < covering ? last + 1 : nil].compactMap({ $0 }) {
                guard let e = try store.entry(index: i) else {
                    throw Failure(.corruptStore, "the store has no entry \(i): run `evident ledger verify`")
                }
                try boundaryReceipts.write(e.body + [0x0A])
                try boundaryProofs?.write(try proofLine(e))
                try boundaryRuns?.add(i)
            }
            if compact, last + 1 < covering { try multiProof.add(leaf: last + 1) }
        } else if let p = streamStart {
            try boundaryReceipts.write(p.body + [0x0A])
            try boundaryProofs?.write(try proofLine(p))
            try boundaryRuns?.add(p.index)
        }
        digests[BundleFormat.boundaryReceipts] = try boundaryReceipts.close()
        if let boundaryProofs { digests[BundleFormat.boundaryProofs] = try boundaryProofs.close() }
        if var r = boundaryRuns { digests[BundleFormat.boundaryLeaves] = try r.close() }
        if let proofHashes {
            try multiProof.finish()
            digests[BundleFormat.multiProof] = try proofHashes.close()
        }

        // Checkpoints: the covering one, every anchored one that covers a selected receipt, and
        // those of anchors the selected receipts reference; consistency proofs between neighbours.
        var sizes: Set<UInt64> = [covering]
        for a in allAnchors where a.treeSize > first && a.treeSize <= covering { sizes.insert(a.treeSize) }
        for a in allAnchors where a.treeSize <= covering {
            let h = try Hex.encode(Digest.hash(.sha256, a.response))
            if referencedAnchors.contains(h)
                || (try? BundleJSON.tokenHash(a.response)).map(referencedAnchors.contains) == true
            {
                sizes.insert(a.treeSize)
            }
        }
        let stored = Dictionary(try store.checkpoints().map { ($0.treeSize, $0) }, uniquingKeysWith: { a, _ in a })
        let chosen = try sizes.sorted().map { size -> StoredCheckpoint in
            guard let c = stored[size] else {
                throw Failure(
                    .corruptStore, "an anchor names the checkpoint of size \(size), which the store does not hold")
            }
            return c
        }
        // Witnesses' cosignatures of the chosen checkpoints (v3): the stored note, byte for byte,
        // then the cosignature lines.
        var cosignedFiles = 0
        for c in chosen {
            if let cosigned = StoredCosignature.cosignedNote(c.note, try store.cosignatures(treeSize: c.treeSize)) {
                let name = BundleFormat.cosignedNote(c.treeSize)
                digests[name] = try StagedFile.write(stage + "/" + name, cosigned)
                cosignedFiles += 1
            }
        }
        // v4 when an anchor of a chosen checkpoint has an evidence record; else v3 with cosigned notes.
        let renewed = try chosen.contains { !(try store.evidenceRecords(treeSize: $0.treeSize)).isEmpty }
        let version =
            compact
            ? BundleFormat.compactVersion
            : renewed
                ? BundleFormat.renewedVersion : cosignedFiles > 0 ? BundleFormat.cosignedVersion : BundleFormat.version
        let consistency = try StagedFile(stage + "/" + BundleFormat.consistency)
        var checkpointFiles: [JCSValue] = []
        for (k, c) in chosen.enumerated() {
            let name = BundleFormat.checkpointNote(c.treeSize)
            digests[name] = try StagedFile.write(stage + "/" + name, c.note)
            checkpointFiles.append(.string(name))
            if k > 0 {
                let old = chosen[k - 1]
                let proof = try store.merkle.consistencyProof(from: old.treeSize, to: c.treeSize)
                try consistency.write(
                    BundleJSON.line(
                        .object(
                            try JCSObject([
                                "old_size": .number(Double(old.treeSize)), "new_size": .number(Double(c.treeSize)),
                                "path": .array(proof.path.map { .string($0.base64) }),
                            ]))))
            }
        }
        digests[BundleFormat.consistency] = try consistency.close()
        summary.checkpoints = chosen.count

        // Anchors of the chosen checkpoints.
        var anchorEntries: [JCSValue] = []
        var evidenceEntries: [JCSValue] = []
        var verifyAnchors: [BundleVerifyText.AnchorPart] = []
        for c in chosen {
            let records = try store.evidenceRecords(treeSize: c.treeSize)
            for (n, a) in try store.anchors(treeSize: c.treeSize).enumerated() {
                let base = "anchors/\(c.treeSize)-\(n + 1)"
                let files = [
                    "token": base + ".tsr", "request": base + ".tsq", "chain": base + ".chain.pem",
                    "revocation": base + ".revocation.pem",
                ]
                digests[files["token"]!] = try StagedFile.write(stage + "/" + files["token"]!, a.response)
                digests[files["request"]!] = try StagedFile.write(stage + "/" + files["request"]!, a.request)
                digests[files["chain"]!] = try StagedFile.write(stage + "/" + files["chain"]!, Array(a.chainPEM.utf8))
                digests[files["revocation"]!] = try StagedFile.write(
                    stage + "/" + files["revocation"]!, Array(a.revocationPEM.utf8))
                anchorEntries.append(
                    .object(
                        try JCSObject([
                            "tree_size": .number(Double(c.treeSize)), "tsa": .string(a.tsaURL),
                            "token": .string(files["token"]!),
                            "request": .string(files["request"]!), "chain": .string(files["chain"]!),
                            "revocation": .string(files["revocation"]!),
                        ])))
                verifyAnchors.append(
                    .init(
                        treeSize: c.treeSize, imprint: a.checkpointHash, genTimeMillis: a.genTimeMillis,
                        base: base))
                summary.anchors += 1
                // Its RFC 4998 evidence records (issue #18): they make the bundle v4.
                let anchorHash = try Digest.hash(.sha256, a.response)
                for r in records.filter({ $0.anchorHash == anchorHash }).sorted(by: { $0.slot < $1.slot }) {
                    let name = BundleFormat.evidenceRecord(anchorBase: base, slot: r.slot)
                    digests[name] = try StagedFile.write(stage + "/" + name, r.record)
                    evidenceEntries.append(
                        .object(
                            try JCSObject([
                                "anchor": .string(files["token"]!), "slot": .number(Double(r.slot)),
                                "record": .string(name),
                            ])))
                    summary.evidenceRecords += 1
                }
            }
        }
        let verifyText = BundleVerifyText.document(
            origin: ledger.origin, version: version, checkpoints: chosen.map { ($0.treeSize, $0.note) },
            anchors: verifyAnchors)

        // Keys: the journal (rotation, revocation records) and any public key files given.
        let journal = try StagedFile(stage + "/" + BundleFormat.keyJournal)
        for record in try store.keyRecords() { try journal.write(record + [0x0A]) }
        digests[BundleFormat.keyJournal] = try journal.close()
        for (n, file) in publicKeyFiles.enumerated() {
            let name = "keys/\(n + 1).pub.json"
            digests[name] = try StagedFile.write(stage + "/" + name, file)
        }
        digests[BundleFormat.verifyText] = try StagedFile.write(
            stage + "/" + BundleFormat.verifyText, Array(verifyText.utf8))

        // The manifest: format, origin, scope, counts and the digest of every other file.
        func time(_ ms: Int64?) throws -> JCSValue {
            try ms.map { .string(try ReceiptTime(millisecondsSinceEpoch: $0).description) } ?? .null
        }
        func opt(_ s: String?) -> JCSValue { s.map { .string($0) } ?? .null }
        var manifestObject = try JCSObject([
            "format": .string(BundleFormat.formatName), "version": .number(Double(version)),
            "media_type": .string(BundleFormat.mediaType), "origin": .string(ledger.origin),
            "created_at": try time(nowMillis),
            "scope": .object(
                try JCSObject([
                    "from": try time(scope.from), "to": try time(scope.to), "stream": opt(scope.stream),
                    "decision": opt(scope.decision),
                    "action": opt(scope.action), "first_index": .number(Double(first)),
                    "last_index": .number(Double(last)),
                ])),
            "period": .object(
                try JCSObject(["first_issued_at": try time(minIssued), "last_issued_at": try time(maxIssued)])),
            "counts": .object(
                try JCSObject([
                    "receipts": .number(Double(summary.receipts)), "streams": .number(Double(streams.count)),
                    "checkpoints": .number(Double(chosen.count)), "anchors": .number(Double(summary.anchors)),
                ])),
            "covering_tree_size": .number(Double(covering)),
            "checkpoints": .array(checkpointFiles),
            "anchors": .array(anchorEntries),
            "files": .object(
                try JCSObject(digests.map { JCSObject.Member($0.key, .string(Hex.encode($0.value))) })),
        ])
        // v4 only: older readers never meet the key.
        if renewed {
            manifestObject = try JCSObject(
                manifestObject.members + [JCSObject.Member("evidence_records", .array(evidenceEntries))])
        }
        let manifest = JCSValue.object(manifestObject)

        let writer = TarWriter(sink: sink)
        try writer.add(name: BundleFormat.manifest, bytes: try JCS.serialize(manifest) + [0x0A])
        for name in digests.keys.sorted() { try writer.add(name: name, contentsOf: stage + "/" + name) }
        try writer.finish()
        summary.bytes = writer.written
        return summary
    }
}

/// A staged file written in chunks with its SHA-256 computed on the way.
final class StagedFile {
    let path: String
    let file: UnsafeMutablePointer<FILE>
    var digest: Digest?

    init(_ path: String) throws {
        guard let f = fopen(path, "wb") else {
            throw BundleExporter.Failure(.io, "\(path): cannot create: \(String(cString: strerror(errno)))")
        }
        self.path = path
        self.file = f
        self.digest = try Digest(.sha256)
    }

    func write(_ bytes: [UInt8]) throws {
        guard bytes.withUnsafeBytes({ fwrite($0.baseAddress, 1, $0.count, file) }) == bytes.count else {
            throw BundleExporter.Failure(.io, "\(path): write failed: \(String(cString: strerror(errno)))")
        }
        digest!.update(bytes)
    }

    func close() throws -> [UInt8] {
        guard fclose(file) == 0 else { throw BundleExporter.Failure(.io, "\(path): close failed") }
        guard let d = digest.take() else { throw BundleExporter.Failure(.io, "\(path): closed twice") }
        return d.finalize()
    }

    static func write(_ path: String, _ bytes: [UInt8]) throws -> [UInt8] {
        let f = try StagedFile(path)
        try f.write(bytes)
        return try f.close()
    }
}

extension ErrorCode where Owner == BundleExporter {
    public static let noCheckpoint = Self("no-checkpoint")
    public static let io = Self("io")
    public static let corruptStore = Self("corrupt-store")
    public static let notCovered = Self("not-covered")
    public static let emptySelection = Self("empty-selection")
    public static let unanchored = Self("unanchored")
}
