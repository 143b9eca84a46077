import EvidentCrypto
import EvidentDER
import EvidentLedger
import EvidentTSP

/// Offline verification of a bundle (docs/bundle.md, "Checks"). Trust comes only from the ledger
/// public keys and TSA roots given here: keys, certificates and revocation data inside the bundle
/// are informative or candidates, never anchors. Nothing here touches the network.
public struct BundleVerifier: Sendable {
    public var ledgerKeys: [Ed25519.PublicKey]
    /// Rotation / revocation records given beside the keys (the bundle's journal is added).
    public var keyRecords: [KeyRecord] = []
    public var tsaRoots: [X509Certificate]
    /// Seconds since the epoch for "now" (the TSA verifier refuses genTimes in the future).
    public var now: Int64
    /// Keep checking after the first failure and list every finding.
    public var all = false
    public var limits = BundleLimits.default
    /// How many receipts' time windows the report lists (the rest are counted).
    public var windowLimit = BundleSummary.defaultWindowLimit
    /// Lines checked per parallel batch (tests set it small to cross batch boundaries).
    var batchSize = ReceiptLineCheck.batchSize

    public init(ledgerKeys: [Ed25519.PublicKey], tsaRoots: [X509Certificate], now: Int64) {
        self.ledgerKeys = ledgerKeys
        self.tsaRoots = tsaRoots
        self.now = now
    }

    /// Thrown internally to stop at the first failure (unless `all`).
    private struct Stop: Error {}

    private final class Run {
        var findings: [BundleFinding] = []
        var summary = BundleSummary()
        let all: Bool
        init(all: Bool) { self.all = all }

        func fail(_ check: String, _ object: String, _ reason: String) throws {
            findings.append(BundleFinding(check: check, object: object, reason: reason, isFailure: true))
            if !all { throw Stop() }
        }

        func undecided(_ check: String, _ object: String, _ reason: String) {
            findings.append(BundleFinding(check: check, object: object, reason: reason, isFailure: false))
        }
    }

    public func verify(path: String) -> BundleReport {
        let run = Run(all: all)
        run.summary.windowLimit = windowLimit
        do { try check(path: path, run) } catch is Stop {} catch {
            // Anything else stopped the checks early (an I/O error, the archive changing while
            // read): never let an unfinished run pass as valid.
            run.findings.append(BundleFinding(check: "io", object: path, reason: "verification stopped: \(error)", isFailure: true))
        }
        let failures = run.findings.filter(\.isFailure), undecided = run.findings.filter { !$0.isFailure }
        let verdict: BundleVerdict = !failures.isEmpty ? .invalid : (!undecided.isEmpty ? .indeterminate : .valid)
        return BundleReport(verdict: verdict, findings: failures + undecided, summary: run.summary)
    }

