import ArgumentParser
import EvidentCore
import EvidentCrypto

/// The `evident` command. Exit statuses (also in the README and docs/cli.md; `ExitStatus`):
/// 0 success or valid; 1 invalid; 2 bad input (a file that cannot be read or decoded, a
/// malformed value); 3 indeterminate; 64 usage error.
@main
struct Evident: AsyncParsableCommand {
    /// Old spellings become new ones (with a warning) and unknown commands get a suggestion
    /// (Spellings) before ArgumentParser parses; an unknown option gets its suggestion only when
    /// parsing has failed, because finding a command's options renders its help (milliseconds of
    /// start time that a correct command line would pay for nothing: BENCHMARKS.md, "Start time").
    static func main() async {
        let given = Array(CommandLine.arguments.dropFirst())
        // `--version` names the libraries it runs with, except libcurl, which is loaded only for
        // HTTP (CurlLibrary; `evident libraries` names it): no command starts by touching the
        // network configuration (AnchorTests.bundleVerificationNeedsNoNetwork).
        if given == ["--version"] {
            print(Libraries.versionText)
            return
        }
        let arguments: [String]
        do {
            arguments = try Spellings.rewrite(given) { CLI.printError($0) }
        } catch let e as Spellings.Unknown {
            usageError(e)
        } catch {
            exit(withError: error)
        }
        var command: any ParsableCommand
        do {
            command = try await asyncParseAsRoot(arguments)
        } catch {
            if let unknown = Spellings.unknownOption(in: arguments) { usageError(unknown) }
            exit(withError: error)
        }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }

    static func usageError(_ e: Spellings.Unknown) -> Never {
        CLI.printError("evident: error: \(e.message)")
        CLI.printError("Run 'evident help' for the commands and their options.")
        exit(withError: ExitCode.validationFailure)
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
