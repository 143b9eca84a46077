/// What a witness holds for one log: the latest checkpoint it cosigned — its size, root hash,
/// and the note as served to monitors (the log's verified signatures and the witness's own
/// cosignature).
public struct WitnessRecord: Hashable, Sendable {
    public let size: UInt64
    public let root: MerkleHash
    public let note: [UInt8]

    public init(size: UInt64, root: MerkleHash, note: [UInt8]) {
        self.size = size
        self.root = root
        self.note = note
    }
}
