import EvidentCrypto

/// The ledger keys a verifier trusts, with their validity windows (docs/keys.md, "Validity").
///
/// Built from public keys given out of band plus rotation and revocation records:
/// - a key given directly is valid from the beginning of time;
/// - a rotation old → new at T, signed by both keys, makes the new key valid from T and the old
///   key valid only for receipts issued before T + ``rotationOverlap``;
/// - a revocation of K from F, signed by K or a successor of K (a key that rotations lead to
///   from K), makes receipts by K issued at or after F invalid.
/// Records that do not verify are refused when the ring is built (fail closed).
public struct KeyRing: Sendable {
    /// How long an old key still signs after its rotation: 24 hours, in milliseconds.
    public static let defaultRotationOverlap: Int64 = 24 * 3_600_000

    public struct Entry: Sendable {
        public let publicKey: Ed25519.PublicKey
        /// Receipts issued before this are invalid (a key introduced by rotation).
        public var validFrom: ReceiptTime?
        /// Receipts issued at or after this are invalid (rotation time + overlap).
        public var validUntil: ReceiptTime?
        /// Revoked from this time, with the reason.
        public var revokedFrom: ReceiptTime?
        public var revocationReason: String?
        /// Keys this one was rotated to.
        public var successors: [String] = []
    }

    public let rotationOverlap: Int64
    public private(set) var entries: [String: Entry] = [:]
    /// Keys named only by a carried rotation from a revoked key (the rotation is not applied):
    /// new key id → old key id.
    public private(set) var unprovenRotations: [String: String] = [:]
    /// Records neither applied nor refuted: about a key not given, or signed only by keys the
    /// ring does not know (a revocation by an unproven successor, say). Each leaves what it
    /// concerns undecided — never valid, never invalid on its word (docs/verification.md, "Keys").
    public private(set) var unverified: [(record: KeyRecord, reason: String)] = []
    /// Keys with an unverified revocation: key id → the earliest `from` it claims. A receipt by
    /// such a key issued at or after it is indeterminate.
    public private(set) var unverifiedRevocations: [String: ReceiptTime] = [:]

    /// `records` are given by the verifier (trusted as given); `carried` come with what is being
    /// verified (a bundle's or a ledger's journal). A carried rotation *from a revoked key* is
    /// not applied unless its new key is among `publicKeys`: whoever stole the key can sign a
    /// rotation to a key of their own, dated as they like (docs/verification.md, "Keys"). One
    /// key rotated to two different keys is refused (`conflicting-rotation`).
    public init(
        publicKeys: [Ed25519.PublicKey], records: [KeyRecord], carried: [KeyRecord] = [],
        rotationOverlap: Int64 = KeyRing.defaultRotationOverlap
    ) throws {
        self.rotationOverlap = rotationOverlap
        for k in publicKeys { entries[LedgerKey.keyID(for: k)] = Entry(publicKey: k) }
        let given = Set(publicKeys.map { LedgerKey.keyID(for: $0) })
        let all = records + carried
        var targets: [String: String] = [:]
        for r in all {
            guard case .rotation(let old, let new, _) = r.body else { continue }
            let newID = LedgerKey.keyID(for: new)
            if let other = targets[old], other != newID {
                throw KeyError(
                    .conflictingRotation, "\(old) is rotated both to \(other) and to \(newID): a second key lineage")
            }
            targets[old] = newID
        }
        let revoked = Set(
            all.compactMap { r -> String? in
                if case .revocation(let id, _, _, _) = r.body { return id } else { return nil }
            })
        let untrusted = carried.filter { r in
            guard case .rotation(let old, let new, _) = r.body else { return false }
            return revoked.contains(old) && !given.contains(LedgerKey.keyID(for: new)) && !records.contains(r)
        }
        for r in untrusted {
            if case .rotation(let old, let new, _) = r.body { unprovenRotations[LedgerKey.keyID(for: new)] = old }
        }
        // Rotations may come in any order: apply those whose old key is known until none is left.
        var pending = all.filter { r in
            if case .rotation = r.body { return !untrusted.contains(r) } else { return false }
        }
        while !pending.isEmpty {
            guard
                let i = pending.firstIndex(where: { r in
                    if case .rotation(let old, _, _) = r.body { return entries[old] != nil }
                    return false
                })
            else {
                // Rotations from keys nobody gave: their new keys stay unknown.
                for r in pending {
                    if case .rotation(let old, let new, _) = r.body {
                        unverified.append(
                            (r, "rotation \(old) → \(LedgerKey.keyID(for: new)): \(old) is not among the keys given"))
                    }
                }
                break
            }
            try apply(pending.remove(at: i))
        }
        for r in all { if case .revocation = r.body { try apply(r) } }
    }

