import EvidentCore
import EvidentCrypto
import EvidentDER
import EvidentTSP
import Foundation

/// Mints receipts into a ledger: each draft gets its stream's next sequence number, previous
/// hash and the ledger's `issued_at` (TimeBinding) inside the store's write transaction, is signed
/// there, and is acknowledged (returned) only once the batch is durable. A key the ledger's own
/// journal revokes or rotates out signs nothing.
public struct Minter: Sendable {
    public let ledger: Ledger
    public let key: LedgerKey
    /// The ledger's clock (ms since the epoch); tests fix it.
    public var clock: @Sendable () -> Int64 = { WallClock.millis() }
    /// Put the hash of the newest anchor token into each receipt's `anchor` field (unless the
    /// draft has one): the receipt then provably postdates that token's genTime.
    public var referenceNewestAnchor = true

    public init(ledger: Ledger, key: LedgerKey) {
        self.ledger = ledger
        self.key = key
    }

    /// SHA-256 (hex) of the newest anchor's token (the ContentInfo inside its TimeStampResp).
    public func newestAnchorTokenHash() throws -> String? { try Self.tokenHash(of: ledger.store.newestAnchor()) }

    static func tokenHash(of anchor: StoredAnchor?) throws -> String? {
        guard let anchor, let token = (try? TimeStampResponse(derEncoded: anchor.response, rules: .tolerant))?.token
        else { return nil }
        return Hex.encode(try Digest.hash(.sha256, token.derBytes))
    }

    /// Mints `drafts` atomically (one transaction: group commit). The drafts' `sequence` and
    /// `previous` are ignored and replaced by the store's.
    public func mint(_ drafts: [ReceiptDraft]) throws -> [(receipt: Receipt, entry: LedgerEntry)] {
        try commit(try prepare(drafts))
    }

    /// A batch ready for ``commit(_:)``: the per-batch checks done, the clock read once, each
    /// draft's append request made (and, after ``presign(_:expecting:)``, signed ahead).
    public struct Batch: Sendable {
        var requests: [AppendRequest]
        let signed: Signed
    }

    /// The receipt signed for each request, by position (no hash computed to find it again);
    /// the store signs a batch's streams on several threads at once.
    final class Signed: @unchecked Sendable {
        private var receipts: [Receipt?]
        private let lock = NSLock()
        init(count: Int) { receipts = Array(repeating: nil, count: count) }
        subscript(slot: Int) -> Receipt? {
            get { lock.withLock { receipts[slot] } }
            set { lock.withLock { receipts[slot] = newValue } }
        }
    }

    /// The checks of a batch (each draft's own time, the key, the clock against the newest
    /// anchor) and its append requests, whose builders sign with this batch's one clock reading.
    public func prepare(_ drafts: [ReceiptDraft]) throws -> Batch {
        let signed = Signed(count: drafts.count)
        let key = self.key
        let now = clock()
        for d in drafts where !d.issuedAtIsAssigned { try TimeBinding.checkDraft(d.issuedAt, nowMillis: now) }
        try checkKeyUsable(atMillis: now)
        // A clock behind the newest anchor's genTime would sign receipts a verifier must call
        // backdated: refuse, and say which clock to fix.
        let newest = try ledger.store.newestAnchor()  // one indexed read per batch serves both uses
        if let newest, now < newest.genTimeMillis - TimeBinding.clockSkewAllowanceMillis {
            throw ReceiptError(
                .invalidTime, field: "issued_at",
                "the ledger's clock reads \(now) ms, \(newest.genTimeMillis - now) ms before the newest anchor's genTime: receipts signed now would be backdated; fix this machine's clock"
            )
        }
        let anchor = referenceNewestAnchor ? try Self.tokenHash(of: newest) : nil
        let requests = try drafts.enumerated().map { slot, original in
            // The idempotency key's digest is of what the client asked for, before the minter adds anything.
            let requestKey = try original.requestID.map {
                AppendRequest.RequestKey(id: $0, digest: try original.contentDigest())
            }
            var withAnchor = original
            if withAnchor.anchor == nil { withAnchor.anchor = anchor }
            let draft = withAnchor
            // Deterministic in its arguments (one clock reading, one draft, one key; Ed25519 is
            // deterministic): what makes a presigned entry the same as a build in the transaction.
            return AppendRequest(stream: draft.stream, requestKey: requestKey) { sequence, previous, logTime in
                var d = draft
                d.sequence = Int64(sequence)
                d.previous = previous.map { Hex.encode($0) }
                d.issuedAt = try TimeBinding.assign(nowMillis: now, logTimeMillis: logTime)
                let receipt = try d.sign(with: key)
                signed[slot] = receipt
                return PreparedEntry(
                    body: receipt.canonicalBytes, issuedAtMillis: d.issuedAt.millisecondsSinceEpoch,
                    decision: d.decision.rawValue,
                    action: d.action, resource: d.resource, keyID: key.keyID, policyID: d.policy.id)
            }
        }
        return Batch(requests: requests, signed: signed)
    }

