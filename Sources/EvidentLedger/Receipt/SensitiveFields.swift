import EvidentCore
import EvidentCrypto
import EvidentDER

/// Receipt fields a minter can mark sensitive: their clear values are replaced, before signing,
/// by a keyed hash under the ledger's field key (docs/receipt.md, "Sensitive fields").
public enum SensitiveField: String, Sendable, Hashable, CaseIterable {
    case actor, action, resource
    /// Every value of `scope` (keys stay clear: they are the schema of the scope).
    case scope
    /// `who` of every approval.
    case approvers
}

/// The per-ledger secret for keyed hashes of sensitive fields: 32 bytes, zeroed when released.
///
/// A sensitive value `x` is written as `"hmac-sha256:" + hex(HMAC-SHA-256(key, UTF-8(x)))`. The
/// same value gives the same hash throughout one ledger (so search and audit can match it by
/// hashing the clear value with the key) and reveals nothing without the key.
public final class SensitiveFieldKey: @unchecked Sendable {
    // Sendable: written once in init, read afterwards, wiped in deinit.
    private var bytes: [UInt8]
    public static let prefix = "hmac-sha256:"

    public init(bytes: [UInt8]) throws {
        guard bytes.count == HMACSHA256.keyLength else {
            throw ReceiptError(.invalidFieldKey, "a field key is \(HMACSHA256.keyLength) bytes, not \(bytes.count)")
        }
        self.bytes = bytes
    }

    public static func generate() throws -> SensitiveFieldKey {
        try SensitiveFieldKey(bytes: SecureRandom.bytes(HMACSHA256.keyLength))
    }

    deinit { SealedSecret.wipe(&bytes) }

    /// The keyed-hash form of `value`; a value already in that form is returned unchanged, so
    /// protecting twice is protecting once.
    public func protect(_ value: String) -> String {
        if SensitiveFieldKey.isProtected(value) { return value }
        return SensitiveFieldKey.prefix
            + Hex.encode(HMACSHA256.authenticationCode(key: bytes, message: Array(value.utf8)))
    }

    /// True when `protected` is the keyed hash of `clear` under this key (constant-time compare).
    public func matches(clear: String, protected: String) -> Bool {
        HMACSHA256.equal(Array(protect(clear).utf8), Array(protected.utf8))
    }

    public static func isProtected(_ value: String) -> Bool {
        guard value.hasPrefix(prefix) else { return false }
        let hex = value.utf8.dropFirst(prefix.utf8.count)
        return hex.count == 64 && hex.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}

extension ReceiptDraft {
    /// The draft with the clear values of `fields` replaced by their keyed hashes under `key`.
    public func protecting(_ fields: Set<SensitiveField>, with key: SensitiveFieldKey) -> ReceiptDraft {
        var d = self
        if fields.contains(.actor) { d.actor = key.protect(actor) }
        if fields.contains(.action) { d.action = key.protect(action) }
        if fields.contains(.resource) { d.resource = key.protect(resource) }
        if fields.contains(.scope) { d.scope = scope.mapValues(key.protect) }
        if fields.contains(.approvers) {
            d.approvals = approvals.map { ReceiptDraft.Approval(who: key.protect($0.who), at: $0.at, what: $0.what) }
        }
        return d
    }
}
