import EvidentCore
import EvidentCrypto
import EvidentDER

/// What a checkpoint commits to about the ledger's key journal (docs/verification.md, "Keys"):
/// the number of records and SHA-256 over those records, each as its canonical JSON followed by
/// a newline (exactly the first `count` lines of a bundle's `keys/journal.jsonl`). Carried as the
/// checkpoint's extension line
///
///     evident-key-journal <count> <base64 SHA-256>
///
/// so a signed checkpoint proves which rotation and revocation records the ledger held when it
/// was signed: a bundle that leaves one out no longer matches.
public struct KeyJournalCommitment: Hashable, Sendable {
    public static let linePrefix = "evident-key-journal "

    public let count: Int
    public let hash: [UInt8]

    /// The commitment to `records` (canonical JSON, oldest first).
    public init(records: [[UInt8]]) throws {
        var acc = try Accumulator()
        for r in records { acc.add(r) }
        self = acc.commitment
    }

    /// The commitments to a journal's prefixes, in one pass: add records oldest first and read
    /// `commitment` whenever needed.
    public struct Accumulator: ~Copyable {
        private var digest: Digest
        public private(set) var count = 0

        public init() throws { digest = try Digest(.sha256) }

        public mutating func add(_ record: [UInt8]) {
            digest.update(record)
            digest.update([0x0A])
            count += 1
        }

        /// The commitment to the records added so far.
        public var commitment: KeyJournalCommitment { KeyJournalCommitment(count: count, hash: digest.peek()) }
    }

    public init(count: Int, hash: [UInt8]) {
        self.count = count
        self.hash = hash
    }

    /// The one check of checkpoints against a key journal (a bundle's `keys/journal.jsonl`, a
    /// store's key records): `checkpoints` in size order, each with the commitment its note
    /// carries (nil: none, a checkpoint signed before commitments existed); `journal` the
    /// records, oldest first, as canonical JSON. Every commitment must be to exactly the
    /// journal's first `count` records, and a later checkpoint never commits to fewer than an
    /// earlier one: a record removed, changed or reordered after a checkpoint was signed fails
    /// (``CheckName/keyJournal``). One pass over the journal. When the newest checkpoint carries
    /// no commitment, a removed record cannot be detected: an undecided finding says so.
    public static func check(
        _ checkpoints: [(object: String, commitment: KeyJournalCommitment?)], journal: [[UInt8]]
    )
        throws -> [Finding]
    {
        var findings: [Finding] = []
        var committedCount = 0
        var running = try Accumulator()
        for (object, commitment) in checkpoints {
            guard let j = commitment else { continue }
            guard j.count <= journal.count else {
                findings.append(
                    Finding(
                        .keyJournal, .invalid, object: object,
                        reason:
                            "commits to \(j.count) key records; the journal holds \(journal.count): records were removed"
                    ))
                continue
            }
            guard j.count >= committedCount else {
                findings.append(
                    Finding(
                        .keyJournal, .invalid, object: object,
                        reason:
                            "commits to fewer key records (\(j.count)) than an earlier checkpoint (\(committedCount))"))
                continue
            }
            while running.count < j.count { running.add(journal[running.count]) }
            if running.commitment.hash != j.hash {
                findings.append(
                    Finding(
                        .keyJournal, .invalid, object: object,
                        reason:
                            "the journal's first \(j.count) key records are not those this checkpoint commits to: a record was removed, changed or reordered"
                    ))
            }
            committedCount = j.count
        }
        if let newest = checkpoints.last, newest.commitment == nil {
            findings.append(
                Finding(
                    .keyJournal, .indeterminate, object: newest.object,
                    reason:
                        "the newest checkpoint does not commit to the ledger's key journal (signed before this was added): a revocation removed since could not be detected"
                ))
        }
        return findings
    }

    public var extensionLine: String { "\(Self.linePrefix)\(count) \(Base64.encode(hash))" }

    /// The commitment in a checkpoint's extension lines: nil when there is none; throws when there
    /// is one that does not parse or more than one.
    public static func find(in lines: [String]) throws -> KeyJournalCommitment? {
        let ours = lines.filter { $0.hasPrefix(linePrefix) }
        guard let line = ours.first else { return nil }
        guard ours.count == 1 else { throw NoteError(.invalidExtensionLine, "more than one \(linePrefix)line") }
        let parts = line.dropFirst(linePrefix.count).split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 2, let n = Int(parts[0]), n >= 0, String(n) == parts[0],
            let h = Base64.decode(String(parts[1])), h.count == 32,
            Base64.encode(h) == parts[1]
        else { throw NoteError(.invalidExtensionLine, "\(linePrefix)line is not '<count> <base64 SHA-256>'") }
        return KeyJournalCommitment(count: n, hash: h)
    }
}
