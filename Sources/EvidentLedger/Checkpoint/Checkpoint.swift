/// A transparency-log checkpoint (c2sp.org/tlog-checkpoint): the note text
///
/// ```
/// <origin>
/// <tree size in decimal>
/// <base64 root hash>
/// [<extension line>…]
/// ```
///
/// each line ending in a newline. It is meaningful only as the text of a signed note whose
/// signature by the log's key has verified (``SignedCheckpoint``).
public struct Checkpoint: Hashable, Sendable {
    /// The log's unique identity, conventionally a schema-less URL; also the name its key signs under.
    public let origin: String
    public let treeSize: UInt64
    public let rootHash: MerkleHash
    /// Optional further lines, each non-empty, without their newlines (opaque to this type).
    public let extensionLines: [String]

    public init(origin: String, treeSize: UInt64, rootHash: MerkleHash, extensionLines: [String] = []) throws {
        try Checkpoint.validate(line: origin, code: .invalidOrigin, number: 1)
        for (i, line) in extensionLines.enumerated() {
            try Checkpoint.validate(line: line, code: .invalidExtensionLine, number: 4 + i)
        }
        self.origin = origin
        self.treeSize = treeSize
        self.rootHash = rootHash
        self.extensionLines = extensionLines
    }

    /// Parses a note text (as returned by ``SignedNote/text``).
    public init(text: String) throws {
        guard text.utf8.last == 0x0A else { throw NoteError(.invalidText, "a checkpoint text ends in a newline") }
        let lines = text.utf8.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        }
        guard lines.count >= 3 else {
            throw NoteError(
                .missingCheckpointLine, line: lines.count + 1,
                "a checkpoint has an origin, a tree size and a root hash line")
        }
        let size = lines[1]
        // ASCII decimal without sign or leading zeros, within 64 bits.
        guard !size.isEmpty, size.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
            size == "0" || size.utf8.first != 0x30,
            let treeSize = UInt64(size)
        else {
            throw NoteError(
                .invalidTreeSize, line: 2, "the tree size is ASCII decimal without leading zeros, at most \(UInt64.max)"
            )
        }
        let rootHash: MerkleHash
        do {
            rootHash = try MerkleHash(base64: lines[2])
        } catch {
            throw NoteError(
                .invalidRootHash, line: 3, "the root hash is canonical base64 of \(MerkleHash.byteCount) bytes")
        }
        try self.init(origin: lines[0], treeSize: treeSize, rootHash: rootHash, extensionLines: Array(lines[3...]))
    }

    /// The note text: one line each for origin, size, root hash and the extension lines.
    public var text: String {
        ([origin, String(treeSize), rootHash.base64] + extensionLines).map { $0 + "\n" }.joined()
    }

    /// Signs the checkpoint as a note (normally with the log's key, named after its origin).
    public func signed(by signers: [NoteSigner]) throws -> SignedCheckpoint {
        SignedCheckpoint(checkpoint: self, note: try SignedNote(signing: text, with: signers))
    }

    /// A line is non-empty (an empty one would end the note text) and has no control characters.
    private static func validate(line: String, code: NoteError.Code, number: Int) throws {
        guard !line.isEmpty else { throw NoteError(code, line: number, "the line is empty") }
        guard !line.utf8.contains(where: { $0 < 0x20 }) else {
            throw NoteError(code, line: number, "the line contains a control character or newline")
        }
    }
}
