import EvidentCore
import EvidentDER

/// Verifying one receipt, the same way everywhere: `receipt verify`, `verify --receipt`,
/// `ledger verify` and the server's detail view call these (issue #15: it was written four times
/// and two of them disagreed on non-canonical input).
public enum ReceiptVerification {
    /// Bytes as given (one trailing newline allowed): read strictly, in RFC 8785 canonical form
    /// (the bytes the signature covers — any other rendering is not the signed object), the key
    /// valid at `issued_at` through the ring, the signature, and expiry at `now` when given.
    public static func verify(
        bytes: [UInt8], ring: KeyRing, now: ReceiptTime? = nil
    ) -> (receipt: Receipt?, outcome: ReceiptOutcome) {
        let input = bytes.last == 0x0A ? Array(bytes.dropLast()) : bytes
        let receipt: Receipt
        do { receipt = try Receipt(json: input) } catch let e as ReceiptError { return (nil, .invalid(e)) } catch {
            return (nil, .invalid(ReceiptError(.invalidJSON, "\(error)")))
        }
        guard receipt.isCanonical, receipt.canonicalBytes == input else {
            return (
                receipt,
                .invalid(
                    ReceiptError(.notCanonical, "not in RFC 8785 canonical form: not the bytes the signature covers"))
            )
        }
        return (receipt, ring.verify(receipt, now: now))
    }

    /// One receipt on its own (`receipt verify`, `verify --receipt`): the checks above, and the
    /// rule for a key that was revoked or rotated out (docs/verification.md, "Keys"): what it
    /// signed counts only if proven to exist before that end, and a receipt alone carries no
    /// time-stamp — whoever holds the key could have made it afterwards and dated it earlier.
    /// So a receipt by such a key is indeterminate here however early its issued_at, unless the
    /// end is still to come at `existsAtMillis` (the verifier's own clock: the receipt exists now,
    /// so it existed before an end that has not yet come); its anchored bundle can prove it (red
    /// team round 14, `receipt-proof-revoked-key-backdated`).
    public static func verifyAlone(
        bytes: [UInt8], ring: KeyRing, now: ReceiptTime? = nil, existsAtMillis: Int64
    ) -> (receipt: Receipt?, outcome: ReceiptOutcome) {
        let (receipt, outcome) = verify(bytes: bytes, ring: ring, now: now)
        guard let receipt, outcome.isValid, let end = ring.validityEnd(of: receipt.keyID, passedBy: existsAtMillis)
        else {
            return (receipt, outcome)
        }
        return (
            receipt,
            .indeterminate(
                ReceiptError(
                    .keyNotValid, field: "key_id",
                    "\(receipt.keyID) signs nothing from \(end) (revoked or rotated out), and nothing given proves this receipt existed before then (a receipt alone carries no time-stamp): it may have been made afterwards with the key; verify its anchored bundle"
                ))
        )
    }

    /// A stored ledger entry: the checks above, plus its place in the ledger (stream, seq and
    /// prev as the store holds them) matching the receipt's own, and every column the store
    /// indexes it by (issued_at, decision, action, resource, key, policy) equal to the signed
    /// value: selections, exports and the log's time order read those columns, so a column
    /// edited in the store would make them judge another receipt than the one signed. Streams and
    /// texts compare byte for byte (the store tells "é" and "e\u{301}" apart).
    public static func verify(entry: LedgerEntry, ring: KeyRing) -> ReceiptOutcome {
        let (receipt, outcome) = verify(bytes: entry.body, ring: ring)
        guard let receipt else { return outcome }
        let d = receipt.draft
        guard d.stream.isExactly(entry.stream), d.sequence == Int64(entry.sequence),
            d.previous == entry.previousHash.map({ Hex.encode($0) })
        else {
            return .invalid(
                ReceiptError(.chainMismatch, "receipt's stream/seq/prev differ from its place in the ledger"))
        }
        if entry.issuedAtMillis != d.issuedAt.millisecondsSinceEpoch {
            return storedFieldMismatch("issued_at", "\(entry.issuedAtMillis) ms", "\(d.issuedAt)")
        }
        let columns: [(name: String, stored: String?, signed: String)] = [
            ("decision", entry.decision, d.decision.rawValue), ("action", entry.action, d.action),
            ("resource", entry.resource, d.resource), ("key_id", entry.keyID, receipt.keyID),
            ("policy id", entry.policyID, d.policy.id),
        ]
        if let c = columns.first(where: { !($0.stored?.isExactly($0.signed) ?? false) }) {
            return storedFieldMismatch(c.name, c.stored ?? "null", c.signed)
        }
        return outcome
    }

    private static func storedFieldMismatch(_ column: String, _ stored: String, _ signed: String) -> ReceiptOutcome {
        .invalid(
            ReceiptError(
                .storedFieldMismatch,
                "the store's \(column) column (\(stored)) is not the signed receipt's (\(signed)): selections, exports and the log's time order read it"
            ))
    }
}
