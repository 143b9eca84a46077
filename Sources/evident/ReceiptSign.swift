import ArgumentParser
import EvidentCore
import EvidentCrypto
import EvidentDER
import EvidentLedger

#if canImport(Glibc)
import Glibc
#endif

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
