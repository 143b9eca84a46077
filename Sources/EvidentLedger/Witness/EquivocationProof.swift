import EvidentCore
import EvidentDER

/// Self-contained evidence that a log signed two trees that cannot both be prefixes of one
/// append-only log (a split view), checkable offline by anyone holding the log's key
/// (docs/witness.md, "Equivocation proofs"). A text file:
///
/// ```
/// evident-equivocation/v1
/// kind same-size | consistency | inclusion
/// note <base64 of signed checkpoint note A>
/// note <base64 of signed checkpoint note B>
/// [consistency: old-root <base64>, then proof <base64> lines]
/// [inclusion: index <i>, a-leaf, a-proof lines, b-leaf, b-proof lines]
/// ```
///
/// every line ending in a newline. What each kind proves, given that both notes verify under
/// the log's key with the same origin:
/// - `same-size`: A and B have the same size and different roots.
/// - `consistency`: A has size m, B size n > m; the proof lines are an RFC 9162 consistency
///   proof from m to n that, starting from `old-root`, reproduces B's root — so B's tree has
///   `old-root` as its size-m root — and `old-root` is not A's root.
/// - `inclusion`: leaf `index` is proven by an RFC 9162 inclusion proof in A's tree with leaf
///   hash `a-leaf` and in B's tree with `b-leaf`, and the two differ.
public struct EquivocationProof: Hashable, Sendable {
    public static let header = "evident-equivocation/v1"
    /// Largest file read: two notes of ``SignedNote/maxNoteSize`` in base64 and the proof lines.
    public static let maxSize = 256 * 1024
    /// Most hashes in one proof path (a 64-bit tree needs fewer).
    public static let maxPathLength = 64

    /// The evidence beside the two notes.
    public enum Evidence: Hashable, Sendable {
        case sameSize
        /// A consistency proof from A's size to B's size, whose size-m root `oldRoot` differs
        /// from A's.
        case consistency(oldRoot: MerkleHash, path: [MerkleHash])
        /// Leaf `index` proven in both trees with different leaf hashes.
        case inclusion(index: UInt64, aLeaf: MerkleHash, aPath: [MerkleHash], bLeaf: MerkleHash, bPath: [MerkleHash])

        public var kind: String {
            switch self {
            case .sameSize: return "same-size"
            case .consistency: return "consistency"
            case .inclusion: return "inclusion"
            }
        }
    }

    /// What verification found: the verdict (valid: misbehaviour is proven; invalid: the file
    /// does not prove it; indeterminate: a note has no signature by a given key), the check
    /// that decided it and a sentence.
    public struct Outcome: Hashable, Sendable {
        public let verdict: Verdict
        public let check: String
        public let statement: String
    }

    public let noteA: [UInt8]
    public let noteB: [UInt8]
    public let evidence: Evidence

    public init(noteA: [UInt8], noteB: [UInt8], evidence: Evidence) {
        self.noteA = noteA
        self.noteB = noteB
        self.evidence = evidence
    }

    /// The origin note A claims (unverified: to name the verifier's keys, never to trust them).
    public var claimedOrigin: String? {
        (try? SignedNote.parse(noteA))?.claimedOrigin
    }

    // MARK: - Encoding

    public func encode() -> [UInt8] {
        var lines = [
            Self.header, "kind \(evidence.kind)", "note \(Base64.encode(noteA))", "note \(Base64.encode(noteB))",
        ]
        switch evidence {
        case .sameSize: break
        case .consistency(let oldRoot, let path):
            lines.append("old-root \(oldRoot.base64)")
            lines += path.map { "proof \($0.base64)" }
        case .inclusion(let index, let aLeaf, let aPath, let bLeaf, let bPath):
            lines.append("index \(index)")
            lines.append("a-leaf \(aLeaf.base64)")
            lines += aPath.map { "a-proof \($0.base64)" }
            lines.append("b-leaf \(bLeaf.base64)")
            lines += bPath.map { "b-proof \($0.base64)" }
        }
        return Array(lines.map { $0 + "\n" }.joined().utf8)
    }

