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

    /// A stored ledger entry: the checks above, plus its place in the ledger (stream, seq and
    /// prev as the store holds them) matching the receipt's own.
    public static func verify(entry: LedgerEntry, ring: KeyRing) -> ReceiptOutcome {
        let (receipt, outcome) = verify(bytes: entry.body, ring: ring)
        guard let receipt else { return outcome }
        guard receipt.draft.stream == entry.stream, receipt.draft.sequence == Int64(entry.sequence),
            receipt.draft.previous == entry.previousHash.map({ Hex.encode($0) })
        else {
            return .invalid(
                ReceiptError(.chainMismatch, "receipt's stream/seq/prev differ from its place in the ledger"))
        }
        return outcome
    }
}
