import EvidentCore
import EvidentCrypto
import EvidentDER

/// A node of an RFC 9162 Merkle tree with SHA-256: 32 bytes.
public struct MerkleHash: Hashable, Sendable, CustomStringConvertible {
    public static let byteCount = 32

    public let bytes: [UInt8]

    public init(_ bytes: [UInt8]) throws {
        guard bytes.count == MerkleHash.byteCount else {
            throw MerkleError(
                .invalidHashLength, "a SHA-256 Merkle hash is \(MerkleHash.byteCount) bytes, not \(bytes.count)")
        }
        self.bytes = bytes
    }

    /// Standard padded base64, as in checkpoints and the transparency-dev vectors.
    public init(base64: some StringProtocol) throws {
        guard let bytes = Base64.decode(base64) else {
            throw MerkleError(.invalidHashLength, "not canonical base64")
        }
        try self.init(bytes)
    }

    public var base64: String { Base64.encode(bytes) }
    public var hex: String { Hex.encode(bytes) }
    public var description: String { hex }

    /// MTH({}) = SHA-256() (RFC 9162 §2.1.1): the root of the empty tree.
    public static func emptyTreeRoot() throws -> MerkleHash {
        try MerkleHash(Digest.hash(.sha256, [UInt8]()))
    }

    /// The leaf domain separator, allocated once (an array literal per leaf showed in profiles).
    private static let leafPrefix: [UInt8] = [0x00]

    /// MTH({d}) = SHA-256(0x00 ‖ d) (RFC 9162 §2.1.1): the hash of one leaf's data.
    public static func leaf(_ data: some ContiguousBytes) throws -> MerkleHash {
        var d = try Digest(.sha256)
        d.update(leafPrefix)
        d.update(data)
        return try MerkleHash(d.finalize())
    }

    /// SHA-256(0x01 ‖ left ‖ right) (RFC 9162 §2.1.1): an interior node.
    public static func node(_ left: MerkleHash, _ right: MerkleHash) throws -> MerkleHash {
        // One 65-byte input on the stack and one digest call (was three updates and an array
        // literal per node): the same work as the raw SHA-256 limit in BENCHMARKS.md.
        try withUnsafeTemporaryAllocation(byteCount: 65, alignment: 1) { buffer in
            buffer[0] = 0x01
            left.bytes.withUnsafeBytes {
                buffer.baseAddress!.advanced(by: 1).copyMemory(from: $0.baseAddress!, byteCount: 32)
            }
            right.bytes.withUnsafeBytes {
                buffer.baseAddress!.advanced(by: 33).copyMemory(from: $0.baseAddress!, byteCount: 32)
            }
            return try MerkleHash(Digest.hash(.sha256, UnsafeRawBufferPointer(buffer)))
        }
    }
}
