import EvidentCore
import EvidentDER

/// A transparency-log witness (c2sp.org/tlog-witness, add-checkpoint): it cosigns a log's
/// checkpoint only when it is proven consistent with the latest one it cosigned for that log,
/// and records it (durably, compare-and-swap) before answering. HTTP-free: the server maps a
/// ``Response`` to status codes and bodies.
public struct Witness: Sendable {
    /// The answer to one add-checkpoint request.
    public enum Response: Sendable, Hashable {
        /// 200: the cosignature lines (`— <name> <base64>`), already recorded durably.
        case cosigned([SignedNote.Signature], WitnessRecord)
        /// 409 (`text/x.tlog.size`): the old size is not the size of the latest checkpoint
        /// cosigned for the log (0 when none). When the checkpoint has that very size with
        /// another root, the spec's 409 still comes first, but the log equivocated: the proof is
        /// kept (`evidence`), not sent.
        case conflict(latestSize: UInt64, evidence: EquivocationProof? = nil)
        /// 400, 403, 404 or 422 with a reason; a 422 that proves the log equivocated carries the
        /// equivocation proof.
        case refused(status: Int, reason: String, evidence: EquivocationProof?)
    }

    /// The witness's cosigner key (signature type 0x04).
    public let signer: NoteSigner
    /// The trusted log keys by origin (the key name of a log key is its origin), matched byte
    /// for byte: an origin spelled with other but canonically equivalent bytes is another, unknown
    /// log (red team, issue #17: witness-nfd-origin-split).
    public let logs: [ExactText: [NoteVerifierKey]]
    public let store: any WitnessStateStore
    /// How often a request re-reads the state after losing a compare-and-swap race.
    static let maxAttempts = 8

    /// `logKeys`: every key the witness trusts, grouped by key name (the origin). Only note
    /// signature keys (type 0x01) can sign a checkpoint.
    public init(signer: NoteSigner, logKeys: [NoteVerifierKey], store: any WitnessStateStore) throws {
        guard signer.verifierKey.type == .cosignatureV1 else {
            throw WitnessError(.invalidLogList, "the witness key \(signer.name) is not a cosigner key (type 0x04)")
        }
        if let bad = logKeys.first(where: { $0.type != .ed25519 }) {
            throw WitnessError(.invalidLogList, "\(bad.name): a log key is an Ed25519 note key (type 0x01)")
        }
        self.signer = signer
        self.logs = Dictionary(grouping: logKeys, by: { ExactText($0.name) })
        self.store = store
    }

    /// Handles one request body at `now` (POSIX seconds, the cosignature's timestamp). Throws
    /// only when the state store fails (the server answers 500 and cosigns nothing).
    public func addCheckpoint(_ body: [UInt8], now: UInt64) throws -> Response {
        let request: AddCheckpointRequest
        do { request = try AddCheckpointRequest.parse(body) } catch {
            return .refused(status: 400, reason: "\(error)", evidence: nil)
        }
        // The origin is read (not trusted) from the note's first line to pick the keys; the
        // signatures are checked before anything else in the text is looked at.
        let note: SignedNote
        do { note = try SignedNote.parse(request.checkpoint) } catch {
            return .refused(status: 400, reason: "\(error)", evidence: nil)
        }
        let origin = note.claimedOrigin
        guard let keys = logs[ExactText(origin)] else {
            return .refused(status: 404, reason: "unknown log origin \(origin.prefix(200))", evidence: nil)
        }
        let verifiedBy: [NoteVerifierKey]
        do { verifiedBy = try note.verify(trusting: keys) } catch {
            return .refused(status: 403, reason: "\(error)", evidence: nil)
        }
        let checkpoint: Checkpoint
        do { checkpoint = try Checkpoint(text: note.text) } catch {
            return .refused(status: 400, reason: "the checkpoint: \(error)", evidence: nil)
        }
        guard request.oldSize <= checkpoint.treeSize else {
            return .refused(
                status: 400,
                reason: "old size \(request.oldSize) is larger than the checkpoint size \(checkpoint.treeSize)",
                evidence: nil)
        }
        for _ in 0..<Self.maxAttempts {
            let stored = try store.record(origin: origin)
            if let refusal = try Self.check(request, checkpoint, note: request.checkpoint, against: stored) {
                return refusal
            }
            let timestamp = max(now, 1)
            let cosignature = try signer.cosignature(for: note.text, timestamp: timestamp)
            let kept = try note.keepingSignatures(by: verifiedBy).adding([cosignature])
            let record = WitnessRecord(size: checkpoint.treeSize, root: checkpoint.rootHash, note: kept.bytes)
            if try store.replace(origin: origin, expected: stored, with: record) {
                return .cosigned([cosignature], record)
            }
        }
        let latest = try store.record(origin: origin)?.size ?? 0
        return .conflict(latestSize: latest)
    }

