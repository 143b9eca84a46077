import ArgumentParser
import EvidentCore
import EvidentLedger

struct LedgerWitnessAdd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Configure a witness: its submission prefix and its cosigner vkey (type 0x04); its name is the key's."
    )
    @OptionGroup var ledger: LedgerOptions
    @Option(help: "The witness's submission prefix (requests go to URL/add-checkpoint).") var url: String
    @Option(help: "The witness's verifier key, <name>+<key hash>+<base64(0x04 ‖ key)>.") var vkey: String

    func run() throws {
        try CLI.guarding {
            let key: NoteVerifierKey
            do { key = try NoteVerifierKey(vkey: vkey) } catch { throw InputError("--vkey: \(error)") }
            let witness = try LedgerWitness(key: key, url: url, addedAtMillis: WallClock.millis())
            let store = try ledger.open().store
            // One witness, one key: a second name for a configured key would count it twice.
            if let same = try store.witnesses().first(where: {
                $0.key.publicKey == key.publicKey && !$0.name.isExactly(witness.name)
            }) {
                throw InputError("witness \(same.name) already has this public key; a witness is configured once")
            }
            try store.addWitness(witness)
            print(DisplayText.safe("witness \(witness.name) added: \(witness.url)"))
        }
    }
}
