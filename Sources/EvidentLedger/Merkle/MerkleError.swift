import EvidentCore

/// An error from Merkle tree hashing, proof generation or proof verification: an opaque
/// ``Code`` that tests and callers match on, and a detail naming the sizes and indices involved.
public struct MerkleError: CodedError, Hashable {
    public typealias Code = ErrorCode<MerkleError>

    public let code: Code
    public let detail: String

    public init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }
}

extension ErrorCode where Owner == MerkleError {
    /// A hash that is not 32 bytes (RFC 9162 §2.1 with SHA-256).
    public static let invalidHashLength = Self("invalid-hash-length")
    /// A leaf index not below the tree size.
    public static let leafIndexOutOfRange = Self("leaf-index-out-of-range")
    /// A tree size larger than the store holds, or sizes in the wrong order.
    public static let treeSizeOutOfRange = Self("tree-size-out-of-range")
    /// A consistency proof from the empty tree: it proves nothing, so none is made or accepted.
    public static let emptyOldTree = Self("empty-old-tree")
    /// A range [start, end) that is not a subtree (draft-ietf-plants-merkle-tree-certs §4.1).
    public static let invalidSubtree = Self("invalid-subtree")
    /// The proof has fewer hashes than the sizes call for.
    public static let proofTooShort = Self("proof-too-short")
    /// The proof has more hashes than the sizes call for.
    public static let proofTooLong = Self("proof-too-long")
    /// The proof does not lead to the root (or, for consistency proofs, the new root) given.
    public static let rootMismatch = Self("root-mismatch")
    /// A consistency proof that does not reproduce the old root (or subtree hash) given.
    public static let oldRootMismatch = Self("old-root-mismatch")
    /// A ``MerkleHashStore`` answered with the wrong number of hashes.
    public static let storeInconsistent = Self("store-inconsistent")
}