    private mutating func apply(_ record: KeyRecord) throws {
        switch record.body {
        case .rotation(let oldID, let new, let at):
            let newID = LedgerKey.keyID(for: new)
            guard let old = entries[oldID] else { throw KeyError(.unknownKey, "rotation from unknown key \(oldID)") }
            guard record.isSigned(by: old.publicKey) else {
                throw KeyError(
                    .badRecordSignature, "rotation \(oldID) → \(newID) lacks a valid signature by the old key")
            }
            guard record.isSigned(by: new) else {
                throw KeyError(
                    .badRecordSignature, "rotation \(oldID) → \(newID) lacks a valid signature by the new key")
            }
            let until = try ReceiptTime(millisecondsSinceEpoch: at.millisecondsSinceEpoch + rotationOverlap)
            entries[oldID]!.validUntil = min(old.validUntil ?? until, until)
            entries[oldID]!.successors.append(newID)
            // A rotation target signs from the rotation time, even if it was also given directly.
            var entry = entries[newID] ?? Entry(publicKey: new)
            entry.validFrom = min(entry.validFrom ?? at, at)
            entries[newID] = entry
        case .revocation(let keyID, let from, let reason, _):
            guard entries[keyID] != nil else {
                unverified.append((record, "revocation of \(keyID): that key is not among the keys given"))
                return
            }
            let signers = [keyID] + successors(of: keyID)
            guard signers.contains(where: { id in entries[id].map { record.isSigned(by: $0.publicKey) } ?? false })
            else {
                // Signed in the name of a key the ring knows, and that signature fails: forged.
                if record.signatures.contains(where: { entries[$0.keyID] != nil }) {
                    throw KeyError(
                        .badRecordSignature, "revocation of \(keyID) is not signed by that key or a successor")
                }
                // Signed only by keys the ring does not know (an unproven successor): undecided.
                unverified.append(
                    (record, "revocation of \(keyID) from \(from) is signed only by keys not among those given"))
                unverifiedRevocations[keyID] = min(unverifiedRevocations[keyID] ?? from, from)
                return
            }
            if entries[keyID]!.revokedFrom.map({ from < $0 }) ?? true {
                entries[keyID]!.revokedFrom = from
                entries[keyID]!.revocationReason = reason
            }
        }
    }

    /// Every key rotations lead to from `keyID`.
    public func successors(of keyID: String) -> [String] {
        var out: [String] = [], queue = entries[keyID]?.successors ?? []
        while let next = queue.first {
            queue.removeFirst()
            guard !out.contains(next), next != keyID else { continue }
            out.append(next)
            queue += entries[next]?.successors ?? []
        }
        return out
    }

    /// The time from which `keyID` signs nothing (the earlier of its revocation and the end of
    /// its rotation overlap), or nil: a receipt by it counts only if proven to exist before then.
    public func validityEnd(of keyID: String) -> ReceiptTime? {
        guard let e = entries[keyID] else { return nil }
        // A revocation the ring could not verify counts as an end too: what the key signed after
        // it is proven only if anchored before it.
        return [e.revokedFrom, e.validUntil, unverifiedRevocations[keyID]].compactMap { $0 }.min()
    }

