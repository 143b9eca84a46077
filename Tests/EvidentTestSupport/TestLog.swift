import EvidentCrypto
import EvidentLedger

/// A transparency log held in memory for witness and equivocation tests: an origin, an Ed25519
/// note key from a fixed seed, and a Merkle tree. Two `TestLog`s with the same seed and origin
/// are two forks of one log (a split view).
public struct TestLog: Sendable {
    public let origin: String
    public let signer: NoteSigner
    public var tree = InMemoryMerkleTree()

    public init(origin: String = "example.com/ledger", seed: UInt8 = 1) throws {
        self.origin = origin
        signer = try NoteSigner(name: origin, key: try Ed25519.SecretKey(seed: [UInt8](repeating: seed, count: 32)))
    }

    /// The log's verifier key (type 0x01, named by the origin).
    public var key: NoteVerifierKey { signer.verifierKey }

    /// Appends leaves `"<tag> <n>"` for n in `range`.
    public mutating func append(_ range: Range<Int>, tag: String = "leaf") throws {
        for n in range { try tree.append(leafData: Array("\(tag) \(n)".utf8)) }
    }

    /// The signed checkpoint note of the tree at `size` (default: its current size).
    public func note(size: UInt64? = nil) throws -> [UInt8] {
        let size = size ?? tree.size
        return try Checkpoint(origin: origin, treeSize: size, rootHash: try tree.rootHash(treeSize: size))
            .signed(by: [signer]).bytes
    }

    public func proof(from old: UInt64, to new: UInt64? = nil) throws -> [MerkleHash] {
        try tree.consistencyProof(from: old, to: new ?? tree.size).path
    }

    /// An add-checkpoint body for the current tree, from `old` (proof included when old > 0).
    public func request(old: UInt64) throws -> [UInt8] {
        AddCheckpointRequest(
            oldSize: old, proof: old == 0 || old == tree.size ? [] : try proof(from: old), checkpoint: try note()
        ).encode()
    }
}

/// A witness's cosigner key from a fixed seed.
public func testWitnessSigner(name: String = "witness.example/w1", seed: UInt8 = 9) throws -> NoteSigner {
    try NoteSigner(
        name: name, key: try Ed25519.SecretKey(seed: [UInt8](repeating: seed, count: 32)), type: .cosignatureV1)
}