    /// What the minter expects the log to hold once the batches it has presigned are stored:
    /// each stream's head and the newest entry's issued_at, learnt from the store for what it
    /// has not presigned itself. A wrong expectation costs time (the store builds those entries
    /// again in its transaction), never correctness.
    public struct Expectation: Sendable {
        var heads: [ExactText: (sequence: UInt64, hash: [UInt8])] = [:]
        var logTimeMillis: Int64?
        var logTimeKnown = false
        public init() {}
    }

    /// Signs `batch` ahead of its transaction for what `expecting` says the store will hold
    /// then (``SequencedBatch/presign(_:heads:logTimeMillis:workers:)``), and moves the
    /// expectation past it; when the batch cannot be presigned (a failing draft), it is left to
    /// be signed in its transaction and the expectation is forgotten.
    public func presign(_ batch: inout Batch, expecting: inout Expectation) throws {
        if !expecting.logTimeKnown {
            let size = try ledger.store.merkle.treeSize()
            expecting.logTimeMillis = size == 0 ? nil : try ledger.store.entry(index: size - 1)?.issuedAtMillis
            expecting.logTimeKnown = true
        }
        let known = expecting.heads
        let store = ledger.store
        guard
            let after = try SequencedBatch.presign(
                &batch.requests,
                heads: { stream in
                    if let h = known[ExactText(stream)] { return h }
                    return try store.head(of: stream).map { ($0.sequence, $0.hash) }
                }, logTimeMillis: expecting.logTimeMillis)
        else {
            expecting = Expectation()
            return
        }
        for head in after.heads { expecting.heads[ExactText(head.stream)] = (head.sequence, head.hash) }
        expecting.logTimeMillis = after.logTimeMillis
    }

    /// Appends `batch` in one transaction; its presigned entries are used where the store's
    /// heads and time are what they were signed for. One result per draft, in order.
    public func commit(_ batch: Batch) throws -> [(receipt: Receipt, entry: LedgerEntry)] {
        let entries = try ledger.store.append(batch.requests)
        // One entry per request, in order. A replayed request_id answers with the receipt minted
        // the first time (from the store); so does any entry whose body is not what was signed
        // here last (a transaction the store retried).
        return try entries.enumerated().map { slot, e in
            if let r = batch.signed[slot], r.canonicalBytes == e.body { return (r, e) }
            return (try Receipt(json: e.body), e)
        }
    }

    /// Whether every entry of a committed batch is the one presigned for it (else the
    /// expectation it was presigned on was wrong, and so are those that follow from it).
    public static func presignHeld(_ batch: Batch, _ minted: [(receipt: Receipt, entry: LedgerEntry)]) -> Bool {
        zip(batch.requests, minted).allSatisfy { r, m in r.presigned?.hash == m.entry.hash }
    }