    /// The end of `keyID`'s validity (``validityEnd(of:)``) when it has come by `millis`, the
    /// earliest time the object signed is proven to exist; nil when the key has no end or it is
    /// still to come then (what exists before an end was not made after it).
    public func validityEnd(of keyID: String, passedBy millis: Int64) -> ReceiptTime? {
        validityEnd(of: keyID).flatMap { $0.millisecondsSinceEpoch <= millis ? $0 : nil }
    }

    /// Whether `publicKey`'s validity end has come by `millis` (``validityEnd(of:passedBy:)``):
    /// such a key proves nothing it signed without a time-stamp from before its end, so a
    /// verifier does not trust it for untimed notes (red team round 16: an equivocation "proven"
    /// and a tlog-proof accepted on notes a revoked key's thief signed).
    public func hasEnded(_ publicKey: Ed25519.PublicKey, by millis: Int64) -> Bool {
        validityEnd(of: LedgerKey.keyID(for: publicKey), passedBy: millis) != nil
    }

    /// Whether key `keyID` may sign a receipt issued at `time`: valid (with the key), invalid
    /// (revoked, rotated out, not yet valid) or indeterminate (unknown key).
    public func status(of keyID: String, at time: ReceiptTime) -> KeyStatus {
        guard let e = entries[keyID] else { return .unknown }
        if let r = e.revokedFrom, time >= r { return .revoked(from: r, reason: e.revocationReason ?? "") }
        if let f = e.validFrom, time < f { return .notYetValid(from: f) }
        if let u = e.validUntil, time >= u { return .rotatedOut(until: u) }
        return .valid(e.publicKey)
    }

    /// Verifies a receipt: its key's validity at `issued_at`, its signature, and its expiry at `now`
    /// (when given).
    public func verify(_ receipt: Receipt, now: ReceiptTime? = nil) -> ReceiptOutcome {
        let publicKey: Ed25519.PublicKey
        switch status(of: receipt.keyID, at: receipt.draft.issuedAt) {
        case .valid where unverifiedRevocations[receipt.keyID].map({ receipt.draft.issuedAt >= $0 }) ?? false:
            return .indeterminate(
                ReceiptError(
                    .unknownKeyID, field: "key_id",
                    "\(receipt.keyID) has a revocation from \(unverifiedRevocations[receipt.keyID]!) that could not be verified with the keys given: give its signer with --ledger-key"
                ))
        case .valid(let k): publicKey = k
        case .unknown:
            if let old = unprovenRotations[receipt.keyID] {
                return .indeterminate(
                    ReceiptError(
                        .unknownKeyID, field: "key_id",
                        "\(receipt.keyID) is known only through a carried rotation from \(old), which is revoked: give it with --ledger-key if you trust it"
                    ))
            }
            return .indeterminate(
                ReceiptError(.unknownKeyID, field: "key_id", "no key \(receipt.keyID) among the keys given"))
        case let other:
            return .invalid(
                ReceiptError(
                    .keyNotValid, field: "key_id", "\(receipt.keyID) \(other) (issued_at \(receipt.draft.issuedAt))"))
        }
        // The entry was found by this key_id and is keyed by its key's own ID (init).
        let verdict = receipt.verifySignature(with: publicKey)
        guard verdict == .valid else { return verdict }
        if let now, let expires = receipt.draft.expiresAt, now >= expires {
            return .invalid(ReceiptError(.expired, field: "expires_at", "expired at \(expires); checked at \(now)"))
        }
        return .valid
    }
}

/// What a ``KeyRing`` says about a key at a time.
public enum KeyStatus: Sendable, Equatable, CustomStringConvertible {
    case valid(Ed25519.PublicKey)
    case unknown
    case revoked(from: ReceiptTime, reason: String)
    case notYetValid(from: ReceiptTime)
    case rotatedOut(until: ReceiptTime)

    public var description: String {
        switch self {
        case .valid: return "is valid"
        case .unknown: return "is unknown"
        case .revoked(let from, let reason): return "is revoked from \(from) (\(reason))"
        case .notYetValid(let from): return "is valid only from \(from)"
        case .rotatedOut(let until): return "was rotated out; valid until \(until)"
        }
    }
}
