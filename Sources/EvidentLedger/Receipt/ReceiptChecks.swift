import EvidentCore

/// The checks of one receipt (docs/receipt.md, docs/verification.md), as every reporter names them.
extension CheckName {
    /// Parses strictly as a schema v1 receipt (RFC 8785 JSON, every field's rule).
    public static let receiptJSON = CheckName(rawValue: "receipt-json")
    /// Is given in RFC 8785 canonical form: the bytes its signature covers.
    public static let receiptCanonical = CheckName(rawValue: "receipt-canonical")
    /// Names a key the verifier was given, valid (not revoked, not rotated out) at `issued_at`.
    public static let receiptKey = CheckName(rawValue: "receipt-key")
    /// The Ed25519 signature verifies under that key.
    public static let receiptSignature = CheckName(rawValue: "receipt-signature")
    /// Not expired at the time asked (`expires_at`).
    public static let receiptExpiry = CheckName(rawValue: "receipt-expiry")
    /// Its stream, seq and prev are its place in the ledger (stored entries).
    public static let receiptPlace = CheckName(rawValue: "receipt-place")
}
