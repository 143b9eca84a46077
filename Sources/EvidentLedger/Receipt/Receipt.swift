import EvidentCore
import EvidentCrypto
import EvidentDER

/// A signed receipt (schema v1, docs/receipt.md): the fields, `key_id`, and an Ed25519
/// signature over the RFC 8785 canonical form of the object without `sig`.
///
/// Reading goes through the strict JCS parser; input that is valid but not canonical is
/// accepted and reported by ``isCanonical``. Everything derived (the signed bytes, the hash)
/// comes from the canonical form, so whitespace or member order never changes a verdict.
public struct Receipt: Sendable, Equatable {
    /// The fields (with any unknown members of a newer minor version in `extensions`).
    public let draft: ReceiptDraft
    public let keyID: String
    /// The 64-byte Ed25519 signature.
    public let signature: [UInt8]
    /// The whole object as read or signed, unknown members included.
    public let object: JCSObject
    /// The RFC 8785 canonical form of the whole signed object.
    public let canonicalBytes: [UInt8]
    /// True when the bytes this receipt was read from were already its canonical form.
    public let isCanonical: Bool

    /// Reads a receipt, checking the schema and ``ReceiptLimits`` (not the signature:
    /// see ``verify(with:)``).
    public init(json: [UInt8]) throws {
        let (object, canonicalBytes) = try ReceiptSchema.parseCanonical(json)
        try self.init(object: object, canonicalBytes: canonicalBytes, isCanonical: canonicalBytes == json)
    }

    /// A receipt just signed from a validated draft (``ReceiptDraft/sign(with:)``).
    init(signing draft: ReceiptDraft, keyID: String, signature: [UInt8], object: JCSObject, canonicalBytes: [UInt8]) {
        self.draft = draft
        self.keyID = keyID
        self.signature = signature
        self.object = object
        self.canonicalBytes = canonicalBytes
        isCanonical = true
    }

    private init(object: JCSObject, canonicalBytes: [UInt8], isCanonical: Bool) throws {
        let decoded = try ReceiptSchema.decode(object, signed: true)
        self.draft = decoded.draft
        self.keyID = decoded.keyID!
        self.signature = decoded.signature!
        self.object = object
        self.canonicalBytes = canonicalBytes
        self.isCanonical = isCanonical
    }

    /// The bytes the signature covers: the canonical form of the object without `sig`.
    public var signedBytes: [UInt8] {
        // Removing a member keeps the others unique, and serialising a parsed object cannot fail.
        let unsigned = JCSObject(uniqueMembers: object.members.filter { $0.key != "sig" })
        return (try? JCS.serialize(.object(unsigned))) ?? []
    }

    /// SHA-256 of the canonical form of the whole signed receipt (with `sig`): what `prev` and
    /// `parents` refer to. The receipt's Merkle leaf is the same canonical bytes (``leafHash``).
    public var receiptHash: [UInt8] {
        (try? Digest.hash(.sha256, canonicalBytes)) ?? []
    }

    public var receiptHashHex: String { Hex.encode(receiptHash) }

    /// The RFC 9162 §2.1.1 leaf hash of this receipt in the ledger's Merkle log:
    /// SHA-256(0x00 ‖ canonical signed receipt).
    public func leafHash() throws -> MerkleHash { try MerkleHash.leaf(canonicalBytes) }

    /// The canonical JSON text.
    public var canonicalJSON: String { String(decoding: canonicalBytes, as: UTF8.self) }

    /// Checks `key_id` against `publicKey` and the signature over ``signedBytes``. Schema and
    /// limits were checked when the receipt was read.
    public func verify(with publicKey: Ed25519.PublicKey) -> ReceiptOutcome {
        let expected = LedgerKey.keyID(for: publicKey)
        guard expected == keyID else {
            return .invalid(
                ReceiptError(.keyIDMismatch, field: "key_id", "receipt names \(keyID); the key given is \(expected)"))
        }
        guard publicKey.isValidSignature(signature, for: signedBytes) else {
            return .invalid(
                ReceiptError(.badSignature, field: "sig", "the Ed25519 signature does not verify under \(keyID)"))
        }
        return .valid
    }

    /// Reads and verifies in one step: a schema or limit failure is an invalid verdict too.
    public static func verify(json: [UInt8], with publicKey: Ed25519.PublicKey) -> ReceiptOutcome {
        do { return try Receipt(json: json).verify(with: publicKey) } catch let e as ReceiptError {
            return .invalid(e)
        } catch {
            return .invalid(ReceiptError(.invalidJSON, "\(error)"))
        }
    }
}
