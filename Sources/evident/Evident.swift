import ArgumentParser
import EvidentCore
import EvidentCrypto

/// The `evident` command. Exit statuses (also in the README and docs/cli.md; `ExitStatus`):
/// 0 success or valid; 1 invalid; 2 bad input (a file that cannot be read or decoded, a
/// malformed value); 3 indeterminate; 64 usage error.
@main
struct Evident: AsyncParsableCommand {
    /// Old spellings become new ones (with a warning) and unknown commands or options get a
    /// suggestion (Spellings) before ArgumentParser parses.
    static func main() async {
        let arguments: [String]
        do {
            arguments = try Spellings.rewrite(Array(CommandLine.arguments.dropFirst())) { CLI.printError($0) }
        } catch let e as Spellings.Unknown {
            CLI.printError("evident: error: \(e.message)")
            CLI.printError("Run 'evident help' for the commands and their options.")
            exit(withError: ExitCode.validationFailure)
        } catch {
            exit(withError: error)
        }
        // `--version` names the libraries it runs with; asking libcurl for its version reads the
        // system's name-service configuration, so only this command pays for it (every other
        // command starts without touching it: BundleCLITests.bundleVerificationNeedsNoNetwork).
        if arguments == ["--version"] {
            print(Libraries.versionText)
            return
        }
        await main(arguments)
    }

    static let configuration = CommandConfiguration(
        commandName: "evident",
        abstract: "RFC 3161 time-stamping and verifiable evidence bundles.",
        version: EvidentVersion.current,
        subcommands: [
            TS.self, Stamp.self, TSA.self, Key.self, LedgerGroup.self, Mint.self, CheckpointGroup.self,
            ReceiptCommand.self,
            Receipts.self, Proof.self, GateCommand.self, AnchorCommand.self, StatusCommand.self, Export.self,
            VerifyBundle.self, VerifierHTML.self, Serve.self, WitnessCommand.self,
            Renew.self, EvidenceRecordGroup.self, Libraries.self,
        ])
}
