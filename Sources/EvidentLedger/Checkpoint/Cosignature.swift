/// A witness's Ed25519 cosignature/v1 over a checkpoint (c2sp.org/tlog-cosignature): a note
/// signature line by a key of signature type 0x04 whose bytes are a `timestamped_signature`,
/// 8-byte big-endian POSIX timestamp ‖ 64-byte Ed25519 signature, over the message
///
/// ```
/// cosignature/v1
/// time <timestamp>
/// <the checkpoint's note text, final newline included>
/// ```
///
/// It states that, at that time, this was the largest consistent checkpoint of the log the
/// witness had seen. Only the first three lines of the checkpoint are vouched for; extension
/// lines are covered by the signature but no witness statement about them is implied.
public enum Cosignature {
    /// Bytes of a `timestamped_signature` for Ed25519: timestamp (8) ‖ signature (64).
    public static let signatureLength = 8 + 64

    /// The message a cosignature/v1 signs.
    public static func message(text: [UInt8], timestamp: UInt64) -> [UInt8] {
        Array("cosignature/v1\ntime \(timestamp)\n".utf8) + text
    }

    /// The timestamp of a `timestamped_signature` (the signature bytes after the key hash), or
    /// nil when they are not 72 bytes or the timestamp exceeds 2⁶³−1.
    public static func timestamp(of signature: [UInt8]) -> UInt64? {
        guard signature.count == signatureLength else { return nil }
        let timestamp = signature.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return timestamp <= UInt64(Int64.max) ? timestamp : nil
    }

    /// A cosignature's timestamp in words: its UTC time, or — past year 9999 — the seconds exactly
    /// as signed (a clamped millisecond count had been shown instead: red team round 17, L3).
    public static func describe(timestamp: UInt64) -> String {
        timestamp <= 253_402_300_799
            ? ReceiptTime.describe(millis: Int64(timestamp) * 1000) : "\(timestamp) s since 1970"
    }

    static func encode(timestamp: UInt64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: timestamp >> (56 - 8 * $0)) }
    }
}
