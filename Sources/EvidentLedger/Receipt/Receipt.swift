import EvidentCore
import EvidentCrypto
import EvidentDER

/// A signed receipt (schema v1, docs/receipt.md): the fields, `key_id`, and an Ed25519
/// signature over the RFC 8785 canonical form of the object without `sig`.
///
/// Reading takes the receipt on its bytes (``ReceiptByteReader``) when they are the canonical
/// form of a valid receipt, and otherwise goes through the strict JCS parser and the schema on
/// the tree, which give the verdict: input that is valid but not canonical is accepted and
/// reported by ``isCanonical``. Everything derived (the signed bytes, the hash) comes from the
/// canonical form, so whitespace or member order never changes a verdict.
public struct Receipt: Sendable, Equatable {
    /// The fields (with any unknown members of a newer minor version in `extensions`).
    public let draft: ReceiptDraft
    public let keyID: String
    /// The 64-byte Ed25519 signature.
    public let signature: [UInt8]
    /// The RFC 8785 canonical form of the whole signed object.
    public let canonicalBytes: [UInt8]
    /// True when the bytes this receipt was read from were already its canonical form.
    public let isCanonical: Bool
    /// The bytes of the `sig` member (with the ',' before it) in ``canonicalBytes``: the signed
    /// bytes are the canonical bytes without them.
    let sigRange: Range<Int>

    /// Reads a receipt, checking the schema and ``ReceiptLimits`` (not the signature:
    /// see ``verify(with:)``): on its bytes when they are the canonical form of a valid receipt
    /// (``readingBytes(_:)``), else on the tree (``readingTree(_:)``), whose verdict and error
    /// stand.
    public init(json: [UInt8]) throws {
        self = try Receipt.readingBytes(json) ?? Receipt.readingTree(json)
    }

    /// The receipt when `json` is exactly the RFC 8785 canonical form of a valid schema v1
    /// receipt without members of a newer minor version, read in one pass over the bytes
    /// without a JSON tree; nil for anything else (never an error: ``init(json:)`` asks the
    /// tree then). Public for the differential tests and the fuzzer.
    public static func readingBytes(_ json: [UInt8]) -> Receipt? {
        guard let read = ReceiptByteReader.read(json, signed: true), let signature = read.signature else {
            return nil
        }
        return Receipt(
            draft: read.draft, keyID: read.keyID, signature: signature, canonicalBytes: json, isCanonical: true,
            sigRange: read.sigRange)
    }

    /// The receipt as the strict JCS parser and the schema on its tree read it (any valid JSON
    /// spelling; ``isCanonical`` says whether it was the canonical one): the oracle of
    /// ``readingBytes(_:)``, and the reader of everything that is not canonical.
    public static func readingTree(_ json: [UInt8]) throws -> Receipt {
        let (object, canonicalBytes) = try ReceiptSchema.parseCanonical(json)
        let decoded = try ReceiptSchema.decode(object, signed: true)
        let unsigned = try JCS.serialize(.object(JCSObject(uniqueMembers: object.members.filter { $0.key != "sig" })))
        // The canonical form is the unsigned one with `,"sig":"…"` inserted: the two agree up
        // to a few bytes into that member (`,"s` of `,"stream"`), so it starts at the last
        // `,"sig":"` at or before where they first differ.
        var at = zip(canonicalBytes, unsigned).prefix { $0 == $1 }.count
        let member = Array(#","sig":""#.utf8)
        while !canonicalBytes[at...].starts(with: member) { at -= 1 }
        return Receipt(
            draft: decoded.draft, keyID: decoded.keyID!, signature: decoded.signature!,
            canonicalBytes: canonicalBytes, isCanonical: canonicalBytes == json,
            sigRange: at..<(at + canonicalBytes.count - unsigned.count))
    }

    /// A receipt read or just signed (``ReceiptDraft/sign(with:)``).
    init(
        draft: ReceiptDraft, keyID: String, signature: [UInt8], canonicalBytes: [UInt8], isCanonical: Bool,
        sigRange: Range<Int>
    ) {
        self.draft = draft
        self.keyID = keyID
        self.signature = signature
        self.canonicalBytes = canonicalBytes
        self.isCanonical = isCanonical
        self.sigRange = sigRange
    }

    /// The whole object, unknown members included, as a JSON tree (parsed from the canonical
    /// bytes on each call: nothing on the receipt paths needs it).
    public var object: JCSObject {
        guard case .object(let o)? = try? JCS.parse(canonicalBytes, limits: ReceiptSchema.writtenLimits) else {
            return .empty
        }
        return o
    }

    /// The bytes the signature covers: the canonical form of the object without `sig`, a
    /// splice of ``canonicalBytes``.
    public var signedBytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(canonicalBytes.count - sigRange.count)
        out.append(contentsOf: canonicalBytes[..<sigRange.lowerBound])
        out.append(contentsOf: canonicalBytes[sigRange.upperBound...])
        return out
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
        return verifySignature(with: publicKey)
    }

    /// The signature over ``signedBytes`` alone, for a caller that found `publicKey` by this
    /// receipt's `key_id` (``KeyRing``: its entries are keyed by the ID of their own key), so
    /// the ID is not derived again per receipt.
    func verifySignature(with publicKey: Ed25519.PublicKey) -> ReceiptOutcome {
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
