import EvidentCrypto
import EvidentDER
import EvidentTSP

/// Mints receipts into a ledger: each draft gets its stream's next sequence number and previous
/// hash inside the store's write transaction, is signed there, and is acknowledged (returned)
/// only once the batch is durable.
public struct Minter: Sendable {
    public let ledger: Ledger
    public let key: LedgerKey
    /// Put the hash of the newest anchor token into each receipt's `anchor` field (unless the
    /// draft has one): the receipt then provably postdates that token's genTime.
    public var referenceNewestAnchor = true

    public init(ledger: Ledger, key: LedgerKey) {
        self.ledger = ledger
        self.key = key
    }

    /// SHA-256 (hex) of the newest anchor's token (the ContentInfo inside its TimeStampResp).
    public func newestAnchorTokenHash() throws -> String? {
        guard let newest = try ledger.store.newestAnchor(),
              let token = (try? TimeStampResponse(derEncoded: newest.response))?.token else { return nil }
        return Hex.encode(try Digest.hash(.sha256, token.derBytes))
    }

    /// Mints `drafts` atomically (one transaction: group commit). The drafts' `sequence` and
    /// `previous` are ignored and replaced by the store's.
    public func mint(_ drafts: [ReceiptDraft]) throws -> [(receipt: Receipt, entry: LedgerEntry)] {
        final class Signed: @unchecked Sendable { var receipts: [Receipt] = [] }
        let signed = Signed()
        let key = self.key
        let anchor = referenceNewestAnchor ? try newestAnchorTokenHash() : nil
        let requests = drafts.map { original in
            var draft = original
            if draft.anchor == nil { draft.anchor = anchor }
            return AppendRequest(stream: draft.stream) { sequence, previous in
                var d = draft
                d.sequence = Int64(sequence)
                d.previous = previous.map { Hex.encode($0) }
                let receipt = try d.sign(with: key)
                signed.receipts.append(receipt)
                return PreparedEntry(
                    body: receipt.canonicalBytes, issuedAtMillis: d.issuedAt.millisecondsSinceEpoch, decision: d.decision.rawValue,
                    action: d.action, resource: d.resource, keyID: key.keyID, policyID: d.policy.id)
            }
        }
        let entries = try ledger.store.append(requests)
        return Array(zip(signed.receipts, entries))
    }

    /// A draft from JSON whose `seq`, `prev` and `issued_at` may be absent (the ledger assigns
    /// the first two; `issued_at` defaults to `now`), as may the empty collections `scope`,
    /// `evidence`, `approvals` and `parents`.
    public static func draft(json: [UInt8], nowMillis: Int64) throws -> ReceiptDraft {
        guard case .object(let object) = try JCS.parse(json) else {
            throw ReceiptError(.wrongType, "a draft must be a JSON object")
        }
        var members = object.members
        if object["seq"] == nil { members.append(JCSObject.Member("seq", .number(1))) }
        if object["prev"] == nil { members.append(JCSObject.Member("prev", .null)) }
        if object["issued_at"] == nil {
            members.append(JCSObject.Member("issued_at", .string(try ReceiptTime(millisecondsSinceEpoch: nowMillis).description)))
        }
        for (name, empty) in [("scope", JCSValue.object(.empty)), ("evidence", .array([])), ("approvals", .array([])), ("parents", .array([]))]
        where object[name] == nil {
            members.append(JCSObject.Member(name, empty))
        }
        if object["v"] == nil { members.append(JCSObject.Member("v", .string(ReceiptSchema.currentVersion))) }
        return try ReceiptDraft(json: JCS.serialize(.object(try JCSObject(members))))
    }
}