    /// Reads a proof file with explicit limits; throws `malformed-proof` naming the line.
    public static func parse(_ bytes: [UInt8]) throws -> EquivocationProof {
        guard bytes.count <= maxSize else {
            throw WitnessError(.malformedProof, "the file is \(bytes.count) bytes, the limit is \(maxSize)")
        }
        guard bytes.last == 0x0A, let text = String(validating: bytes, as: UTF8.self) else {
            throw WitnessError(.malformedProof, "an equivocation proof is UTF-8 lines, each ending in a newline")
        }
        var reader = LineReader(lines: text.dropLast().split(separator: "\n", omittingEmptySubsequences: false))
        guard try reader.next() == header else {
            throw WitnessError(.malformedProof, "line 1 is not '\(header)'")
        }
        let kind = try reader.value("kind")
        let a = try reader.note(), b = try reader.note()
        let evidence: Evidence
        switch kind {
        case "same-size":
            evidence = .sameSize
        case "consistency":
            let oldRoot = try reader.hash("old-root")
            evidence = .consistency(oldRoot: oldRoot, path: try reader.path("proof"))
        case "inclusion":
            let indexText = try reader.value("index")
            guard let index = UInt64(indexText), String(index) == indexText else {
                throw WitnessError(.malformedProof, "line \(reader.number): the index is a decimal number")
            }
            let aLeaf = try reader.hash("a-leaf"), aPath = try reader.path("a-proof")
            let bLeaf = try reader.hash("b-leaf"), bPath = try reader.path("b-proof")
            evidence = .inclusion(index: index, aLeaf: aLeaf, aPath: aPath, bLeaf: bLeaf, bPath: bPath)
        default:
            throw WitnessError(
                .malformedProof, "line 2: kind '\(kind.prefix(40))' is not same-size, consistency or inclusion")
        }
        guard reader.atEnd else {
            throw WitnessError(.malformedProof, "line \(reader.number + 1): unexpected line after the proof")
        }
        return EquivocationProof(noteA: a, noteB: b, evidence: evidence)
    }

    /// The lines of a proof file, read in order with their keywords.
    private struct LineReader {
        let lines: [Substring]
        var number = 0

        var atEnd: Bool { number >= lines.count }

        mutating func next() throws -> Substring {
            guard number < lines.count else { throw WitnessError(.malformedProof, "the file ends early") }
            number += 1
            return lines[number - 1]
        }

        /// The value of the next line, which must be `<keyword> <value>`.
        mutating func value(_ keyword: String) throws -> String {
            let line = try next()
            guard line.hasPrefix(keyword + " "), line.count > keyword.count + 1 else {
                throw WitnessError(.malformedProof, "line \(number) is not '\(keyword) …'")
            }
            return String(line.dropFirst(keyword.count + 1))
        }

        mutating func hash(_ keyword: String) throws -> MerkleHash {
            let text = try value(keyword)
            guard let hash = try? MerkleHash(base64: text) else {
                throw WitnessError(
                    .malformedProof, "line \(number): \(keyword) is not base64 of \(MerkleHash.byteCount) bytes")
            }
            return hash
        }

        mutating func note() throws -> [UInt8] {
            let text = try value("note")
            guard let bytes = Base64.decode(text), bytes.count <= SignedNote.maxNoteSize else {
                throw WitnessError(
                    .malformedProof, "line \(number): the note is not base64 of at most \(SignedNote.maxNoteSize) bytes"
                )
            }
            return bytes
        }

        /// Zero or more `<keyword> <hash>` lines.
        mutating func path(_ keyword: String) throws -> [MerkleHash] {
            var out: [MerkleHash] = []
            while number < lines.count, lines[number].hasPrefix(keyword + " ") {
                guard out.count < EquivocationProof.maxPathLength else {
                    throw WitnessError(
                        .malformedProof, "more than \(EquivocationProof.maxPathLength) \(keyword) lines")
                }
                out.append(try hash(keyword))
            }
            return out
        }
    }

    // MARK: - Verification

