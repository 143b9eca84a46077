import ArgumentParser
import EvidentCore
import EvidentCrypto
import EvidentDER
import EvidentLedger

#if canImport(Glibc)
import Glibc
#endif

struct ReceiptVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Verify a receipt against ledger public keys and key records.",
        discussion: """
            --ledger-key takes public key files, key files (only their public part is read) and rotation or
            revocation records, in any order. The key's validity is judged at the receipt's issued_at;
            expiry at --at (default now).
            Exit status: 0 valid, 1 invalid, 3 indeterminate (the receipt's key is not among --ledger-key,
            or was revoked or rotated out: a receipt alone does not prove it was signed before then),
            2 bad input, 64 usage error.
            """)

    @Option(help: "The receipt (JSON).") var receipt: String
    @Option(
        name: .customLong("ledger-key"), parsing: .upToNextOption,
        help: "Ledger public key files and key records; repeatable.") var keys: [String]
    @Option(help: "When to check expiry: RFC 3339 UTC time or now.") var at: String = "now"
    @Option(help: "How long a rotated-out key still signs, in seconds.") var overlap: Int64 =
        KeyRing.defaultRotationOverlap / 1000

    func run() throws {
        var verdict = ReceiptOutcome.indeterminate(ReceiptError(.unknownKeyID, "not checked"))
        try CLI.guarding {
            let (publicKeys, records) = try LedgerKeys.load(keys)
            let ring: KeyRing
            do {
                ring = try KeyRing(publicKeys: publicKeys, records: records, rotationOverlap: overlap * 1000)
            } catch let e as KeyError {
                throw InputError("--ledger-key: \(e)")
            }
            verdict = try Self.verify(receipt, ring: ring, now: try CLI.time(at, "--at"))
        }
        try CLI.exit(with: verdict.verdict)
    }

    /// One receipt file checked and reported, for `receipt verify` and `verify --receipt` alike:
    /// ReceiptVerification.verifyAlone (canonical form, schema, key validity at issued_at,
    /// signature, expiry at `now`; a key that was revoked or rotated out leaves it undecided),
    /// the outcome printed, the receipt's hash when it parsed.
    static func verify(_ path: String, ring: KeyRing, now: ReceiptTime) throws -> ReceiptOutcome {
        let bytes = try CLI.readFile(path, limit: ReceiptLimits.maxReceiptSize + 1)
        let (r, outcome) = ReceiptVerification.verifyAlone(
            bytes: bytes, ring: ring, now: now, existsAtMillis: WallClock.millis())
        print(DisplayText.safe("\(outcome)"))
        if let r { print("receipt: \(r.receiptHashHex) (\(r.draft.stream)#\(r.draft.sequence), signed by \(r.keyID))") }
        return outcome
    }
}
