import EvidentCore
import EvidentCrypto

/// Collects cosignatures of one of the ledger's checkpoints from its configured witnesses
/// (`evident checkpoint`, `evident anchor`) and records them — only once at least
/// ``minWitnesses`` witnesses have a valid cosignature of it; nothing new is recorded otherwise.
/// Witnesses that already cosigned the checkpoint are not asked again and count.
public struct Witnessing: Sendable {
    public var client = WitnessClient()
    public var minWitnesses = 0

    public init() {}

    /// What fails here: a code to match on and a detail that reads as a sentence.
    public typealias Failure = CodedFailure<Witnessing>

    /// One witness's part in a collection.
    public struct Outcome: Sendable {
        public enum Status: Sendable {
            /// Cosigned before this run (not asked again).
            case alreadyCosigned(StoredCosignature)
            case cosigned(StoredCosignature)
            case failed(String)
        }
        public let witness: LedgerWitness
        public let status: Status

        public var cosignature: StoredCosignature? {
            switch status {
            case .alreadyCosigned(let c), .cosigned(let c): return c
            case .failed: return nil
            }
        }
    }

    /// Asks the witnesses that have not cosigned `checkpoint` (a stored checkpoint of `ledger`),
    /// concurrently; records the new cosignatures when enough witnesses have one, else throws
    /// ``ErrorCode/tooFewWitnesses`` naming each witness's failure and records nothing.
    public func collect(
        ledger: Ledger, checkpoint: StoredCheckpoint, nowMillis: @escaping @Sendable () -> Int64
    )
        throws -> [Outcome]
    {
        let store = ledger.store
        let witnesses = try store.witnesses()
        guard minWitnesses <= witnesses.count else {
            throw Failure(
                .tooFewWitnesses,
                "\(minWitnesses) witness cosignature(s) required, but only \(witnesses.count) witness(es) are configured (`evident ledger witness add`)"
            )
        }
        let existing = try store.cosignatures(treeSize: checkpoint.treeSize)
        let newest = try store.newestCosignatures()
        var outcomes: [Outcome?] = Array(repeating: nil, count: witnesses.count)
        var ask: [Int] = []
        for (i, w) in witnesses.enumerated() {
            if let done = existing.first(where: { $0.isBy(w) }) {
                outcomes[i] = Outcome(witness: w, status: .alreadyCosigned(done))
            } else {
                ask.append(i)
            }
        }
        let asked = ask.map { witnesses[$0] }
        let oldSizes = Dictionary(
            asked.compactMap { w in
                newest.first(where: { $0.isBy(w) }).map { (w.name, min($0.treeSize, checkpoint.treeSize)) }
            },
            uniquingKeysWith: { a, _ in a })
        let answers = client.cosign(
            checkpoint: checkpoint, witnesses: asked, oldSizes: oldSizes,
            proof: { old in try ledger.consistencyProof(from: old, to: checkpoint.treeSize).path },
            nowMillis: nowMillis)
        for (k, i) in ask.enumerated() {
            switch answers[k] {
            case .cosigned(let lines):
                outcomes[i] = Outcome(
                    witness: witnesses[i], status: lines.first.map { .cosigned($0) } ?? .failed("no cosignature"))
            case .failed(let problem):
                outcomes[i] = Outcome(witness: witnesses[i], status: .failed(problem))
            }
        }
        let all = outcomes.compactMap { $0 }
        // Counted by public key: one witness configured under two names is one witness (red
        // team, issue #17: ledger-min-witnesses-one-key-twice).
        let valid = Set(all.filter { $0.cosignature != nil }.map { $0.witness.key.publicKey.rawRepresentation }).count
        guard valid >= minWitnesses else {
            let problems = all.compactMap { o -> String? in
                if case .failed(let p) = o.status { return "\(o.witness.name) (\(o.witness.url)): \(p)" }
                return nil
            }
            throw Failure(
                .tooFewWitnesses,
                "checkpoint of size \(checkpoint.treeSize) cosigned by \(valid) witness(es), \(minWitnesses) required; nothing recorded as cosigned: "
                    + problems.joined(separator: "; "))
        }
        try store.saveCosignatures(
            all.compactMap { o in
                if case .cosigned(let c) = o.status { return c }
                return nil
            })
        return all
    }
}

extension ErrorCode where Owner == Witnessing {
    public static let tooFewWitnesses = Self("too-few-witnesses")
}
