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
