import EvidentCrypto
import EvidentDER

/// A signed statement about ledger keys (docs/keys.md): a rotation (signed by the old and the
/// new key) or a revocation (signed by the revoked key or one of its successors).
///
/// JSON: the record's members plus `"signatures":[{"key_id":…,"sig":base64}, …]`; each signature
/// is Ed25519 over the RFC 8785 canonical form of the record without `signatures`.
public struct KeyRecord: Sendable, Equatable {
    public enum Body: Sendable, Equatable {
        /// `{"type":"key-rotation","old_key_id","new_key_id","new_public_key","at"}`: from `at`
        /// the new key signs; the old one stays valid for the verifier's overlap window.
        case rotation(oldKeyID: String, newPublicKey: Ed25519.PublicKey, at: ReceiptTime)
        /// `{"type":"key-revocation","key_id","from","reason","at"}`: receipts issued at or after
        /// `from` under `keyID` are invalid. `at` is when the record was made.
        case revocation(keyID: String, from: ReceiptTime, reason: String, at: ReceiptTime)
    }

    public struct Signature: Sendable, Equatable {
        public let keyID: String
        public let signature: [UInt8]
    }

    public static let rotationType = "key-rotation"
    public static let revocationType = "key-revocation"
    /// Longest revocation reason, in UTF-8 bytes.
    public static let maxReasonLength = 512
    /// Most signatures on one record (a rotation has two).
    public static let maxSignatures = 4

    public let body: Body
    public let signatures: [Signature]

    /// The record's members without `signatures`.
    public var bodyObject: JCSObject {
        switch body {
        case .rotation(let old, let new, let at):
            return JCSObject(uniqueMembers: [
                .init("type", .string(KeyRecord.rotationType)), .init("old_key_id", .string(old)),
                .init("new_key_id", .string(LedgerKey.keyID(for: new))),
                .init("new_public_key", .string(Base64.encode(new.rawRepresentation))),
                .init("at", .string(at.description)),
            ])
        case .revocation(let keyID, let from, let reason, let at):
            return JCSObject(uniqueMembers: [
                .init("type", .string(KeyRecord.revocationType)), .init("key_id", .string(keyID)),
                .init("from", .string(from.description)), .init("reason", .string(reason)),
                .init("at", .string(at.description)),
            ])
        }
    }

    /// The bytes every signature covers.
    public var signedBytes: [UInt8] { (try? JCS.serialize(.object(bodyObject))) ?? [] }

    /// A rotation from `old` to `new` at `at`, signed by both.
    public static func rotation(from old: LedgerKey, to new: LedgerKey, at: ReceiptTime) -> KeyRecord {
        sign(.rotation(oldKeyID: old.keyID, newPublicKey: new.publicKey, at: at), with: [old, new])
    }

    /// A revocation of `keyID` from `from`, signed by `signer` (the key itself or a successor).
    public static func revocation(
        of keyID: String, from: ReceiptTime, reason: String, at: ReceiptTime, signedBy signer: LedgerKey
    ) throws -> KeyRecord {
        try FieldReader.checkString(reason, field: "reason", max: maxReasonLength, what: "reason")
        return sign(.revocation(keyID: keyID, from: from, reason: reason, at: at), with: [signer])
    }

    static func sign(_ body: Body, with keys: [LedgerKey]) -> KeyRecord {
        let unsigned = KeyRecord(body: body, signatures: [])
        let bytes = unsigned.signedBytes
        return KeyRecord(
            body: body, signatures: keys.map { Signature(keyID: $0.keyID, signature: $0.signature(for: bytes)) })
    }

    /// True when a signature by `publicKey` is on the record and verifies.
    public func isSigned(by publicKey: Ed25519.PublicKey) -> Bool {
        let id = LedgerKey.keyID(for: publicKey)
        let bytes = signedBytes
        return signatures.contains { $0.keyID == id && publicKey.isValidSignature($0.signature, for: bytes) }
    }

