import ArgumentParser
import EvidentCore
import EvidentCrypto
import EvidentDER
import EvidentLedger

#if canImport(Glibc)
import Glibc
#endif

/// `evident receipt`: sign a receipt draft, verify a receipt (docs/receipt.md).
struct ReceiptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receipt", abstract: "Sign and verify receipts (schema v1).",
        subcommands: [ReceiptSign.self, ReceiptVerify.self])
}

struct ReceiptSign: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Sign a receipt draft; print the canonical receipt, then its hash (sha256 hex) on a second line.")

    @Option(name: .customLong("signing-key"), help: "The ledger signing key file.") var key: String
    @Option(name: .customLong("draft"), help: "The draft: a JSON file, or - for stdin.") var json: String
    @Option(help: "A field to store as a keyed hash: actor, action, resource, scope, approvers (repeatable).")
    var sensitive: [String] = []
    @Option(help: "The ledger's field key for --sensitive: a file with 64 hex digits.") var fieldKey: String?
    @OptionGroup var passphrase: PassphraseOptions

    func validate() throws {
        if !sensitive.isEmpty && fieldKey == nil { throw ValidationError("--sensitive needs --field-key") }
        for s in sensitive where SensitiveField(rawValue: s) == nil {
            throw ValidationError(
                "--sensitive \(s): one of \(SensitiveField.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        try CLI.guarding {
            let input =
                json == "-"
                ? try ReceiptSign.readStdin(limit: ReceiptLimits.maxReceiptSize)
                : try CLI.readFile(json, limit: ReceiptLimits.maxReceiptSize)
            var draft = try ReceiptDraft(json: input)
            if let fieldKey {
                var text = try CLI.readFile(fieldKey, limit: 256)
                defer { SealedSecret.wipe(&text) }
                guard var bytes = Hex.decode(String(decoding: text, as: UTF8.self).filter { !$0.isWhitespace }) else {
                    throw InputError("--field-key \(fieldKey): not hex")
                }
                defer { SealedSecret.wipe(&bytes) }
                draft = draft.protecting(
                    Set(sensitive.compactMap(SensitiveField.init(rawValue:))), with: try SensitiveFieldKey(bytes: bytes)
                )
            }
            let receipt = try draft.sign(with: try passphrase.openKey(key))
            CLI.writeStdout(receipt.canonicalBytes + [0x0A] + Array("\(receipt.receiptHashHex)\n".utf8))
        }
    }

    static func readStdin(limit: Int) throws -> [UInt8] {
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buf.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
            if n < 0 { throw InputError("stdin: read error") }
            if n == 0 { return out }
            out += buf[0..<n]
            if out.count > limit { throw InputError("stdin: larger than the \(limit)-byte limit") }
        }
    }
}

struct ReceiptVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Verify a receipt against ledger public keys and key records.",
        discussion: """
            --ledger-key takes public key files, key files (only their public part is read) and rotation or
            revocation records, in any order. The key's validity is judged at the receipt's issued_at;
            expiry at --at (default now).
            Exit status: 0 valid, 1 invalid, 3 indeterminate (the receipt's key is not among --ledger-key),
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
    /// ReceiptVerification (canonical form, schema, key validity at issued_at, signature, expiry
    /// at `now`), the outcome printed, the receipt's hash when it parsed.
    static func verify(_ path: String, ring: KeyRing, now: ReceiptTime) throws -> ReceiptOutcome {
        let bytes = try CLI.readFile(path, limit: ReceiptLimits.maxReceiptSize + 1)
        let (r, outcome) = ReceiptVerification.verify(bytes: bytes, ring: ring, now: now)
        print(DisplayText.safe("\(outcome)"))
        if let r { print("receipt: \(r.receiptHashHex) (\(r.draft.stream)#\(r.draft.sequence), signed by \(r.keyID))") }
        return outcome
    }
}