    /// For a draft with a request_id: the receipt the ledger already minted for it (a retry:
    /// answer with it, mint nothing), nil when the id is new; throws ``ErrorCode/requestConflict``
    /// when the id was used for a different draft. The append repeats the check inside its
    /// transaction, so concurrent requests with one id still make exactly one receipt.
    public func replay(_ draft: ReceiptDraft) throws -> (receipt: Receipt, entry: LedgerEntry)? {
        guard let id = draft.requestID, let found = try ledger.store.request(stream: draft.stream, id: id) else {
            return nil
        }
        let key = AppendRequest.RequestKey(id: id, digest: try draft.contentDigest())
        guard case .stored(let entry) = try key.replay(stream: draft.stream, existing: found, earlierDigest: nil) else {
            return nil
        }
        return (try Receipt(json: entry.body), entry)
    }

    /// Refuses to sign when the ledger's key journal revokes this key from before `atMillis`,
    /// rotated it out (rotation time + the default overlap), or rotated to it only later.
    /// Records are honoured even if they name keys this minter cannot check: fail closed.
    public func checkKeyUsable(atMillis: Int64) throws {
        for bytes in try ledger.store.keyRecords() {
            guard let record = try? KeyRecord(json: bytes) else {
                throw LedgerStoreError(.corrupt, "the ledger's key journal holds a record that does not parse")
            }
            switch record.body {
            case .revocation(let id, let from, let reason, _)
            where id == key.keyID && from.millisecondsSinceEpoch <= atMillis:
                throw ReceiptError(
                    .keyNotValid, field: "key_id",
                    "\(id) is revoked from \(from) by the ledger's key journal (\(reason)): it signs nothing")
            case .rotation(let old, _, let at)
            where old == key.keyID && at.millisecondsSinceEpoch + KeyRing.defaultRotationOverlap <= atMillis:
                throw ReceiptError(
                    .keyNotValid, field: "key_id",
                    "\(old) was rotated out at \(at) by the ledger's key journal: sign with its successor")
            case .rotation(_, let new, let at)
            where LedgerKey.keyID(for: new) == key.keyID && atMillis < at.millisecondsSinceEpoch:
                throw ReceiptError(
                    .keyNotValid, field: "key_id", "\(key.keyID) is valid only from \(at) (its rotation record)")
            default: continue
            }
        }
    }

    /// A draft from JSON whose `seq`, `prev` and `issued_at` may be absent (the ledger assigns
    /// the first two; `issued_at` defaults to `now`), as may the empty collections `scope`,
    /// `evidence`, `approvals` and `parents`.
    public static func draft(json: [UInt8], nowMillis: Int64) throws -> ReceiptDraft {
        guard case .object(let object) = try JCS.parse(json) else {
            throw ReceiptError(.wrongType, "a draft must be a JSON object")
        }
        var members = object.members
        // request_id is the client's idempotency key, not signed content: kept by the store.
        var requestID: String?
        if let value = object["request_id"] {
            guard case .string(let id) = value else {
                throw ReceiptError(.wrongType, field: "request_id", "request_id must be a string")
            }
            try ReceiptDraft.checkRequestID(id)
            requestID = id
            members.removeAll { $0.key == "request_id" }
        }
        if object["seq"] == nil { members.append(JCSObject.Member("seq", .number(1))) }
        if object["prev"] == nil { members.append(JCSObject.Member("prev", .null)) }
        if object["issued_at"] == nil {
            members.append(
                JCSObject.Member("issued_at", .string(try ReceiptTime(millisecondsSinceEpoch: nowMillis).description)))
        }
        for (name, empty) in [
            ("scope", JCSValue.object(.empty)), ("evidence", .array([])), ("approvals", .array([])),
            ("parents", .array([])),
        ]
        where object[name] == nil {
            members.append(JCSObject.Member(name, empty))
        }
        if object["v"] == nil { members.append(JCSObject.Member("v", .string(ReceiptSchema.currentVersion))) }
        var draft = try ReceiptDraft(json: JCS.serialize(.object(try JCSObject(members))))
        draft.issuedAtIsAssigned = object["issued_at"] == nil
        draft.requestID = requestID
        return draft
    }
}