    /// The canonical JSON of the signed record.
    public func encoded() throws -> [UInt8] {
        let sigs = JCSValue.array(
            try signatures.map {
                .object(
                    try JCSObject([
                        .init("key_id", .string($0.keyID)), .init("sig", .string(Base64.encode($0.signature))),
                    ]))
            })
        return try JCS.serialize(.object(try JCSObject(bodyObject.members + [.init("signatures", sigs)])))
    }

    /// Reads a record, checking its shape (signatures are checked by ``KeyRing``, which knows the keys).
    public init(json: [UInt8]) throws {
        guard json.count <= KeyFileIO.maxFileSize else {
            throw KeyError(.tooLarge, "record larger than \(KeyFileIO.maxFileSize) bytes")
        }
        let o: JCSObject
        do {
            guard case .object(let obj) = try JCS.parse(json) else {
                throw KeyError(.invalidRecord, "a key record is a JSON object")
            }
            o = obj
        } catch let e as JCSError { throw KeyError(.invalidRecord, "not JSON: \(e)") }
        func str(_ k: String) throws -> String {
            guard case .string(let s)? = o[k] else {
                throw KeyError(.invalidRecord, "\(k) is required and must be a string")
            }
            return s
        }
        func time(_ k: String) throws -> ReceiptTime {
            do { return try ReceiptTime(try str(k)) } catch let e as ReceiptError {
                throw KeyError(.invalidRecord, "\(k): \(e.detail)")
            }
        }
        func keyID(_ k: String) throws -> String {
            let s = try str(k)
            guard LedgerKey.isValidKeyID(s) else { throw KeyError(.invalidRecord, "\(k) is not a key id") }
            return s
        }
        let known: Set<String>
        switch try str("type") {
        case KeyRecord.rotationType:
            known = ["type", "old_key_id", "new_key_id", "new_public_key", "at", "signatures"]
            guard let raw = Base64.decode(try str("new_public_key")), raw.count == Ed25519.publicKeyLength else {
                throw KeyError(.invalidRecord, "new_public_key must be base64 of 32 bytes")
            }
            let new = try Ed25519.PublicKey(rawRepresentation: raw)
            guard try keyID("new_key_id") == LedgerKey.keyID(for: new) else {
                throw KeyError(.keyMismatch, "new_key_id is not the id of new_public_key")
            }
            body = .rotation(oldKeyID: try keyID("old_key_id"), newPublicKey: new, at: try time("at"))
        case KeyRecord.revocationType:
            known = ["type", "key_id", "from", "reason", "at", "signatures"]
            let reason = try str("reason")
            do {
                try FieldReader.checkString(reason, field: "reason", max: KeyRecord.maxReasonLength, what: "reason")
            } catch let e as ReceiptError {
                throw KeyError(.invalidRecord, e.description)
            }
            body = .revocation(keyID: try keyID("key_id"), from: try time("from"), reason: reason, at: try time("at"))
        case let other:
            throw KeyError(.invalidRecord, "type \"\(other.prefix(40))\" is not key-rotation or key-revocation")
        }
        if let extra = o.keys.first(where: { !known.contains($0) }) {
            throw KeyError(.invalidRecord, "unknown member \"\(extra.prefix(40))\"")
        }
        guard case .array(let list)? = o["signatures"], !list.isEmpty, list.count <= KeyRecord.maxSignatures else {
            throw KeyError(.invalidRecord, "signatures must be an array of 1 to \(KeyRecord.maxSignatures) entries")
        }
        signatures = try list.map { v in
            guard case .object(let s) = v, Set(s.keys) == ["key_id", "sig"], case .string(let id)? = s["key_id"],
                LedgerKey.isValidKeyID(id),
                case .string(let sig)? = s["sig"], let bytes = Base64.decode(sig),
                bytes.count == Ed25519.signatureLength
            else { throw KeyError(.invalidRecord, "each signature is {key_id, sig: base64 of 64 bytes}") }
            return Signature(keyID: id, signature: bytes)
        }
    }

    init(body: Body, signatures: [Signature]) {
        self.body = body
        self.signatures = signatures
    }
}
