import EvidentCore
import EvidentLedger

/// A witness policy given to the verifier (`evident verify --policy FILE`, c2sp.org/tlog-policy):
/// the parsed policy and its file's name and SHA-256, a trust input like a ledger key.
public struct AppliedWitnessPolicy: Sendable {
    public let policy: WitnessPolicy
    public let file: String
    public let sha256: String

    public init(policy: WitnessPolicy, file: String, sha256: String) {
        self.policy = policy
        self.file = file
        self.sha256 = sha256
    }
}

/// The bundle's cosigned checkpoint notes against a witness policy (docs/verification.md,
/// `cosigned-note` and `witness-policy`).
enum WitnessPolicyCheck {
    /// What a policy says about the covering checkpoint.
    enum Outcome {
        case met(WitnessPolicy.Evaluation)
        /// Verified, but too few policy witnesses cosigned it: indeterminate.
        case belowQuorum(WitnessPolicy.Evaluation)
        /// No log of the policy signed it under the bundle's origin: indeterminate.
        case logNotAccepted(String)
        /// A policy witness's (or log's) signature line fails to verify: the note is malformed.
        case malformed(String)
    }

    /// The cosigned note, when it is the log-signed note byte for byte followed only by
    /// signature lines; else why not (the bundle is then invalid).
    static func cosigned(_ cosigned: [UInt8], note: [UInt8]) -> Result<SignedNote, Problem> {
        guard cosigned.count > note.count, cosigned.starts(with: note) else {
            return .failure(Problem("does not begin with the bytes of the log-signed note it cosigns, or adds nothing"))
        }
        do {
            _ = try SignedNote.parseSignatureLines(Array(cosigned[note.count...]))
            return .success(try SignedNote.parse(cosigned))
        } catch {
            return .failure(Problem("adds more than signature lines to the log-signed note: \(error)"))
        }
    }

    struct Problem: Error, CustomStringConvertible {
        let description: String
        init(_ d: String) { description = d }
    }

    /// The policy applied to `note` (the covering checkpoint, cosigned or not) of the log `origin`,
    /// whose keys the verifier was given as `logKeys` (used when the policy lists no logs).
    static func evaluate(
        _ policy: WitnessPolicy, note: SignedNote, origin: String, logKeys: [NoteVerifierKey]
    ) -> Outcome {
        let text = Array(note.text.utf8)
        // A line by a policy witness's key that does not verify: named, the note is malformed.
        for w in policy.witnesses {
            for line in note.signatures
            where w.key.matches(line) && !w.key.isValidSignature(line.signature, forText: text) {
                return .malformed(
                    "the cosignature of policy witness \(DisplayText.safe(w.name.text)) (key \(DisplayText.safe(w.key.name))) does not verify over the checkpoint: the note is malformed"
                )
            }
        }
        do {
            let e = try policy.evaluate(note, origin: origin, logKeys: logKeys)
            return e.quorumMet ? .met(e) : .belowQuorum(e)
        } catch let e as NoteError where e.code == .noTrustedSignature {
            return .logNotAccepted("the policy does not accept this log: \(e.detail)")
        } catch {
            return .malformed("\(error)")
        }
    }

    /// The cosigners, named as the policy names them, with their cosignature times (UTC).
    static func describe(_ cosigners: [WitnessPolicy.Cosigner]) -> String {
        cosigners.isEmpty
            ? "no policy witness cosigned it"
            : "cosigned by "
                + cosigners.map {
                    "\(DisplayText.safe($0.name.text)) at \(Cosignature.describe(timestamp: $0.timestamp))"
                }
                .joined(separator: ", ")
    }
}
