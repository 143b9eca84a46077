import ArgumentParser
import EvidentCore
import EvidentCrypto
import EvidentDER
import EvidentLedger
import EvidentSQLite
import EvidentTSP

#if canImport(Glibc)
import Glibc
#endif

struct CheckpointCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Sign a C2SP checkpoint of the log (idempotent when the log has not grown).",
        discussion: """
            The configured witnesses (`evident ledger witness add`) are asked to cosign it, concurrently; their cosignatures
            are stored beside the checkpoint, whose note bytes never change. With --min-witnesses N, fewer than N valid
            cosignatures exit 1 naming each witness's failure, and nothing is recorded as cosigned.
            Exit status: 0 signed (and cosigned as required), 1 too few witnesses, 2 bad input.
            """)
    @OptionGroup var ledger: LedgerOptions
    @Option(name: .customLong("signing-key"), help: "The ledger signing key file.") var key: String
    @OptionGroup var passphrase: PassphraseOptions
    @OptionGroup var outputs: OutputOptions
    @Option(name: .shortAndLong, help: "Also write the signed checkpoint note to this file.") var output: String?
    @OptionGroup var witnesses: WitnessOptions

    func run() throws {
        try CLI.guarding {
            let l = try ledger.open()
            let k = try LedgerKeys.secret(key, passphrase: passphrase)
            let c: StoredCheckpoint
            do {
                c = try l.checkpoint(
                    signers: [try NoteSigner(name: l.origin, key: k.secretKey)], nowMillis: WallClock.seconds() * 1000)
            }
            if let output { try CLI.writeFileAtomically(output, c.note, existing: outputs.existing) }
            CLI.writeStdout(c.note)
            do { _ = try witnesses.collect(l, c) } catch let e as Witnessing.Failure {
                CLI.printError("evident: checkpoint not witnessed: \(e.detail)")
                throw ExitCode(ExitStatus.invalid.rawValue)
            }
        }
    }
}
