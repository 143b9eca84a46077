import EvidentCore
import EvidentCrypto

/// Where a ledger keeps its receipts, per-stream chain heads, the Merkle log's interior hashes
/// and its checkpoints. SQLite is the embedded implementation; PostgreSQL follows (issue #8).
///
/// The sequencing rule lives here, once, for every implementation (``SequencedBatch``): an append
/// runs inside one write transaction that (1) reads the batch's stream heads, (2) asks the caller
/// to build each entry for exactly the next sequence number and previous hash (the caller signs
/// it there: `seq` and `prev` are signed content; the batch's streams on every core), (3)
/// inserts them at the next global indexes, (4) appends their leaves to the Merkle log, (5) moves
/// the heads — and returns only once the transaction is durable. Two writers, in one process or
/// several, can therefore never fork a stream or reuse an index. The store also hands the
/// builder the `issued_at` of the newest stored entry and refuses an entry issued before the one
/// before it, so the ledger's time is monotone in log order (docs/verification.md, "Completeness").
public protocol LedgerStore: AnyObject, Sendable {
    /// Appends a batch atomically (group commit): all entries or none; durable when it returns.
    /// One entry per request, in the requests' order (a replayed request: the stored entry).
    func append(_ requests: [AppendRequest]) throws -> [LedgerEntry]
    /// The head of a stream, or nil for a stream with no entries.
    func head(of stream: String) throws -> StreamHead?
    /// All stream heads, by name.
    func heads() throws -> [StreamHead]
    func entry(index: UInt64) throws -> LedgerEntry?
    func entry(hash: [UInt8]) throws -> LedgerEntry?
    /// Entries matching `query`, in global order.
    func search(_ query: LedgerQuery) throws -> [LedgerEntry]
    /// How many entries the store holds with an index in [from, before) (an exporter reading
    /// only a selection checks with it that none of the log is missing).
    func entryCount(from: UInt64, before: UInt64) throws -> UInt64
    /// The Merkle log's stored hashes (roots and proofs in O(log n) reads).
    var merkle: any MerkleHashStore { get }
    /// Records a signed checkpoint (idempotent per tree size).
    func saveCheckpoint(_ checkpoint: StoredCheckpoint) throws
    /// The newest checkpoint, or nil.
    func latestCheckpoint() throws -> StoredCheckpoint?
    func checkpoints() throws -> [StoredCheckpoint]
    /// Appends a key record (rotation or revocation, canonical JSON) to the ledger's key journal;
    /// idempotent for identical bytes.
    func addKeyRecord(_ record: [UInt8], addedAtMillis: Int64) throws
    /// The key journal, oldest first.
    func keyRecords() throws -> [[UInt8]]
    /// Records an anchor (a verified RFC 3161 token over a checkpoint); idempotent per token.
    func saveAnchor(_ anchor: StoredAnchor) throws
    /// Anchors, oldest first; only those of checkpoints of `treeSize` when given.
    func anchors(treeSize: UInt64?) throws -> [StoredAnchor]
    /// The anchor with the latest genTime, or nil (one indexed read: minting asks for it per batch).
    func newestAnchor() throws -> StoredAnchor?
    /// The distinct TSA chains (``StoredAnchor/chainPEM``) the anchors were validated with, in
    /// the order first stored: a handful of rows however many anchors there are.
    func anchorChains() throws -> [String]
    /// Configures a witness (c2sp.org/tlog-witness) the ledger asks for cosignatures; refuses
    /// a name already configured (``ErrorCode/witnessExists``).
    func addWitness(_ witness: LedgerWitness) throws
    /// Removes the witness of that name; false when none is configured. Its cosignatures stay.
    func removeWitness(name: String) throws -> Bool
    /// The configured witnesses, by name.
    func witnesses() throws -> [LedgerWitness]
    /// Records cosignatures of stored checkpoints, all or none; idempotent per (tree size,
    /// witness name, key hash): the first one kept stays.
    func saveCosignatures(_ cosignatures: [StoredCosignature]) throws
    /// Cosignatures, by tree size then witness name; only those of `treeSize` when given.
    func cosignatures(treeSize: UInt64?) throws -> [StoredCosignature]
    /// Per witness key (name and key hash), the cosignature of the largest tree size, by name.
    func newestCosignatures() throws -> [StoredCosignature]
    /// Stores an evidence record for (anchor, slot) as a compare-and-swap: `replacing` nil inserts
    /// and refuses when the slot already holds one; otherwise the stored bytes must equal
    /// `replacing` (another writer's renewal in between is refused, nothing lost). Both refusals
    /// are ``ErrorCode/evidenceRecordConflict``; an anchor the ledger does not hold is
    /// ``ErrorCode/unknownAnchor``. One write transaction.
    func saveEvidenceRecord(_ record: StoredEvidenceRecord, replacing previous: [UInt8]?) throws
    /// Evidence records by tree size, anchor hash, slot; only those of `treeSize` when given.
    func evidenceRecords(treeSize: UInt64?) throws -> [StoredEvidenceRecord]
    /// The entry a stream's `request_id` minted, with the digest of the draft it was minted for
    /// (idempotent minting, issue #14), or nil.
    func request(stream: String, id: String) throws -> (digest: [UInt8], entry: LedgerEntry)?
}

