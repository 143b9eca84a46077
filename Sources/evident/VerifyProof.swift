import EvidentCore
import EvidentCrypto
import EvidentLedger

/// `evident verify --receipt R --proof P [--policy POL]`: one receipt (as `receipt verify`
/// checks it), then its c2sp.org/tlog-proof: the leaf recomputed from the receipt, the
/// checkpoint signed by the ledger (a policy log, or `--ledger-key` named by the origin), the
/// policy's cosignatures, the inclusion path. The verdict is the worst of the two.
enum VerifyProof {
    static func verify(
        receipt path: String, proof proofPath: String, policy: WitnessPolicy?, ring: KeyRing
    ) throws -> Verdict {
        let receiptOutcome = try ReceiptVerify.verify(
            path, ring: ring, now: try ReceiptTime(millisecondsSinceEpoch: WallClock.millis()))
        let bytes = try CLI.readFile(path, limit: ReceiptLimits.maxReceiptSize + 1)
        let proof: TlogProof
        do { proof = try TlogProof.parse(try CLI.readFile(proofPath, limit: TlogProof.maxSize)) } catch let e
            as NoteError
        {
            throw InputError("--proof \(proofPath): \(e)")
        }
        guard let receipt = try? Receipt(json: bytes.last == 0x0A ? Array(bytes.dropLast()) : bytes) else {
            print("tlog-proof: not checked (the receipt does not parse)")
            return .invalid
        }
        if let extra = proof.extra, extra != receipt.receiptHash {
            print("tlog-proof: invalid: its extra line names receipt \(Hex.encode(extra)), not this one")
            return .invalid
        }
        // The checkpoint as a receipt: a key that was revoked or rotated out signs only what is
        // proven to exist before then, and nothing here carries a time-stamp. So it is first
        // checked with the keys that have no such end; signed only by ended keys, it is undecided.
        // The policy's log keys too: one the ring knows to have ended is not trusted here.
        let now = WallClock.millis()  // the checkpoint exists now: an end still to come is no doubt
        func verify(untimedOnly: Bool) throws -> TlogProof.Verified {
            try proof.verify(
                leafHash: try receipt.leafHash(), policy: policy,
                logKeys: { origin in
                    try ring.entries.values.map { try NoteVerifierKey(name: origin, publicKey: $0.publicKey) }
                },
                usable: { !untimedOnly || !ring.hasEnded($0.publicKey, by: now) })
        }
        let verified: TlogProof.Verified
        var signedOnlyByEndedKeys = false
        do {
            do { verified = try verify(untimedOnly: true) } catch let e as NoteError where e.code == .noTrustedSignature
            {
                verified = try verify(untimedOnly: false)
                signedOnlyByEndedKeys = true
            }
        } catch let e as NoteError where e.code == .noTrustedSignature {
            print(
                DisplayText.safe("tlog-proof: indeterminate: the checkpoint is not signed by a trusted log key: \(e)"))
            return Verdict.worst(receiptOutcome.verdict, .indeterminate)
        } catch {
            print(DisplayText.safe("tlog-proof: invalid: \(error)"))
            return .invalid
        }
        let c = verified.checkpoint
        if signedOnlyByEndedKeys {
            print(
                DisplayText.safe(
                    "tlog-proof: indeterminate: the checkpoint (\(c.origin), size \(c.treeSize)) is signed only by keys that were revoked or rotated out, and nothing here proves it was signed before then: it may have been signed afterwards with such a key"
                ))
            return Verdict.worst(receiptOutcome.verdict, .indeterminate)
        }
        print(
            DisplayText.safe(
                "tlog-proof: the receipt is leaf \(proof.index) of \(c.origin) at size \(c.treeSize) (root \(c.rootHash.base64)), signed by the log"
            ))
        guard let evaluation = verified.policy else {
            print(
                "witness policy: none applied (give --policy to require cosignatures); the checkpoint may be a split view"
            )
            return receiptOutcome.verdict
        }
        print(DisplayText.safe("witnesses: cosigned by \(evaluation.cosignerList)"))
        if evaluation.quorumMet {
            print(DisplayText.safe("witness policy: quorum met: \(evaluation.explanation)"))
            return receiptOutcome.verdict
        }
        print(DisplayText.safe("witness policy: indeterminate: quorum not met: \(evaluation.explanation)"))
        return Verdict.worst(receiptOutcome.verdict, .indeterminate)
    }
}
