import EvidentCore

/// A witness a ledger asks for cosignatures (c2sp.org/tlog-witness): its name, its cosigner key
/// (signature type 0x04, named by the witness) and its submission prefix. Kept in the ledger's
/// store, so every writer of a shared ledger asks the same witnesses.
public struct LedgerWitness: Sendable, Hashable {
    /// The witness's name: its key's name.
    public var name: String { key.name }
    public let key: NoteVerifierKey
    /// The submission prefix; requests go to `<url>/add-checkpoint`.
    public let url: String
    public let addedAtMillis: Int64

    /// Longest submission prefix accepted.
    public static let maxURLLength = 2048

    /// Checks what `ledger witness add` is given: a cosignature/v1 key (type 0x04) and an
    /// http(s) URL without white space.
    public init(key: NoteVerifierKey, url: String, addedAtMillis: Int64) throws {
        guard key.type == .cosignatureV1 else {
            throw LedgerStoreError(
                .invalidRequest,
                "the witness key \(key.name) is of signature type 0x\(Hex.encode([key.type.rawValue])); a witness cosigns with type 0x04 (cosignature/v1, c2sp.org/tlog-cosignature)"
            )
        }
        let lower = url.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://"), url.utf8.count <= Self.maxURLLength,
            !url.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 })
        else {
            throw LedgerStoreError(
                .invalidRequest,
                "the witness URL must be an http:// or https:// submission prefix of at most \(Self.maxURLLength) bytes without white space"
            )
        }
        self.key = key
        self.url = url
        self.addedAtMillis = addedAtMillis
    }

    /// The add-checkpoint endpoint under the submission prefix.
    public var addCheckpointURL: String { (url.hasSuffix("/") ? String(url.dropLast()) : url) + "/add-checkpoint" }
}

/// A witness's cosignature of one of the ledger's checkpoints, as collected: kept beside the
/// checkpoint (whose stored note bytes never change), so the cosigned note is the stored note
/// followed by these lines.
public struct StoredCosignature: Sendable, Hashable {
    public let treeSize: UInt64
    public let witnessName: String
    public let keyHash: UInt32
    /// The signature line, `— <name> <base64>`, without its newline.
    public let line: String
    /// The cosignature's timestamp (POSIX seconds), from the signature bytes.
    public let timestamp: UInt64
    public let collectedAtMillis: Int64

    public init(
        treeSize: UInt64, witnessName: String, keyHash: UInt32, line: String, timestamp: UInt64,
        collectedAtMillis: Int64
    ) {
        self.treeSize = treeSize
        self.witnessName = witnessName
        self.keyHash = keyHash
        self.line = line
        self.timestamp = timestamp
        self.collectedAtMillis = collectedAtMillis
    }

    /// The cosignature of `signature` (a verified line by `key`) over the checkpoint of `treeSize`.
    public init(treeSize: UInt64, signature: SignedNote.Signature, collectedAtMillis: Int64) throws {
        guard let timestamp = Cosignature.timestamp(of: signature.signature) else {
            throw LedgerStoreError(.invalidRequest, "not a cosignature/v1 by \(signature.name)")
        }
        self.init(
            treeSize: treeSize, witnessName: signature.name, keyHash: signature.keyHash, line: signature.line,
            timestamp: timestamp, collectedAtMillis: collectedAtMillis)
    }

    /// The timestamp in milliseconds since the epoch (saturating).
    public var timestampMillis: Int64 {
        timestamp > UInt64(Int64.max / 1000) ? Int64.max : Int64(timestamp) * 1000
    }

    /// Whether this cosignature is by `witness`'s configured key.
    public func isBy(_ witness: LedgerWitness) -> Bool {
        witnessName == witness.name && keyHash == witness.key.keyHash
    }

    /// The checkpoint's note as cosigned: the stored log-signed note bytes, byte for byte,
    /// followed by `cosignatures`' lines (c2sp.org/signed-note: further signature lines after
    /// the last). Nil without cosignatures.
    public static func cosignedNote(_ note: [UInt8], _ cosignatures: [StoredCosignature]) -> [UInt8]? {
        guard !cosignatures.isEmpty else { return nil }
        return note + cosignatures.flatMap { Array($0.line.utf8) + [0x0A] }
    }
}