    private func check(path: String, _ run: Run) throws {
        // 1. The archive: structure, limits, path rules.
        //    Entries are indexed, not loaded: memory stays bounded whatever the bundle's size.
        let archive: TarArchive
        do { archive = try TarArchive(path: path, limits: limits) } catch let e as TarError {
            try run.fail(e.kind.rawValue, e.object, e.detail)
            return
        }

        // 2. The manifest and the digest of every other file; nothing unlisted.
        guard let manifestBytes = try archive.bytes(BundleFormat.manifest) else {
            try run.fail("manifest", BundleFormat.manifest, "missing")
            return
        }
        let m: Manifest
        do { m = try Manifest(manifestBytes) } catch {
            try run.fail("manifest", BundleFormat.manifest, "\(error)")
            return
        }
        run.summary.origin = m.origin
        for name in archive.entries.map(\.name).sorted() where name != BundleFormat.manifest && m.files[name] == nil {
            try run.fail("unlisted-file", name, "the archive holds a file the manifest does not list")
        }
        for (name, digest) in m.files.sorted(by: { $0.key < $1.key }) {
            guard archive.contains(name) else {
                try run.fail("manifest-digest", name, "listed in the manifest but missing from the archive")
                continue
            }
            var sha = try Digest(.sha256)
            try archive.forEachChunk(name) { sha.update($0) }
            if Hex.encode(sha.finalize()) != digest {
                try run.fail("manifest-digest", name, "SHA-256 differs from the manifest's")
            }
        }
        /// A small entry, whole (receipts and proofs are streamed instead).
        func file(_ name: String) throws -> [UInt8] { try archive.bytes(name) ?? [] }

        // 3. Keys: the given keys plus the bundle's journal (records only count when they verify
        //    under keys that chain back to the given ones: fail closed).
        var records = keyRecords
        guard let journal = BundleJSON.lines(try file(BundleFormat.keyJournal)) else {
            try run.fail("keys", BundleFormat.keyJournal, "not JSON lines")
            return
        }
        for (n, line) in journal.enumerated() {
            do { records.append(try KeyRecord(json: Array(line))) } catch {
                try run.fail("keys", "\(BundleFormat.keyJournal) line \(n + 1)", "\(error)")
            }
        }
        let ring: KeyRing
        do { ring = try KeyRing(publicKeys: ledgerKeys, records: records) } catch let e as KeyError {
            if e.code == .unknownKey { run.undecided("keys", BundleFormat.keyJournal, "\(e)") } else { try run.fail("keys", BundleFormat.keyJournal, "\(e)") }
            ring = try KeyRing(publicKeys: ledgerKeys, records: keyRecords)
        }

        // 4. Checkpoints: signatures (C2SP note under the bundle's origin, keys from the ring) and
        //    consistency between neighbours. The last one covers every receipt.
        let noteKeys = try ring.entries.values.map { try NoteVerifierKey(name: m.origin, publicKey: $0.publicKey) }
        var checkpoints: [(size: UInt64, root: MerkleHash, note: [UInt8])] = []
        for name in m.checkpoints {
            let note = try file(name)
            do {
                let c = try SignedCheckpoint.open(note, trusting: noteKeys, origin: m.origin)
                guard name == BundleFormat.checkpointNote(c.checkpoint.treeSize) else {
                    try run.fail("checkpoint", name, "holds the checkpoint of size \(c.checkpoint.treeSize)")
                    continue
                }
                checkpoints.append((c.checkpoint.treeSize, c.checkpoint.rootHash, note))
            } catch let e as NoteError where e.code == .noTrustedSignature {
                run.undecided("checkpoint-signature", name, "\(e) — give the ledger key that signed it")
            } catch let e as NoteError {
                try run.fail("checkpoint-signature", name, "\(e)")
            }
        }
        run.summary.checkpoints = checkpoints.map(\.size)
        for k in checkpoints.indices.dropFirst() where checkpoints[k].size <= checkpoints[k - 1].size {
            try run.fail("checkpoint", BundleFormat.checkpointNote(checkpoints[k].size), "checkpoints are not in increasing size order")
        }
        let consistency = BundleJSON.lines(try file(BundleFormat.consistency)) ?? []
        var proven = Set<UInt64>()
        for line in consistency {
            guard let o = try? JCSObject.parse(line), let old = o.uint("old_size"), let new = o.uint("new_size"), let path = o.hashes("path") else {
                try run.fail("consistency", BundleFormat.consistency, "malformed line")
                continue
            }
            guard let a = checkpoints.first(where: { $0.size == old }), let b = checkpoints.first(where: { $0.size == new }) else { continue }
            do {
                try ConsistencyProof(oldSize: old, newSize: new, path: path).verify(oldRoot: a.root, newRoot: b.root)
                proven.insert(old)
            } catch {
                try run.fail("consistency", "checkpoints \(old) → \(new)", "\(error)")
            }
        }
        for k in checkpoints.indices.dropLast() where !proven.contains(checkpoints[k].size) {
            try run.fail("consistency", "checkpoints \(checkpoints[k].size) → \(checkpoints[k + 1].size)", "no verifying consistency proof")
        }
        if m.checkpoints.isEmpty { try run.fail("checkpoint", BundleFormat.manifest, "the bundle holds no checkpoint") }
        let covering = checkpoints.last
        if let covering, covering.size != m.coveringTreeSize {
            try run.fail("checkpoint", BundleFormat.manifest, "covering_tree_size \(m.coveringTreeSize) is not the newest verified checkpoint's (\(covering.size))")
        }

        // 5. Anchors: full RFC 3161 verification at genTime, trusting only the given TSA roots,
        //    with the bundled revocation data; imprint = SHA-256 of the checkpoint note.
        var anchorTimes: [(treeSize: UInt64, genTime: Int64, tokenHashes: [String])] = []
        for a in m.anchors {
            guard let cp = checkpoints.first(where: { $0.size == a.treeSize }) else {
                if m.checkpoints.contains(BundleFormat.checkpointNote(a.treeSize)) {
                    run.undecided("anchor", a.token, "anchors checkpoint \(a.treeSize), whose signature could not be verified")
                } else {
                    try run.fail("anchor", a.token, "anchors checkpoint \(a.treeSize), which the bundle does not hold")
                }
                continue
            }
            let (verdict, genTime, problem) = verifyAnchor(a, note: cp.note, file: file)
            let token = try file(a.token)
            let tokenHashes = [try Hex.encode(Digest.hash(.sha256, token)), (try? BundleJSON.tokenHash(token)).flatMap { $0 }].compactMap { $0 }
            run.summary.anchors.append(.init(treeSize: a.treeSize, tsa: a.tsa, genTime: genTime.flatMap { try? ReceiptTime(millisecondsSinceEpoch: $0).description },
                                             verdict: verdict))
            switch verdict {
            case .valid: anchorTimes.append((a.treeSize, genTime!, tokenHashes))
            case .invalid: try run.fail("anchor", a.token, problem)
            case .indeterminate: run.undecided("anchor", a.token, problem)
            }
        }

        // 6. Receipts: JSON, canonical form, key validity and signature, order, chain, inclusion.
        //    Both files are streamed. A first pass counts the lines and checks the proofs' log
        //    order, so count and order problems are reported before any per-receipt one.
        let maxLine = limits.maxLineLength
        var receiptCount = 0
        do {
            var r = JSONLinesReader(archive, BundleFormat.receipts, maxLineLength: maxLine)
            while try r.next() != nil { receiptCount += 1 }
        } catch let e as JSONLinesReader.Problem {
            try run.fail("receipt-json", BundleFormat.receipts, "not JSON lines: \(e)")
            return
        }
        var proofCount = 0
        do {
            var r = JSONLinesReader(archive, BundleFormat.proofs, maxLineLength: maxLine)
            var previous: UInt64?
            var batch: [ArraySlice<UInt8>] = []
            repeat {
                batch.removeAll(keepingCapacity: true)
                while batch.count < batchSize, let line = try r.next() { batch.append(line) }
                for index in ParallelMap.map(batch, workers: ParallelMap.cores, { ReceiptLineCheck.Proof($0)?.index }) {
                    proofCount += 1
                    guard let index else { continue }  // reported with its receipt
                    // Leaf indices strictly increase (log order); proof line n belongs to receipt line n.
                    if let previous, index <= previous {
                        try run.fail("order", "receipt line \(proofCount)", "leaf index \(index) does not follow \(previous): receipts are not in log order")
                    }
                    previous = index
                }
            } while !batch.isEmpty
        } catch let e as JSONLinesReader.Problem {
            try run.fail("proof", BundleFormat.proofs, "not JSON lines: \(e)")
            return
        }
        if proofCount != receiptCount {
            try run.fail("proof", BundleFormat.proofs, "\(proofCount) proofs for \(receiptCount) receipts")
        }
        if receiptCount != m.receiptCount {
            try run.fail("manifest-count", BundleFormat.receipts, "\(receiptCount) receipts; the manifest says \(m.receiptCount)")
        }
        var receiptLines = JSONLinesReader(archive, BundleFormat.receipts, maxLineLength: maxLine)
        var proofLines = JSONLinesReader(archive, BundleFormat.proofs, maxLineLength: maxLine)
        var heads: [String: (seq: Int64, hash: String)] = [:]
        var lastIndex: UInt64?
                var n = -1
        var batch: [(receipt: [UInt8], proof: ArraySlice<UInt8>?)] = []
        var checked: [ReceiptLineCheck] = []
        var next = 0
        while true {
            if next == checked.count {
                // The next batch: read in line order, checked on every core.
                batch.removeAll(keepingCapacity: true)
                while batch.count < batchSize, let line = try receiptLines.next() {
                    let proofLine = n + 1 + batch.count < proofCount ? try proofLines.next() : nil
                    batch.append((Array(line), proofLine))
                }
                if batch.isEmpty { break }
                checked = ReceiptLineCheck.checkAll(batch, ring: ring, covering: covering.map { ($0.size, $0.root) }, workers: ParallelMap.cores)
                next = 0
            }
            let c = checked[next]
            next += 1
            n += 1
            let object = "receipt line \(n + 1)"
            let receipt: Receipt
            switch c.parsed {
            case .malformed(let e):
                try run.fail("receipt-json", object, e)
                continue
            case .notCanonical(let r):
                try run.fail("receipt-canonical", "receipt \(r.draft.stream)#\(r.draft.sequence) (\(object))", "not in RFC 8785 canonical form")
                continue
            case .receipt(let r, let verdict):
                receipt = r
                let name = "receipt \(r.draft.stream)#\(r.draft.sequence) (\(object))"
                switch verdict {
                case .valid: break
                case .indeterminate(let e): run.undecided("receipt-key", name, "\(e)")
                case .invalid(let e) where e.code == .keyNotValid: try run.fail("receipt-key", name, "\(e)")
                case .invalid(let e): try run.fail("receipt-signature", name, "\(e)")
                }
            }
            let d = receipt.draft
            let name = "receipt \(d.stream)#\(d.sequence) (\(object))"
            var leafIndex: UInt64 = 0
            if c.hasProofLine {
                if let p = c.proof {
                    leafIndex = p.index
                    if p.hash != c.hashHex {
                        try run.fail("proof", name, "proofs.jsonl line \(n + 1) is for another receipt")
                    } else if let lastIndex, p.index <= lastIndex {
                        // Reported by the order pre-pass.
                    } else if m.contiguous, let lastIndex, p.index != lastIndex + 1 {
                        try run.fail("completeness", name, "leaf index \(p.index) follows \(lastIndex) in a contiguous export: receipts are missing")
                    } else if let covering {
                        if p.size != covering.size {
                            try run.fail("inclusion", name, "proof against size \(p.size), not the covering checkpoint's \(covering.size)")
                        } else if let failure = c.inclusionFailure {
                            try run.fail("inclusion", name, "not in the log at leaf \(p.index) under the checkpoint of size \(p.size): \(failure)")
                        }
                    } else {
                        run.undecided("inclusion", name, "no verified checkpoint to prove inclusion against")
                    }
                    lastIndex = max(lastIndex ?? p.index, p.index)
                } else {
                    try run.fail("proof", name, "proofs.jsonl line \(n + 1) is malformed")
                }
            }
            // The stream's chain: prev links between receipts whose seq differ by 1 (a filtered
            // selection need not hold every receipt of a stream); in a contiguous export, all.
            if let head = heads[d.stream] {
                if d.sequence <= head.seq {
                    try run.fail("order", name, "seq \(d.sequence) after seq \(head.seq) of the same stream")
                } else if d.sequence == head.seq + 1 {
                    if d.previous != head.hash { try run.fail("chain", name, "prev does not name the previous receipt of the stream") }
                } else if m.contiguous {
                    try run.fail("chain", name, "seq \(d.sequence) follows \(head.seq) in a contiguous export: a receipt of the stream is missing")
                }
            }
            heads[d.stream] = (d.sequence, c.hashHex)

            // Summary and the proven time window.
            run.summary.receipts += 1
            if d.decision == .allow { run.summary.allows += 1 } else { run.summary.denies += 1 }
            run.summary.streams[d.stream, default: 0] += 1
            let issued = d.issuedAt.description
            if run.summary.firstIssuedAt.map({ issued < $0 }) ?? true { run.summary.firstIssuedAt = issued }
            if run.summary.lastIssuedAt.map({ issued > $0 }) ?? true { run.summary.lastIssuedAt = issued }
            let notAfter = anchorTimes.filter { $0.treeSize > leafIndex }.map(\.genTime).min()
            let notBefore = d.anchor.flatMap { ref in anchorTimes.first { $0.tokenHashes.contains(ref) }?.genTime }
            if notAfter == nil { run.summary.unanchored += 1 }
            run.summary.append(window: .init(
                leafIndex: leafIndex, stream: d.stream, sequence: d.sequence, hash: c.hashHex, issuedAt: issued,
                notBefore: notBefore.flatMap { try? ReceiptTime(millisecondsSinceEpoch: $0).description },
                notAfter: notAfter.flatMap { try? ReceiptTime(millisecondsSinceEpoch: $0).description }))
        }

        // A contiguous export with no end claims every receipt up to the covering checkpoint: a
        // log cut short at the end (even with the manifest's counts fixed up) is caught here.
        if m.throughCovering, let covering, (lastIndex.map { $0 + 1 } ?? 0) != covering.size {
            try run.fail("completeness", BundleFormat.receipts,
                         "the export claims every receipt up to the checkpoint of size \(covering.size) but ends at leaf \(lastIndex.map(String.init) ?? "none"): the log is truncated")
        }

        // 7. Anchor coverage (documented rule): a receipt no verified anchor covers has no proven
        //    time, so the bundle is indeterminate, not valid.
        let unanchored = run.summary.unanchored
        if unanchored > 0 {
            run.undecided("anchor-coverage", "\(unanchored) of \(run.summary.receipts) receipts",
                          "not covered by a verified anchor: their time is not proven (run `evident anchor` before exporting)")
        }
    }

