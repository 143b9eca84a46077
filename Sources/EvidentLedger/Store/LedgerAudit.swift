import EvidentCore
import EvidentCrypto
import EvidentDER
import EvidentTSP

/// `evident ledger verify`: re-checks everything the store holds, from scratch, and names the
/// first bad object — every entry's hash, each stream's chain (sequence and prev), the receipt
/// itself (the caller's check: signature, schema, key validity), the log's time order, the Merkle log's stored hashes
/// against a recomputation, and every stored checkpoint (root and signature).
public struct LedgerAudit {
    /// The first failure: the audit stops there (the verdict is invalid).
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public let finding: Finding
        init(object: String, check: CheckName, detail: String) {
            finding = Finding(check, .invalid, object: object, reason: detail)
        }
        init(_ finding: Finding) { self.finding = finding }
        public var check: CheckName { finding.check }
        public var object: String { finding.object }
        public var description: String { finding.description }
    }

    public struct Summary: Sendable {
        public var entries: UInt64 = 0
        public var streams: Int = 0
        public var checkpoints: Int = 0
        public var anchors: Int = 0
        /// Stored cosignatures that verified under a configured witness's key.
        public var cosignatures: Int = 0
        /// Stored cosignatures by witnesses no longer configured (their keys are not at hand).
        public var cosignaturesUnchecked: Int = 0
        public var root: MerkleHash?
        /// Receipts whose checks could not be decided (an unknown key): the first
        /// ``maxUndecided`` kept, all counted. Any makes the verdict indeterminate.
        public var undecided: [Finding] = []
        public var undecidedCount = 0
        public var verdict: Verdict { undecidedCount > 0 ? .indeterminate : .valid }

        mutating func undecide(_ f: Finding) {
            undecidedCount += 1
            if undecided.count < LedgerAudit.maxUndecided { undecided.append(f) }
        }
    }

    public static let maxUndecided = 1_000

    public let ledger: Ledger
    /// Checks one receipt body (signature, schema, key validity): ReceiptVerification.verify(entry:ring:).
    public let checkReceipt: (LedgerEntry) -> ReceiptOutcome
    /// Verifier keys for the checkpoints' signed notes.
    public let checkpointKeys: [NoteVerifierKey]

    public init(
        ledger: Ledger, checkpointKeys: [NoteVerifierKey], checkReceipt: @escaping (LedgerEntry) -> ReceiptOutcome
    ) {
        self.ledger = ledger
        self.checkpointKeys = checkpointKeys
        self.checkReceipt = checkReceipt
    }

    /// Findings about the key records, made before the audit (``audited(ledger:publicKeys:records:)``).
    var keyFindings: [Finding] = []

    /// The audit a third party runs: the ring from the keys and records it was given plus the
    /// store's key journal as carried records (KeyRing.audited: a forged record fails, one that
    /// cannot be verified is undecided), the receipt verification every verifier uses
    /// (ReceiptVerification), and checkpoints verified under the ring's keys.
    public static func audited(
        ledger: Ledger, publicKeys: [Ed25519.PublicKey], records: [KeyRecord]
    ) throws -> LedgerAudit {
        var carried: [KeyRecord] = []
        for (n, bytes) in try ledger.store.keyRecords().enumerated() {
            do { carried.append(try KeyRecord(json: bytes)) } catch {
                throw Problem(object: "key journal record \(n + 1)", check: .keys, detail: "\(error)")
            }
        }
        let (ring, findings) = try KeyRing.audited(
            publicKeys: publicKeys, records: records, carried: carried, object: "the ledger's key journal")
        if let forged = findings.first(where: \.isFailure) { throw Problem(forged) }
        let keys = try ring.entries.values.map { try NoteVerifierKey(name: ledger.origin, publicKey: $0.publicKey) }
        var audit = LedgerAudit(ledger: ledger, checkpointKeys: keys) {
            ReceiptVerification.verify(entry: $0, ring: ring)
        }
        audit.keyFindings = findings
        return audit
    }

    /// Runs every check; throws the first ``Problem`` (invalid), returns the undecided ones.
    public func run(batch: Int = 10_000) throws -> Summary {
        let store = ledger.store
        var summary = Summary()
        for f in keyFindings { summary.undecide(f) }
        var tree = InMemoryMerkleTree()
        // By the stream's bytes: canonically equivalent names are distinct streams.
        var heads: [ExactText: (UInt64, [UInt8])] = [:]
        var logTime: Int64?
        let size = try store.merkle.treeSize()
        var index: UInt64 = 0
        while index < size {
            for i in index..<min(size, index + UInt64(batch)) {
                guard let e = try store.entry(index: i) else {
                    throw Problem(
                        object: "entry \(i)", check: .logLeaves, detail: "missing: the Merkle log has \(size) leaves")
                }
                let object = "receipt \(e.stream)#\(e.sequence) (index \(i), \(Hex.encode(e.hash)))"
                guard try Digest.hash(.sha256, e.body) == e.hash else {
                    throw Problem(
                        object: object, check: .entryHash, detail: "stored hash is not SHA-256 of the stored receipt")
                }
                let stream = ExactText(e.stream)
                let head = heads[stream]
                guard e.sequence == (head?.0 ?? 0) + 1 else {
                    throw Problem(
                        object: object, check: .streamChain, detail: "sequence \(e.sequence) follows \(head?.0 ?? 0)")
                }
                guard e.previousHash == head?.1 else {
                    throw Problem(
                        object: object, check: .streamChain,
                        detail: "prev does not name the previous receipt of the stream")
                }
                // The ledger assigns issued_at at append, never going back (docs/verification.md).
                if let logTime, e.issuedAtMillis < logTime {
                    throw Problem(
                        object: object, check: .timeOrder,
                        detail: "issued_at \(e.issuedAtMillis) ms is before the previous entry's \(logTime) ms")
                }
                logTime = e.issuedAtMillis
                let outcome = checkReceipt(e)
                if case .invalid(let error) = outcome {
                    throw Problem(object: object, check: outcome.check ?? .receiptJSON, detail: "\(error)")
                }
                if let undecided = outcome.finding(object: object) { summary.undecide(undecided) }
                heads[stream] = (e.sequence, e.hash)
                try tree.append(leafData: e.body)
            }
            index = min(size, index + UInt64(batch))
        }
        summary.entries = size
        summary.streams = heads.count
        for stored in try store.heads() {
            guard let h = heads[ExactText(stored.stream)], h.0 == stored.sequence, h.1 == stored.hash else {
                throw Problem(
                    object: "stream \(stored.stream)", check: .streamHead,
                    detail: "stored head does not match the receipts")
            }
        }
        // Every stored complete-subtree hash, each copy (node and tile) read past any cache,
        // against the recomputation: proofs read them all, appends build on them.
        var level = 0
        while level < 64 && (UInt64(1) << UInt64(level)) <= size {
            let count = size >> UInt64(level)
            var start: UInt64 = 0
            while start < count {
                let ids = (start..<min(count, start + UInt64(batch))).map { MerkleSubtreeID(level: level, index: $0) }
                let stored = try store.merkle.storedCopies(of: ids)
                let expected = try tree.completeSubtreeHashes(ids)
                if let k = stored.indices.first(where: { i in
                    stored[i].isEmpty || stored[i].contains { $0 != expected[i] }
                }) {
                    throw Problem(
                        object: "Merkle node \(ids[k])", check: .merkleTree,
                        detail: stored[k].isEmpty
                            ? "missing from the store" : "stored hash does not match the receipts")
                }
                start += UInt64(batch)
            }
            level += 1
        }
        if size > 0 { summary.root = try tree.rootHash() }
        var commitments: [(object: String, commitment: KeyJournalCommitment?)] = []
        for c in try store.checkpoints().sorted(by: { $0.treeSize < $1.treeSize }) {
            let object = "checkpoint of size \(c.treeSize)"
            guard c.treeSize <= size else {
                throw Problem(object: object, check: .checkpoint, detail: "larger than the log (\(size))")
            }
            let signed: SignedCheckpoint
            do {
                signed = try SignedCheckpoint.open(c.note, trusting: checkpointKeys, origin: ledger.origin)
            } catch let e as NoteError where e.code == .noTrustedSignature {
                // Signed by a key not given (as the bundle verifier rules): undecided, never valid.
                // Its size and root must still be this log's; it commits to nothing we can trust.
                guard let text = try? SignedNote.parse(c.note).text, let unverified = try? Checkpoint(text: text),
                    unverified.origin == ledger.origin, unverified.treeSize == c.treeSize,
                    unverified.rootHash.bytes == c.rootHash, try tree.rootHash(treeSize: c.treeSize).bytes == c.rootHash
                else {
                    throw Problem(
                        object: object, check: .checkpoint,
                        detail: "not this log's checkpoint, or its root does not match the receipts")
                }
                summary.undecide(
                    Finding(
                        .checkpointSignature, .indeterminate, object: object,
                        reason: "\(e) — give the ledger key that signed it"))
                summary.checkpoints += 1
                continue
            } catch {
                throw Problem(object: object, check: .checkpointSignature, detail: "\(error)")
            }
            guard signed.checkpoint.treeSize == c.treeSize, signed.checkpoint.rootHash.bytes == c.rootHash,
                try tree.rootHash(treeSize: c.treeSize).bytes == c.rootHash
            else { throw Problem(object: object, check: .checkpoint, detail: "root does not match the receipts") }
            do {
                commitments.append((object, try KeyJournalCommitment.find(in: signed.checkpoint.extensionLines)))
            } catch {
                throw Problem(object: object, check: .keyJournal, detail: "\(error)")
            }
            summary.checkpoints += 1
        }
        // The key journal as each signed checkpoint saw it: a record removed, changed or
        // reordered since (a revocation stripped from the store) fails (KeyJournalCommitment.check,
        // the bundle verifier's rule).
        for f in try KeyJournalCommitment.check(commitments, journal: try store.keyRecords()) {
            if f.isFailure { throw Problem(f) }
            summary.undecide(f)
        }
        // Anchors: each token's imprint is SHA-256 of the stored note of its checkpoint. (Their
        // TSA chains are checked against trusted TSA roots by bundle verification.)
        let notes = Dictionary(try store.checkpoints().map { ($0.treeSize, $0.note) }, uniquingKeysWith: { a, _ in a })
        for a in try store.anchors(treeSize: nil) {
            let object = "anchor of checkpoint \(a.treeSize) by \(a.tsaURL)"
            guard let note = notes[a.treeSize], try Digest.hash(.sha256, note) == a.checkpointHash else {
                throw Problem(object: object, check: .anchor, detail: "does not name a stored checkpoint")
            }
            guard let tst = (try? TimeStampResponse(derEncoded: a.response, rules: .tolerant))?.token?.tstInfo,
                tst.messageImprint.hashAlgorithm.digest == .sha256, tst.messageImprint.hashedMessage == a.checkpointHash
            else {
                throw Problem(object: object, check: .anchor, detail: "the token does not time-stamp the checkpoint")
            }
            summary.anchors += 1
        }
        // Cosignatures: each of a stored checkpoint; by a configured witness's key, it verifies
        // over that checkpoint's text (the stored note itself is never changed by them).
        let witnesses = try store.witnesses()
        for c in try store.cosignatures(treeSize: nil) {
            let object = "cosignature of checkpoint \(c.treeSize) by \(c.witnessName)"
            guard let note = notes[c.treeSize], let cosigned = StoredCosignature.cosignedNote(note, [c]),
                let parsed = try? SignedNote.parse(cosigned), let line = parsed.signatures.last,
                line.name == c.witnessName, line.keyHash == c.keyHash
            else {
                throw Problem(
                    object: object, check: .cosignature, detail: "not a signature line of a stored checkpoint")
            }
            guard let witness = witnesses.first(where: { c.isBy($0) }) else {
                summary.cosignaturesUnchecked += 1
                continue
            }
            guard Cosignature.timestamp(of: line.signature) == c.timestamp,
                witness.key.isValidSignature(line.signature, forText: Array(parsed.text.utf8))
            else {
                throw Problem(object: object, check: .cosignature, detail: "does not verify under the witness's key")
            }
            summary.cosignatures += 1
        }
        return summary
    }
}
