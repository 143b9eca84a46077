import ArgumentParser
import EvidentCore
import EvidentLedger

/// `evident verify --equivocation FILE (--ledger-key K | --policy P)`: checks an equivocation
/// proof (docs/witness.md) offline. Exit 0 when it proves the log misbehaved, 1 when it does not
/// (the failing check is named), 3 when a note has no signature by a given key, 2 bad input.
extension VerifyBundle {
    func validateEquivocation() throws {
        if bundle != nil || receipt != nil { throw ValidationError("--equivocation takes no BUNDLE and no --receipt") }
        if ledgerKey.isEmpty && policy == nil {
            throw ValidationError("give --ledger-key or --policy: the log keys to trust")
        }
    }

    func verifyEquivocation(_ path: String) throws {
        var verdict = Verdict.valid
        try CLI.guarding {
            let bytes = try CLI.readFile(path, limit: EquivocationProof.maxSize)
            let proof: EquivocationProof
            do { proof = try EquivocationProof.parse(bytes) } catch {
                print("equivocation: NOT PROVEN — check format: \(error)")
                verdict = .invalid
                return
            }
            let (keys, ended) = try TrustedLogKeys.load(
                ledgerKeys: ledgerKey, policy: policy, origin: proof.claimedOrigin)
            let outcome = proof.verify(trusting: keys)
            print("trusted log keys: \(keys.map(\.vkey).joined(separator: ", "))")
            for e in ended { print(DisplayText.safe("not trusted for notes without a time-stamp: \(e)")) }
            switch outcome.verdict {
            case .valid: print("equivocation: PROVEN (\(outcome.check)) — \(outcome.statement)")
            case .invalid: print("equivocation: NOT PROVEN — check \(outcome.check): \(outcome.statement)")
            case .indeterminate: print("equivocation: INDETERMINATE — check \(outcome.check): \(outcome.statement)")
            }
            verdict = outcome.verdict
        }
        try CLI.exit(with: verdict)
    }
}

/// The log keys a verifier trusts for notes that carry no time-stamp: `--ledger-key` public key
/// files (a log key is named by the log's origin, so they are named by the origin the evidence
/// claims) and the `log` lines of a `--policy` file — less every key the key records given with
/// `--ledger-key` end (revoked, rotated out) by now: nothing proves an untimed note was signed
/// before its key's end (red team round 16: an equivocation "proven" with a revoked key's notes).
enum TrustedLogKeys {
    static func load(
        ledgerKeys: [String], policy: String?, origin: String?
    ) throws -> (keys: [NoteVerifierKey], ended: [String]) {
        var keys = try policy.map { try WitnessLogList.keys($0, option: "--policy") } ?? []
        guard !ledgerKeys.isEmpty else { return (keys, []) }
        guard let origin, !origin.isEmpty else { throw InputError("the evidence names no log origin") }
        let ring = try LedgerKeys.ring(ledgerKeys)
        do {
            keys += try ring.entries.sorted { $0.key < $1.key }.map {
                try NoteVerifierKey(name: origin, publicKey: $0.value.publicKey)
            }
        } catch let e as NoteError {
            throw InputError("the origin \(origin.prefix(100)) is not a log key name: \(e)")
        }
        let now = WallClock.millis()
        var kept: [NoteVerifierKey] = [], ended: [String] = []
        for key in keys {
            if ring.hasEnded(key.publicKey, by: now) {
                ended.append("\(key.vkey) (\(LedgerKey.keyID(for: key.publicKey)): its validity ended by now)")
            } else {
                kept.append(key)
            }
        }
        return (kept, ended)
    }
}