/// An anchor: a time-stamp token (from one TSA) over SHA-256 of a checkpoint's signed note, with
/// what is needed to validate it at its genTime years later, offline.
public struct StoredAnchor: Sendable, Hashable {
    /// The checkpoint's tree size (the anchored checkpoint is the stored one of that size).
    public let treeSize: UInt64
    /// SHA-256 of the checkpoint note bytes: the token's message imprint.
    public let checkpointHash: [UInt8]
    public let tsaURL: String
    /// The TimeStampResp as received (DER).
    public let response: [UInt8]
    /// The request sent (DER), so nonce and policy can be re-checked.
    public let request: [UInt8]
    /// genTime, milliseconds since the epoch.
    public let genTimeMillis: Int64
    /// The TSA's validated chain at anchoring time, PEM, leaf first.
    public let chainPEM: String
    /// Revocation data captured right after stamping (PEM X509 CRL / OCSP RESPONSE blocks), or empty.
    public let revocationPEM: String
    public let createdAtMillis: Int64

    public init(
        treeSize: UInt64, checkpointHash: [UInt8], tsaURL: String, response: [UInt8], request: [UInt8],
        genTimeMillis: Int64,
        chainPEM: String, revocationPEM: String, createdAtMillis: Int64
    ) {
        self.treeSize = treeSize
        self.checkpointHash = checkpointHash
        self.tsaURL = tsaURL
        self.response = response
        self.request = request
        self.genTimeMillis = genTimeMillis
        self.chainPEM = chainPEM
        self.revocationPEM = revocationPEM
        self.createdAtMillis = createdAtMillis
    }
}

/// One append: the stream, and how to build the entry once its sequence number and previous
/// hash are known, with the issued_at of the newest entry stored before the batch (ms; nil for
/// an empty log). Called inside the write transaction by ``SequencedBatch``: a stream's entries
/// in order, different streams possibly at the same time on different cores (so `build` is
/// `@Sendable`); the store refuses an entry issued before the one before it in the log.
public struct AppendRequest: Sendable {
    public typealias Build =
        @Sendable (_ sequence: UInt64, _ previousHash: [UInt8]?, _ logTimeMillis: Int64?) throws
        -> PreparedEntry
    public let stream: String
    public let build: Build
    /// The client's idempotency key for this append, unique per stream, with the digest of the
    /// draft's content: a repeat with the same digest gets the entry minted the first time (no
    /// new entry), one with another digest is refused (``ErrorCode/requestConflict``).
    public var requestKey: RequestKey?
    /// The entry `build` made ahead of the transaction (``SequencedBatch/presign(_:heads:logTimeMillis:workers:)``),
    /// for the arguments it names. The store uses it instead of calling `build` only when it would
    /// call `build` with exactly those arguments, which is sound because a presigning caller's
    /// `build` is a deterministic function of its arguments (the Minter's is: its clock reading,
    /// draft and key are fixed per batch, and Ed25519 signatures are deterministic). Otherwise
    /// it calls `build`, as without it.
    public var presigned: Presigned?

    /// An entry built ahead of its transaction, with the arguments it was built for.
    public struct Presigned: Sendable {
        public let sequence: UInt64
        public let previousHash: [UInt8]?
        public let logTimeMillis: Int64?
        public let prepared: PreparedEntry
        /// SHA-256 of the body, and its RFC 9162 leaf hash.
        public let hash: [UInt8]
        public let leafHash: MerkleHash
    }

