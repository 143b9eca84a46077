import EvidentCrypto
import EvidentDER

/// The fields of a receipt before it is signed: everything of schema v1 except `key_id` and
/// `sig` (docs/receipt.md). ``sign(with:)`` checks the schema and limits, adds the key id and
/// signs the RFC 8785 canonical form.
public struct ReceiptDraft: Sendable, Equatable {
    public enum Decision: String, Sendable, Equatable, CaseIterable {
        case allow, deny
    }

    /// The policy in force when the decision was made: its id, version and the SHA-256 of its text.
    public struct Policy: Sendable, Equatable {
        public var id: String
        public var version: String
        /// Lower-case hex SHA-256 of the policy document.
        public var hash: String
        public init(id: String, version: String, hash: String) {
            self.id = id
            self.version = version
            self.hash = hash
        }
    }

    /// One piece of evidence, by name and lower-case hex SHA-256 (never the content).
    public struct Evidence: Sendable, Equatable {
        public var name: String
        public var sha256: String
        public init(name: String, sha256: String) {
            self.name = name
            self.sha256 = sha256
        }
    }

    /// One approval: who approved, when, and what they approved.
    public struct Approval: Sendable, Equatable {
        public var who: String
        public var at: ReceiptTime
        public var what: String
        public init(who: String, at: ReceiptTime, what: String) {
            self.who = who
            self.at = at
            self.what = what
        }
    }

    /// `v`: "1.minor". Writers of this version write "1.0".
    public var version: String = ReceiptSchema.currentVersion
    public var stream: String
    /// `seq`: 1 for the first receipt of a stream.
    public var sequence: Int64
    /// `prev`: lower-case hex receipt hash of receipt `sequence − 1` of the stream; nil for seq 1.
    public var previous: String?
    public var issuedAt: ReceiptTime
    /// True when the caller gave no `issued_at` and ``Minter/draft(json:nowMillis:)`` filled it
    /// in: the ledger's clock decides it at append, and no skew check applies (a draft queued
    /// behind a busy committer is not the caller's claim about time). Not part of the receipt.
    public var issuedAtIsAssigned = false
    /// The client's idempotency key (`request_id` in a draft, `Idempotency-Key` over HTTP,
    /// `mint --request-id`): **not signed content** — it is the client's retry handle, kept by
    /// the ledger's store beside the receipt, never in it (docs/receipt.md, "Idempotent minting").
    public var requestID: String?
    public var decision: Decision
    public var actor: String
    public var action: String
    public var resource: String
    public var scope: [String: String] = [:]
    public var policy: Policy
    public var evidence: [Evidence] = []
    public var approvals: [Approval] = []
    /// Receipt hashes (lower-case hex) of the decisions this one derives from.
    public var parents: [String] = []
    public var expiresAt: ReceiptTime?
    /// Lower-case hex SHA-256 of the newest anchor token known at mint time.
    public var anchor: String?
    /// Members a newer minor version defines that this version does not know, kept as they are
    /// so that a round trip (and a re-signature) preserves them.
    public var extensions: [JCSObject.Member] = []

    public init(
        stream: String, sequence: Int64, previous: String?, issuedAt: ReceiptTime, decision: Decision,
        actor: String, action: String, resource: String, policy: Policy
    ) {
        self.stream = stream
        self.sequence = sequence
        self.previous = previous
        self.issuedAt = issuedAt
        self.decision = decision
        self.actor = actor
        self.action = action
        self.resource = resource
        self.policy = policy
    }

    /// Reads a draft: a JSON object with the fields of a receipt but no `key_id` and no `sig`,
    /// checked against the schema and ``ReceiptLimits``.
    public init(json: [UInt8]) throws {
        let object = try ReceiptSchema.parseObject(json)
        for name in ["key_id", "sig"] where object[name] != nil {
            throw ReceiptError(.unknownField, field: name, "a draft has no \(name); signing adds it")
        }
        self = try ReceiptSchema.decode(object, signed: false).draft
    }

    /// A request id: 1…128 printable ASCII characters (no spaces).
    public static func checkRequestID(_ id: String) throws {
        guard (1...128).contains(id.utf8.count), id.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw ReceiptError(
                .invalidValue, field: "request_id", "a request id is 1…128 printable ASCII characters without spaces")
        }
    }

    /// SHA-256 of what the client asked for, for idempotent minting: the draft's canonical form
    /// with what the ledger assigns left out (`seq`, `prev`, an assigned `issued_at`, an
    /// `anchor` the minter adds), so a retry of the same draft has the same digest.
    public func contentDigest() throws -> [UInt8] {
        var d = self
        d.sequence = 1
        d.previous = nil
        if issuedAtIsAssigned { d.issuedAt = try ReceiptTime(millisecondsSinceEpoch: 0) }
        return try Digest.hash(.sha256, d.canonicalBytes())
    }

    /// The RFC 8785 canonical form of the draft as a JSON object (no `key_id`, no `sig`),
    /// written on bytes (``ReceiptWriter``); the schema is not checked.
    public func canonicalBytes() throws -> [UInt8] {
        let written = try ReceiptWriter.unsigned(self, keyID: nil)
        if let e = written.deferred { throw e }
        return written.bytes
    }

    /// Checks the schema and limits, then signs the canonical form of the draft plus `key_id`
    /// with `key` (Ed25519, RFC 8032; deterministic, so the same draft and key give the same bytes).
    public func sign(with key: LedgerKey) throws -> Receipt {
        let unsigned = try ReceiptWriter.unsigned(self, keyID: key.keyID)
        // One validation path: what we sign is exactly what a reader accepts, and the receipt
        // carries the fields as that reader decodes them.
        let draft = try ReceiptSchema.readUnsigned(unsigned.bytes)
        if let e = unsigned.deferred { throw e }
        let signature = key.signature(for: unsigned.bytes)
        // The signed object is the unsigned one plus `sig` (a member it cannot already have):
        // a splice, no second encoding and no second reading of what was just checked.
        let signed = ReceiptWriter.insertingSignature(signature, into: unsigned.bytes, at: unsigned.sigOffset)
        return Receipt(
            draft: draft, keyID: key.keyID, signature: signature, canonicalBytes: signed.bytes, isCanonical: true,
            sigRange: signed.sigRange)
    }
}