    /// Verifies one anchor; returns its verdict, genTime (ms) and the first problem.
    private func verifyAnchor(_ a: Manifest.Anchor, note: [UInt8], file: (String) throws -> [UInt8]) -> (BundleVerdict, Int64?, String) {
        do {
            var options = VerificationOptions(trustedRoots: tsaRoots, now: now)
            let chain = try file(a.chain)
            if !chain.isEmpty { options.untrusted = try PEM.certificates(chain) }
            let revocation = try file(a.revocation)
            options.crls = try PEM.blocks(revocation, label: "X509 CRL").map { try X509CRL(derEncoded: $0) }
            options.ocspResponses = try PEM.blocks(revocation, label: "OCSP RESPONSE").map { try OCSPResponse(derEncoded: $0) }
            options.expectedImprint = try MessageImprint(algorithm: .sha256, digest: Digest.hash(.sha256, note))
            if case let request = try file(a.request), !request.isEmpty {
                let r = try TimeStampRequest(derEncoded: request)
                options.expectedNonce = r.nonce
                options.certReq = r.certReq
                // Same algorithm and digest; absent and NULL digest parameters are equivalent (RFC 5754 §2).
                guard let want = options.expectedImprint, r.messageImprint.hashAlgorithm.algorithm == want.hashAlgorithm.algorithm,
                      r.messageImprint.hashAlgorithm.hasAbsentOrNullParameters, r.messageImprint.hashedMessage == want.hashedMessage
                else { return (.invalid, nil, "the request is not for this checkpoint") }
            }
            let report = TimeStampVerifier(options: options).verify(try file(a.token), isResponse: true)
            let genTime = report.tstInfo.map { $0.genTime.secondsSinceEpoch * 1000 + Int64($0.genTime.nanoseconds / 1_000_000) }
            switch report.verdict {
            case .valid: return (.valid, genTime, "")
            case .invalid: return (.invalid, genTime, report.firstProblem.map(\.description) ?? "invalid")
            default: return (.indeterminate, genTime, report.firstProblem.map(\.description) ?? "indeterminate")
            }
        } catch {
            return (.invalid, nil, "\(error)")
        }
    }
}
