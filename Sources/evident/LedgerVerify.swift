import ArgumentParser
import EvidentCore
import EvidentLedger

struct LedgerVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract:
            "Re-check every receipt signature, chain link, tree hash and stored checkpoint; name the first bad object.",
        discussion: """
            Exit 0 when everything verifies; 1 with the first failure; 3 (indeterminate) when nothing failed but \
            receipts name keys not given (the first are listed).
            """)
    @OptionGroup var ledger: LedgerOptions
    @Option(
        name: .customLong("ledger-key"),
        help: "Ledger public key files and key records (rotation, revocation); repeatable.") var keys: [String]

    func run() throws {
        var verdict = Verdict.valid
        try CLI.guarding {
            let l = try ledger.open()
            let (publicKeys, records) = try LedgerKeys.load(keys)
            do {
                let s = try LedgerAudit.audited(ledger: l, publicKeys: publicKeys, records: records).run()
                verdict = s.verdict
                let counts =
                    "\(s.entries) receipts in \(s.streams) streams, \(s.checkpoints) checkpoints, \(s.anchors) anchors, \(s.cosignatures) witness cosignatures\(s.cosignaturesUnchecked > 0 ? " (\(s.cosignaturesUnchecked) more by witnesses no longer configured, not checked)" : ""), root \(s.root.map(\.base64) ?? "(empty)")"
                if verdict == .valid {
                    print("ledger valid: \(counts)")
                } else {
                    print(
                        "ledger INDETERMINATE: \(s.undecidedCount) finding(s) could not be decided with the keys given; \(counts)"
                    )
                    for f in s.undecided.prefix(10) { print("  \(DisplayText.safe(f.description))") }
                }
            } catch let p as LedgerAudit.Problem {
                print("ledger INVALID: \(DisplayText.safe(p.description))")
                verdict = .invalid
            }
        }
        try CLI.exit(with: verdict)
    }
}