    public struct RequestKey: Sendable, Hashable {
        public let id: String
        public let digest: [UInt8]
        public init(id: String, digest: [UInt8]) {
            self.id = id
            self.digest = digest
        }

        /// The key of `id` within `stream` for a store's lookup tables (ids are unique per stream).
        /// Byte-exact (``ExactText``): two streams or ids that are canonically equivalent but
        /// spelt differently are different keys, as they are in the store.
        public static func slot(stream: String, id: String) -> ExactText { ExactText(stream + "\u{0}" + id) }

        /// What a request with this key gets instead of a new entry.
        public enum Replay: Sendable {
            /// Nothing: mint.
            case none
            /// The entry the store already holds for this key.
            case stored(LedgerEntry)
            /// The entry an earlier request of the same batch mints for this key.
            case earlierInBatch
        }

        /// The one idempotency rule for every store and the minter's pre-check: `existing` is
        /// what the store holds for this key in `stream`, `earlierDigest` the digest of the
        /// request of this batch that mints for it (if one does). Throws on a different draft.
        public func replay(
            stream: String, existing: (digest: [UInt8], entry: LedgerEntry)?, earlierDigest: [UInt8]?
        ) throws -> Replay {
            // This batch's own first (a store may already see it as existing) before an earlier batch's.
            if let earlierDigest {
                guard earlierDigest == digest else {
                    // Both in this batch: the first is not stored either, so name no receipt.
                    throw LedgerStoreError(
                        .requestConflict,
                        "request_id \(id) of stream \(stream) is used twice in one batch for different drafts; nothing of the batch was stored"
                    )
                }
                return .earlierInBatch
            }
            guard let existing else { return .none }
            guard existing.digest == digest else {
                throw LedgerStoreError(
                    .requestConflict,
                    "request_id \(id) of stream \(stream) was already used for a different draft: receipt \(Hex.encode(existing.entry.hash))"
                )
            }
            return .stored(existing.entry)
        }
    }

    public init(stream: String, requestKey: RequestKey? = nil, build: @escaping Build) {
        self.stream = stream
        self.requestKey = requestKey
        self.build = build
    }

    /// This request's key for a store's lookup tables, when it has a request id.
    public var requestSlot: ExactText? { requestKey.map { RequestKey.slot(stream: stream, id: $0.id) } }

    /// The limits every store enforces on a batch (size, stream names).
    public static func checkBatch(_ requests: [AppendRequest]) throws {
        guard requests.count <= LedgerLimits.maxBatch else {
            throw LedgerStoreError(
                .invalidRequest, "\(requests.count) appends in one batch, the limit is \(LedgerLimits.maxBatch)")
        }
        for r in requests where r.stream.isEmpty || r.stream.utf8.count > LedgerLimits.maxStreamName {
            throw LedgerStoreError(.invalidRequest, "stream name must be 1…\(LedgerLimits.maxStreamName) bytes")
        }
    }
}

/// What the caller hands the store for one append: the canonical signed receipt and the fields
/// the store indexes for search.
public struct PreparedEntry: Sendable {
    public var body: [UInt8]
    public var issuedAtMillis: Int64
    public var decision: String
    public var action: String
    public var resource: String
    public var keyID: String
    public var policyID: String?

    public init(
        body: [UInt8], issuedAtMillis: Int64, decision: String, action: String, resource: String, keyID: String,
        policyID: String?
    ) {
        self.body = body
        self.issuedAtMillis = issuedAtMillis
        self.decision = decision
        self.action = action
        self.resource = resource
        self.keyID = keyID
        self.policyID = policyID
    }
}

/// A stored entry.
public struct LedgerEntry: Sendable, Hashable {
    /// Global position: the Merkle leaf index.
    public let index: UInt64
    public let stream: String
    public let sequence: UInt64
    /// SHA-256 of `body`: the receipt hash that the next entry of the stream chains to.
    public let hash: [UInt8]
    public let previousHash: [UInt8]?
    public let body: [UInt8]
    public let issuedAtMillis: Int64
    public let decision: String
    public let action: String
    public let resource: String
    public let keyID: String
    public let policyID: String?

