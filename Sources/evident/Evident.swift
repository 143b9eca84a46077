import ArgumentParser
import EvidentCrypto

/// The `evident` command. Exit statuses (also in the README):
/// 0 success; 1 a verification verdict of invalid (later subcommands); 2 bad input (a file
/// that cannot be read or decoded, a malformed value); 64 usage error.
@main
struct Evident: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evident",
        abstract: "RFC 3161 time-stamping and verifiable evidence bundles.",
        version: "0.1.0",
        subcommands: [TS.self, Stamp.self, TSA.self, Key.self, LedgerGroup.self, Mint.self, CheckpointCommand.self, ReceiptCommand.self,
                      Receipts.self, Proof.self, GateCommand.self, AnchorCommand.self, StatusCommand.self, Export.self, VerifyBundle.self, Serve.self,
                      Libraries.self])
}

struct Libraries: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "libraries", abstract: "Print the versions of the C libraries this build uses.")

    func run() throws {
        CryptoLibraries.initialize()
        print("OpenSSL: \(CryptoLibraries.openssl)")
        print("libsodium: \(CryptoLibraries.sodium)")
        print("libcurl: \(CryptoLibraries.curl)")
    }
}
