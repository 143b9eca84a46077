import ArgumentParser
import EvidentCrypto
import EvidentDER
import EvidentLedger

struct KeyRotate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate", abstract: "Write a rotation record old → new, signed by both keys.",
        discussion: "Both key files are opened with the same passphrase options (plaintext files need none).")

    @Option(help: "The current key file.") var old: String
    @Option(help: "The new key file (from `evident key new`).") var new: String
    @Option(name: [.customShort("o"), .customLong("output")], help: "The rotation record to write.") var out: String
    @Option(help: "Rotation time, RFC 3339 UTC (default: now).") var at: String = "now"
    @OptionGroup var passphrase: PassphraseOptions

    func run() throws {
        try CLI.guarding {
            let oldKey = try passphrase.openKey(old), newKey = try passphrase.openKey(new)
            guard oldKey.keyID != newKey.keyID else { throw InputError("--old and --new are the same key") }
            let record = KeyRecord.rotation(from: oldKey, to: newKey, at: try CLI.time(at, "--at"))
            try KeyFileIO.writeNew(out, try record.encoded() + [0x0A], mode: 0o644)
            print("rotation: \(oldKey.keyID) -> \(newKey.keyID)")
        }
    }
}