    /// Whether the stored (cosigned) checkpoint has exactly this checkpoint's text.
    static func sameText(_ stored: WitnessRecord, _ checkpoint: Checkpoint) throws -> Bool {
        try SignedNote.parse(stored.note).text.utf8.elementsEqual(checkpoint.text.utf8)
    }

    /// The checks against the stored state, in the spec's order; nil when the checkpoint may be
    /// cosigned. `note`: the submitted note, kept as evidence when the log equivocated.
    static func check(
        _ request: AddCheckpointRequest, _ checkpoint: Checkpoint, note: [UInt8], against stored: WitnessRecord?
    ) throws -> Response? {
        let latest = stored?.size ?? 0
        guard request.oldSize == latest else {
            guard let stored, checkpoint.treeSize == stored.size, try !sameText(stored, checkpoint) else {
                return .conflict(latestSize: latest)
            }
            return .conflict(
                latestSize: latest, evidence: EquivocationProof(noteA: stored.note, noteB: note, evidence: .sameSize))
        }
        if checkpoint.treeSize == 0 {
            guard checkpoint.rootHash == (try MerkleHash.emptyTreeRoot()) else {
                return .refused(status: 422, reason: "a checkpoint of size 0 has the empty tree's root", evidence: nil)
            }
        }
        guard let stored, request.oldSize > 0 else {
            guard request.proof.isEmpty else {
                return .refused(
                    status: 422, reason: "old size 0 takes no consistency proof (\(request.proof.count) lines given)",
                    evidence: nil)
            }
            return nil
        }
        if checkpoint.treeSize == stored.size {
            guard request.proof.isEmpty else {
                return .refused(status: 422, reason: "equal sizes take no consistency proof", evidence: nil)
            }
            guard checkpoint.rootHash == stored.root else {
                return .refused(
                    status: 422,
                    reason:
                        "size \(stored.size) was cosigned with root \(stored.root.base64), not \(checkpoint.rootHash.base64): the log equivocated",
                    evidence: EquivocationProof(noteA: stored.note, noteB: note, evidence: .sameSize))
            }
            // Stricter than c2sp.org/tlog-witness, which compares roots only: an Evident
            // checkpoint's extension line commits to the ledger's key journal, so one tree size
            // signed with two texts is two histories of its keys (red team, issue #17:
            // witness-extension-split). The witness cosigns one text per size.
            guard try sameText(stored, checkpoint) else {
                return .refused(
                    status: 422,
                    reason:
                        "size \(stored.size) was cosigned with other extension lines: one text per tree size (the log equivocated)",
                    evidence: EquivocationProof(noteA: stored.note, noteB: note, evidence: .sameSize))
            }
            return nil
        }
        let proof = ConsistencyProof(oldSize: stored.size, newSize: checkpoint.treeSize, path: request.proof)
        do {
            try proof.verify(oldRoot: stored.root, newRoot: checkpoint.rootHash)
        } catch {
            if let other = proof.derivedOldRoot(newRoot: checkpoint.rootHash), other != stored.root {
                return .refused(
                    status: 422,
                    reason:
                        "the proof shows the size-\(stored.size) root of this tree is \(other.base64), not the cosigned \(stored.root.base64): the log equivocated",
                    evidence: EquivocationProof(
                        noteA: stored.note, noteB: note, evidence: .consistency(oldRoot: other, path: request.proof)))
            }
            return .refused(status: 422, reason: "the consistency proof does not verify: \(error)", evidence: nil)
        }
        return try keyJournalWentBack(stored, checkpoint)
    }

    /// Stricter than c2sp.org/tlog-witness, for Evident's ledgers: a checkpoint commits to the
    /// ledger's key journal in its `evident-key-journal` extension line. Once the witness has
    /// cosigned a commitment, a later checkpoint must commit to more records, or to the same
    /// ones; fewer, other records of the same count, or none is the key history rewritten (a
    /// revocation dropped), refused (red team, issue #17: witness-journal-rollback-next-size).
    /// Logs whose checkpoints carry no such line are not affected.
    static func keyJournalWentBack(_ stored: WitnessRecord, _ checkpoint: Checkpoint) throws -> Response? {
        let cosignedText = try SignedNote.parse(stored.note).text
        guard let old = try? KeyJournalCommitment.find(in: try Checkpoint(text: cosignedText).extensionLines) else {
            return nil
        }
        let new = try? KeyJournalCommitment.find(in: checkpoint.extensionLines)
        if let new, new.count > old.count || new == old { return nil }
        let said = new.map { "\($0.count) key records (\(Base64.encode($0.hash)))" } ?? "no valid key journal"
        return .refused(
            status: 422,
            reason:
                "size \(stored.size) was cosigned committing to \(old.count) key records (\(Base64.encode(old.hash))); this checkpoint commits to \(said): the ledger's key history went back",
            evidence: nil)
    }
}
