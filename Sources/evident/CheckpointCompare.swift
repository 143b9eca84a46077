import ArgumentParser
import EvidentBundle
import EvidentCore
import EvidentLedger

/// `evident checkpoint compare A B`: are two views of one log (signed checkpoint notes or
/// bundles) consistent? Exit 0 consistent, 1 equivocation (the proof is written), 3 undetermined
/// (which proof is missing is said), 2 bad input (docs/cli.md).
struct CheckpointCompare: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Decide whether two signed checkpoints (notes or bundles) of one log are consistent.",
        discussion:
            "Exit 0 consistent, 1 equivocation (an equivocation proof is written to -o, docs/witness.md), 3 undetermined (a consistency proof is missing), 2 bad input."
    )
    @Argument(help: "A signed checkpoint note, or a bundle (.evb).") var a: String
    @Argument(help: "Another signed checkpoint note or bundle of the same log.") var b: String
    @Option(help: "A consistency proof between the two sizes (the JSON `evident proof consistency` prints).")
    var proof: String?
    @Option(help: "Ledger public key files to trust (repeatable).") var ledgerKey: [String] = []
    @Option(help: "A tlog-policy file whose `log` keys to trust.") var policy: String?
    @Option(name: .shortAndLong, help: "Where to write the equivocation proof when there is one (- for stdout).")
    var output: String?
    @OptionGroup var outputs: OutputOptions

    func validate() throws {
        if ledgerKey.isEmpty && policy == nil {
            throw ValidationError("give --ledger-key or --policy: the log keys to trust")
        }
    }

    func run() throws {
        var status = ExitStatus.valid
        try CLI.guarding {
            let (notesA, proofsA, bundleA) = try Self.read(a)
            let (notesB, proofsB, bundleB) = try Self.read(b)
            for (path, bundle) in [(a, bundleA), (b, bundleB)] {
                if let problem = bundle?.leafProblem {
                    CLI.printError("note: \(path): its receipts' leaves are not compared: \(problem)")
                }
            }
            let origin = notesA.lazy.compactMap { try? SignedNote.parse($0).claimedOrigin }.first
            let (keys, ended) = try TrustedLogKeys.load(ledgerKeys: ledgerKey, policy: policy, origin: origin)
            for e in ended {
                CLI.printError(DisplayText.safe("note: not trusted for notes without a time-stamp: \(e)"))
            }
            let sideA: [SignedCheckpoint], sideB: [SignedCheckpoint]
            do {
                (sideA, sideB) = (try Self.open(notesA, a, keys), try Self.open(notesB, b, keys))
            } catch let e as Untrusted {
                print("undetermined: \(e.message) — give the log's key (--ledger-key or --policy)")
                status = .indeterminate
                return
            }
            let all = sideA + sideB
            if let first = all.first, let other = all.first(where: { $0.checkpoint.origin != first.checkpoint.origin })
            {
                throw InputError("checkpoints of two logs (\(first.checkpoint.origin), \(other.checkpoint.origin))")
            }
            try decide(sideA, sideB, proofsA + proofsB, BundleCheckpoints.disputedLeaves(bundleA, bundleB), &status)
        }
        if status != .valid { throw ExitCode(status.rawValue) }
    }

    private func decide(
        _ sideA: [SignedCheckpoint], _ sideB: [SignedCheckpoint], _ bundled: [ConsistencyProof],
        _ leaves: ([CheckpointComparison.Leaf], [CheckpointComparison.Leaf]), _ status: inout ExitStatus
    ) throws {
        var proofs = bundled
        if let proof {
            do {
                proofs.append(try BundleCheckpoints.consistencyProof(json: try CLI.readFile(proof, limit: 1 << 20)))
            } catch let e as BundleCheckpoints.Failure { throw InputError("--proof \(proof): \(e)") }
        }
        switch CheckpointComparison.compare(
            sideA, sideB, proofs: proofs, leavesA: leaves.0, leavesB: leaves.1)
        {
        case .consistent(let why):
            print("consistent: \(why)")
        case .undetermined(let why):
            print("undetermined: \(why)")
            status = .indeterminate
        case .equivocation(let evidence):
            let outcome = evidence.verify(trusting: sideA.flatMap(\.verifiedBy) + sideB.flatMap(\.verifiedBy))
            // Only what `verify --equivocation` would prove is called an equivocation (two notes
            // by one key named by the origin); anything less frames no one.
            guard outcome.verdict == .valid else {
                print("undetermined: the conflicting checkpoints are not proven to be one log's: \(outcome.statement)")
                status = .indeterminate
                return
            }
            print("equivocation: \(outcome.statement)")
            if let output {
                try CLI.writeFileAtomically(output, evidence.encode(), existing: outputs.existing)
                if output != "-" {
                    print("equivocation proof written to \(output) (check it with `evident verify --equivocation`)")
                }
            } else {
                print("give -o FILE to write the equivocation proof")
            }
            status = .invalid
        }
    }

    /// The notes, consistency proofs and proven leaves of a note file or a bundle.
    static func read(_ path: String) throws -> ([[UInt8]], [ConsistencyProof], BundleCheckpoints?) {
        guard CLI.isRegularFile(path) else { throw InputError("\(path): not a readable file") }
        if BundleVerifier.notABundle(path: path) == nil {
            let bundle = try BundleCheckpoints(path: path)
            guard !bundle.notes.isEmpty else { throw InputError("\(path): the bundle holds no checkpoint note") }
            return (bundle.notes, bundle.proofs, bundle)
        }
        return ([try CLI.readFile(path, limit: SignedNote.maxNoteSize)], [], nil)
    }

    /// A note that no given key signed: the comparison is undetermined, not refused.
    struct Untrusted: Error {
        let message: String
    }

    /// Each note opened under the trusted keys.
    static func open(_ notes: [[UInt8]], _ path: String, _ keys: [NoteVerifierKey]) throws -> [SignedCheckpoint] {
        try notes.map { note in
            do { return try SignedCheckpoint.open(note, trusting: keys) } catch let e as NoteError
                where e.code == .noTrustedSignature
            {
                throw Untrusted(message: "\(path): \(e)")
            } catch {
                throw InputError("\(path): not a checkpoint signed by a given log key: \(error)")
            }
        }
    }
}
