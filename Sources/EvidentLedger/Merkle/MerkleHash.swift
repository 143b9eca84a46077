import EvidentCore
import EvidentCrypto
import EvidentDER

/// A node of an RFC 9162 Merkle tree with SHA-256: 32 bytes, held inline — four machine words,
/// no heap allocation — so a level of a tree is one contiguous array of values and hashing a
/// node reads and writes them in place.
public struct MerkleHash: Hashable, Sendable, Comparable, CustomStringConvertible, ContiguousBytes {
    public static let byteCount = 32

    /// The 32 bytes in order, as they lie in memory (a homogeneous tuple is laid out
    /// contiguously); the words are storage, not numbers.
    private var words: (UInt64, UInt64, UInt64, UInt64)

    private init(words: (UInt64, UInt64, UInt64, UInt64)) { self.words = words }

    public init(_ bytes: [UInt8]) throws {
        guard bytes.count == MerkleHash.byteCount else {
            throw MerkleError(
                .invalidHashLength, "a SHA-256 Merkle hash is \(MerkleHash.byteCount) bytes, not \(bytes.count)")
        }
        words = (0, 0, 0, 0)
        bytes.withUnsafeBytes { source in
            Swift.withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: source) }
        }
    }

    /// Standard padded base64, as in checkpoints and the transparency-dev vectors.
    public init(base64: some StringProtocol) throws {
        guard let bytes = Base64.decode(base64) else {
            throw MerkleError(.invalidHashLength, "not canonical base64")
        }
        try self.init(bytes)
    }

    /// The 32 bytes as an array (allocates; ``withUnsafeBytes(_:)`` reads them in place).
    public var bytes: [UInt8] { withUnsafeBytes { Array($0) } }

    /// The 32 bytes in place, without copying.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try Swift.withUnsafeBytes(of: words, body)
    }

    public var base64: String { Base64.encode(bytes) }
    public var hex: String { Hex.encode(bytes) }
    public var description: String { hex }

    public static func == (a: MerkleHash, b: MerkleHash) -> Bool {
        a.words.0 == b.words.0 && a.words.1 == b.words.1 && a.words.2 == b.words.2 && a.words.3 == b.words.3
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }

    /// Byte order (as `bytes.lexicographicallyPrecedes`): each word read big-endian.
    public static func < (a: MerkleHash, b: MerkleHash) -> Bool {
        let x = a.words, y = b.words
        if x.0 != y.0 { return UInt64(bigEndian: x.0) < UInt64(bigEndian: y.0) }
        if x.1 != y.1 { return UInt64(bigEndian: x.1) < UInt64(bigEndian: y.1) }
        if x.2 != y.2 { return UInt64(bigEndian: x.2) < UInt64(bigEndian: y.2) }
        return UInt64(bigEndian: x.3) < UInt64(bigEndian: y.3)
    }

    /// SHA-256(prefix ‖ first ‖ second) straight into a new hash's storage: no array, no EVP
    /// context (``Digest/sha256(prefix:_:_:into:)``).
    private static func sha256(
        prefix: UInt8, _ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer
    ) -> MerkleHash {
        var out = MerkleHash(words: (0, 0, 0, 0))
        Swift.withUnsafeMutableBytes(of: &out.words) { Digest.sha256(prefix: prefix, first, second, into: $0) }
        return out
    }

    /// MTH({}) = SHA-256() (RFC 9162 §2.1.1): the root of the empty tree.
    public static func emptyTreeRoot() throws -> MerkleHash {
        var out = MerkleHash(words: (0, 0, 0, 0))
        Swift.withUnsafeMutableBytes(of: &out.words) {
            Digest.sha256(UnsafeRawBufferPointer(start: nil, count: 0), into: $0)
        }
        return out
    }

    /// MTH({d}) = SHA-256(0x00 ‖ d) (RFC 9162 §2.1.1): the hash of one leaf's data.
    public static func leaf(_ data: some ContiguousBytes) throws -> MerkleHash {
        data.withUnsafeBytes { sha256(prefix: 0x00, $0, UnsafeRawBufferPointer(start: nil, count: 0)) }
    }

    /// SHA-256(0x01 ‖ left ‖ right) (RFC 9162 §2.1.1): an interior node, hashed from the two
    /// inline values in place — the same work as the raw SHA-256 limit in BENCHMARKS.md.
    public static func node(_ left: MerkleHash, _ right: MerkleHash) throws -> MerkleHash {
        Swift.withUnsafeBytes(of: left.words) { l in
            Swift.withUnsafeBytes(of: right.words) { r in sha256(prefix: 0x01, l, r) }
        }
    }
}