    /// Checks the proof against the log keys the verifier trusts (never keys from the file):
    /// both notes verify under `keys` and are checkpoints of one origin, and the evidence holds.
    public func verify(trusting keys: [NoteVerifierKey]) -> Outcome {
        func invalid(_ check: String, _ why: String) -> Outcome {
            Outcome(verdict: .invalid, check: check, statement: why)
        }
        func proven(_ check: String, _ what: String) -> Outcome {
            Outcome(verdict: .valid, check: check, statement: what)
        }
        var opened: [SignedCheckpoint] = []
        for (label, note) in [("A", noteA), ("B", noteB)] {
            do {
                opened.append(try SignedCheckpoint.open(note, trusting: keys))
            } catch let e as NoteError where e.code == .noTrustedSignature {
                return Outcome(
                    verdict: .indeterminate, check: "note-\(label.lowercased())-signature",
                    statement: "note \(label) has no signature by a given log key (\(e)): give the log's key")
            } catch {
                return invalid(
                    "note-\(label.lowercased())", "note \(label) is not a checkpoint signed by the log: \(error)")
            }
        }
        let (a, b) = (opened[0].checkpoint, opened[1].checkpoint)
        guard a.origin.utf8.elementsEqual(b.origin.utf8) else {
            return invalid("origin", "the notes are of two logs (\(a.origin), \(b.origin)), not one")
        }
        // One key, named by the origin, must have signed both: a key the verifier trusts for
        // another log (its name is that log's origin) or a second key cannot attribute the two
        // notes to this log (red team, issue #17: equivocation-framed-by-other-policy-log).
        guard
            let signer = opened[0].verifiedBy.first(where: { key in
                key.name.utf8.elementsEqual(a.origin.utf8) && opened[1].verifiedBy.contains(key)
            })
        else {
            return invalid(
                "signer",
                "no one trusted key named \(a.origin) signed both notes: they are not shown to be the same log's")
        }
        let both = "both signed by \(signer.vkey)"
        switch evidence {
        case .sameSize:
            guard a.treeSize == b.treeSize else {
                return invalid("same-size", "the sizes differ (\(a.treeSize), \(b.treeSize))")
            }
            guard a.rootHash != b.rootHash else {
                // The same tree with two texts: Evident's extension line commits to the key
                // journal, so two different signed texts for one size are two histories.
                guard !opened[0].note.text.utf8.elementsEqual(opened[1].note.text.utf8) else {
                    return invalid("same-size", "the two checkpoints are the same: no conflict")
                }
                return proven(
                    "same-size",
                    "log \(a.origin) signed two different checkpoints of size \(a.treeSize) with root \(a.rootHash.base64) but other extension lines (\(a.extensionLines.joined(separator: "; ")) / \(b.extensionLines.joined(separator: "; "))) (\(both))"
                )
            }
            return proven(
                "same-size",
                "log \(a.origin) signed two different trees of size \(a.treeSize): root \(a.rootHash.base64) and \(b.rootHash.base64) (\(both))"
            )
        case .consistency(let oldRoot, let path):
            guard a.treeSize < b.treeSize else {
                return invalid("consistency", "note A (size \(a.treeSize)) must be smaller than note B (\(b.treeSize))")
            }
            guard oldRoot != a.rootHash else {
                return invalid("consistency", "old-root is A's own root: the proof shows consistency, not a conflict")
            }
            do {
                try ConsistencyProof(oldSize: a.treeSize, newSize: b.treeSize, path: path).verify(
                    oldRoot: oldRoot, newRoot: b.rootHash)
            } catch {
                return invalid("consistency", "the proof from \(a.treeSize) to \(b.treeSize) does not hold: \(error)")
            }
            return proven(
                "consistency",
                "log \(a.origin) signed size \(a.treeSize) with root \(a.rootHash.base64), but its tree of size \(b.treeSize) (root \(b.rootHash.base64)) has the size-\(a.treeSize) root \(oldRoot.base64) (\(both))"
            )
        case .inclusion(let index, let aLeaf, let aPath, let bLeaf, let bPath):
            guard aLeaf != bLeaf else { return invalid("inclusion", "the two leaf hashes are the same: no conflict") }
            do {
                try InclusionProof(leafIndex: index, treeSize: a.treeSize, path: aPath).verify(
                    leafHash: aLeaf, rootHash: a.rootHash)
                try InclusionProof(leafIndex: index, treeSize: b.treeSize, path: bPath).verify(
                    leafHash: bLeaf, rootHash: b.rootHash)
            } catch {
                return invalid("inclusion", "an inclusion proof of leaf \(index) does not hold: \(error)")
            }
            return proven(
                "inclusion",
                "log \(a.origin) holds two different leaves at index \(index): \(aLeaf.base64) in its tree of size \(a.treeSize), \(bLeaf.base64) in its tree of size \(b.treeSize) (\(both))"
            )
        }
    }
}
