import EvidentCore
import EvidentDER

/// An offline-verifiable proof that an entry is in a transparency log, as witnesses saw it
/// (c2sp.org/tlog-proof@v1):
///
/// ```
/// c2sp.org/tlog-proof@v1
/// extra <base64>              (optional, unauthenticated)
/// index <leaf index>
/// <base64 hash>               (the RFC 9162 inclusion path, leaf's sibling first; 0 or more)
///
/// <the signed checkpoint note, verbatim, with its cosignatures>
/// ```
///
/// Evident writes the receipt's SHA-256 as `extra`; the leaf itself is always recomputed from
/// the receipt the verifier is given, never taken from the file. ``verify(leafHash:policy:logKeys:)``
/// checks, in the spec's order, the checkpoint's log signature, the cosignatures against the
/// policy, and the inclusion path.
public struct TlogProof: Sendable, Hashable {
    public static let header = "c2sp.org/tlog-proof@v1"
    /// Most inclusion-path lines: a tree of at most 2⁶⁴−1 leaves is at most 64 levels high.
    public static let maxPathLength = 64
    /// Largest `extra` accepted (decoded bytes).
    public static let maxExtra = 4096
    /// Largest proof file read: the note's own limit plus the lines before it.
    public static let maxSize = SignedNote.maxNoteSize + 16 * 1024

    public let extra: [UInt8]?
    public let index: UInt64
    public let path: [MerkleHash]
    /// The checkpoint's signed note.
    public let note: SignedNote

    public init(extra: [UInt8]?, index: UInt64, path: [MerkleHash], note: SignedNote) {
        self.extra = extra
        self.index = index
        self.path = path
        self.note = note
    }

    /// The file's bytes.
    public var bytes: [UInt8] {
        var text = Self.header + "\n"
        if let extra { text += "extra \(Base64.encode(extra))\n" }
        text += "index \(index)\n"
        for h in path { text += h.base64 + "\n" }
        return Array((text + "\n").utf8) + note.bytes
    }

    /// Parses the file: the header, an optional extra line, the index, the path lines, an empty
    /// line, then a signed note (its envelope only; nothing is verified here).
    public static func parse(_ bytes: [UInt8]) throws -> TlogProof {
        guard bytes.count <= maxSize else {
            throw NoteError(.invalidProof, "the proof is \(bytes.count) bytes, the limit is \(maxSize)")
        }
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        var noteStart: Int?
        while let end = bytes[start...].firstIndex(of: 0x0A) {
            let line = bytes[start..<end]
            start = end + 1
            if line.isEmpty {
                noteStart = start
                break
            }
            lines.append(line)
        }
        guard let noteStart else {
            throw NoteError(.invalidProof, "no empty line separates the proof lines from the checkpoint")
        }
        func text(_ line: ArraySlice<UInt8>) -> String { String(decoding: line, as: UTF8.self) }
        guard let first = lines.first, text(first) == header else {
            throw NoteError(.invalidProof, line: 1, "the first line is \(header)")
        }
        var n = 1
        var extra: [UInt8]?
        if n < lines.count, lines[n].starts(with: Array("extra ".utf8)) {
            guard let decoded = Base64.decode(utf8: Array(lines[n].dropFirst(6))), decoded.count <= maxExtra else {
                throw NoteError(.invalidProof, line: n + 1, "extra is canonical base64 of at most \(maxExtra) bytes")
            }
            extra = decoded
            n += 1
        }
        guard n < lines.count, lines[n].starts(with: Array("index ".utf8)) else {
            throw NoteError(.invalidProof, line: n + 1, "expected the line 'index <leaf index>'")
        }
        let digits = text(lines[n].dropFirst(6))
        guard let index = UInt64(digits), String(index) == digits else {
            throw NoteError(.invalidProof, line: n + 1, "the index is a decimal without sign or leading zeros")
        }
        n += 1
        guard lines.count - n <= maxPathLength else {
            throw NoteError(.invalidProof, line: n + maxPathLength + 1, "more than \(maxPathLength) path lines")
        }
        var path: [MerkleHash] = []
        for (k, line) in lines[n...].enumerated() {
            do { path.append(try MerkleHash(base64: text(line))) } catch {
                throw NoteError(.invalidProof, line: n + k + 1, "a path line is the base64 of a 32-byte hash")
            }
        }
        let note = try SignedNote.parse(Array(bytes[noteStart...]))
        return TlogProof(extra: extra, index: index, path: path, note: note)
    }

    /// What a verified proof shows.
    public struct Verified: Sendable, Hashable {
        public let checkpoint: Checkpoint
        /// The policy's verdict on the checkpoint's cosignatures (nil without a policy).
        public let policy: WitnessPolicy.Evaluation?
    }

    /// Verifies the proof for the leaf `leafHash`: the checkpoint's log signature (by a policy
    /// log named by its origin, or by one of `logKeys` when the policy lists no logs or none is
    /// given), every policy witness's cosignature, and the inclusion path to the checkpoint's
    /// root. Throws on the first failure; whether the quorum is met is in the result. Only log
    /// keys `usable` accepts count, the policy's too.
    public func verify(
        leafHash: MerkleHash, policy: WitnessPolicy?, logKeys: (_ origin: String) throws -> [NoteVerifierKey],
        usable: (NoteVerifierKey) -> Bool = { _ in true }
    ) throws -> Verified {
        // The origin is read from the text only to pick keys; nothing in it is believed until a
        // log signature over it verifies.
        let origin = note.claimedOrigin
        let evaluation: WitnessPolicy.Evaluation?
        if let policy {
            evaluation = try policy.evaluate(note, origin: origin, logKeys: try logKeys(origin), usable: usable)
        } else {
            try note.verify(trusting: try logKeys(origin).filter(usable))
            evaluation = nil
        }
        let checkpoint = try Checkpoint(text: note.text)
        try InclusionProof(leafIndex: index, treeSize: checkpoint.treeSize, path: path)
            .verify(leafHash: leafHash, rootHash: checkpoint.rootHash)
        return Verified(checkpoint: checkpoint, policy: evaluation)
    }
}