    public init(
        index: UInt64, stream: String, sequence: UInt64, hash: [UInt8], previousHash: [UInt8]?,
        prepared p: PreparedEntry
    ) {
        self.index = index
        self.stream = stream
        self.sequence = sequence
        self.hash = hash
        self.previousHash = previousHash
        body = p.body
        issuedAtMillis = p.issuedAtMillis
        decision = p.decision
        action = p.action
        resource = p.resource
        keyID = p.keyID
        policyID = p.policyID
    }

    /// The entry's RFC 9162 leaf hash, SHA-256(0x00 ‖ body).
    public var leafHash: MerkleHash { get throws { try MerkleHash.leaf(body) } }
}

public struct StreamHead: Sendable, Hashable {
    public let stream: String
    public let sequence: UInt64
    public let hash: [UInt8]

    public init(stream: String, sequence: UInt64, hash: [UInt8]) {
        self.stream = stream
        self.sequence = sequence
        self.hash = hash
    }
}

/// Search criteria; nil means "any". Times are milliseconds since the epoch, `to` exclusive.
public struct LedgerQuery: Sendable, Hashable {
    public var stream: String?
    public var decision: String?
    public var action: String?
    public var resource: String?
    public var keyID: String?
    public var policyID: String?
    public var from: Int64?
    public var to: Int64?
    /// Only entries after this global index (paging: pass the last index of the previous page).
    public var afterIndex: UInt64?
    /// Only entries before this global index (a window of the log, with ``afterIndex``).
    public var beforeIndex: UInt64?
    public var limit: Int = LedgerLimits.defaultSearchLimit

    /// The equality criteria given, as (store column, value), in a fixed order: the stores'
    /// schemas name these columns alike.
    public var columnEqualities: [(column: String, value: String)] {
        [
            ("stream", stream), ("decision", decision), ("action", action), ("resource", resource), ("key_id", keyID),
            ("policy_id", policyID),
        ]
        .compactMap { c, v in v.map { (c, $0) } }
    }

    public init(
        stream: String? = nil, decision: String? = nil, action: String? = nil, resource: String? = nil,
        keyID: String? = nil,
        policyID: String? = nil, from: Int64? = nil, to: Int64? = nil
    ) {
        self.stream = stream
        self.decision = decision
        self.action = action
        self.resource = resource
        self.keyID = keyID
        self.policyID = policyID
        self.from = from
        self.to = to
    }
}

public struct StoredCheckpoint: Sendable, Hashable {
    public let treeSize: UInt64
    public let rootHash: [UInt8]
    /// The signed note text (C2SP tlog-checkpoint + signatures).
    public let note: [UInt8]
    public let createdAtMillis: Int64

    public init(treeSize: UInt64, rootHash: [UInt8], note: [UInt8], createdAtMillis: Int64) {
        self.treeSize = treeSize
        self.rootHash = rootHash
        self.note = note
        self.createdAtMillis = createdAtMillis
    }
}

public enum LedgerLimits {
    /// Most entries one search returns unless asked for more.
    public static let defaultSearchLimit = 1000
    /// Most appends in one batch (group commit).
    public static let maxBatch = 10_000
    /// Longest stream name (bytes).
    public static let maxStreamName = 256
}

/// A failure of the store, with an opaque code.
public struct LedgerStoreError: CodedError, Hashable {
    public typealias Code = ErrorCode<LedgerStoreError>

    public let code: Code
    public let detail: String

    public init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }
}

extension ErrorCode where Owner == LedgerStoreError {
    public static let invalidRequest = Self("invalid-request")
    /// A request_id reused for a different draft (idempotent minting).
    public static let requestConflict = Self("request-conflict")
    public static let corrupt = Self("corrupt-store")
    public static let io = Self("io")
    public static let notInitialized = Self("not-initialized")
    public static let alreadyInitialized = Self("already-initialized")
    /// A witness of that name is already configured.
    public static let witnessExists = Self("witness-exists")
    /// An evidence record's compare-and-swap found other bytes in its slot: one already there on
    /// insert, or not the one being replaced (another renewal came first).
    public static let evidenceRecordConflict = Self("evidence-record-conflict")
    /// An evidence record for an anchor the ledger does not hold.
    public static let unknownAnchor = Self("unknown-anchor")
}
