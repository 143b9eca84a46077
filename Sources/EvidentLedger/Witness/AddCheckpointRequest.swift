import EvidentCore
import EvidentDER

/// The body of a c2sp.org/tlog-witness `POST <prefix>/add-checkpoint` request:
///
/// ```
/// old <size of the checkpoint the witness last cosigned, decimal, no leading zeros>
/// <0 to 63 lines, each one base64 hash of a consistency proof from that size>
///
/// <the signed checkpoint note>
/// ```
///
/// every line ending in a newline. ``encode()`` writes it (a log asking a witness for a
/// cosignature); ``parse(_:)`` reads untrusted bytes with explicit limits (the witness). Parsing
/// checks the shape only: the note's signatures are checked by whoever trusts the log's keys.
public struct AddCheckpointRequest: Hashable, Sendable {
    /// Most proof lines a client may send (the spec: "MUST NOT send more than 63").
    public static let maxProofLines = 63
    /// Longest `old` line: `old ` and 20 digits (UInt64.max) and the newline.
    static let maxOldLine = 4 + 20 + 1
    /// Largest body: the old line, 63 proof lines of 45 bytes, the empty line and a note of at
    /// most ``SignedNote/maxNoteSize``.
    public static let maxBodySize = maxOldLine + maxProofLines * 45 + 1 + SignedNote.maxNoteSize

    public let oldSize: UInt64
    public let proof: [MerkleHash]
    /// The signed checkpoint note, as sent (its signatures are over these bytes' text).
    public let checkpoint: [UInt8]

    public init(oldSize: UInt64, proof: [MerkleHash], checkpoint: [UInt8]) {
        self.oldSize = oldSize
        self.proof = proof
        self.checkpoint = checkpoint
    }

    /// The request body.
    public func encode() -> [UInt8] {
        var out = Array("old \(oldSize)\n".utf8)
        for hash in proof { out += Array((hash.base64 + "\n").utf8) }
        out.append(0x0A)
        return out + checkpoint
    }

    /// Reads a body; throws `malformed-request` naming the line at fault. The note after the
    /// empty line is parsed as a signed note envelope (no signature is checked).
    public static func parse(_ body: [UInt8]) throws -> AddCheckpointRequest {
        guard body.count <= maxBodySize else {
            throw WitnessError(.malformedRequest, "the body is \(body.count) bytes, the limit is \(maxBodySize)")
        }
        var start = 0
        var lineNumber = 0
        /// The next line without its newline, or nil at the end of the body.
        func nextLine() throws -> ArraySlice<UInt8> {
            lineNumber += 1
            guard let end = body[start...].firstIndex(of: 0x0A) else {
                throw WitnessError(.malformedRequest, "line \(lineNumber) does not end in a newline")
            }
            defer { start = end + 1 }
            return body[start..<end]
        }
        let oldLine = try nextLine()
        guard oldLine.starts(with: Array("old ".utf8)) else {
            throw WitnessError(.malformedRequest, "line 1 is not 'old <size>'")
        }
        let digits = oldLine.dropFirst(4)
        guard !digits.isEmpty, digits.count <= 20, digits.allSatisfy({ (0x30...0x39).contains($0) }),
            digits.count == 1 || digits.first != 0x30,
            let oldSize = UInt64(String(decoding: digits, as: UTF8.self))
        else {
            throw WitnessError(
                .malformedRequest, "line 1: the old size is ASCII decimal without leading zeros, at most \(UInt64.max)")
        }
        var proof: [MerkleHash] = []
        while true {
            let line = try nextLine()
            if line.isEmpty { break }
            guard proof.count < maxProofLines else {
                throw WitnessError(.malformedRequest, "more than \(maxProofLines) consistency proof lines")
            }
            guard let bytes = Base64.decode(utf8: Array(line)), let hash = try? MerkleHash(bytes) else {
                throw WitnessError(
                    .malformedRequest, "line \(lineNumber) is not a base64 hash of \(MerkleHash.byteCount) bytes")
            }
            proof.append(hash)
        }
        let note = Array(body[start...])
        do { _ = try SignedNote.parse(note) } catch {
            throw WitnessError(.malformedRequest, "the checkpoint (from line \(lineNumber + 1)): \(error)")
        }
        return AddCheckpointRequest(oldSize: oldSize, proof: proof, checkpoint: note)
    }
}
