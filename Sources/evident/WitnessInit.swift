import ArgumentParser
import EvidentCrypto
import EvidentLedger

struct WitnessInit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a witness directory: a cosigner key (sealed), its vkey, an empty log list.",
        discussion: "DIR/witness.vkey is what logs and verifiers configure; add `log` lines to DIR/logs.policy.")

    @Option(help: "Witness directory (created 0700; must not hold a witness key already).") var dir: String
    @Option(help: "The cosigner key name, a schema-less URL such as witness.example/w1.") var name: String
    @OptionGroup var passphrase: PassphraseOptions
    @Flag(help: "Store the key unencrypted (tests only).") var plaintext = false

    func validate() throws {
        if plaintext == passphrase.given {
            throw ValidationError("give exactly one of --passphrase-env, --passphrase-file, --plaintext")
        }
    }

    func run() throws {
        try CLI.guarding {
            var pass = plaintext ? [] : try passphrase.read()
            defer { SealedSecret.wipe(&pass) }
            let directory = WitnessDirectory(path: dir)
            let vkey = try directory.create(name: name) { key in
                try LedgerKeyFile.encode(key, protection: plaintext ? .plaintext : .passphrase(pass))
            }
            print(vkey.vkey)
            CLI.printError("witness created in \(dir); log keys go in \(directory.logsFile)")
        }
    }
}
