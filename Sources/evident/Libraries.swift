import ArgumentParser
import EvidentCore
import EvidentCrypto

struct Libraries: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "libraries", abstract: "Print the versions of the C libraries this build uses.")

    /// The versions the libraries report at run time (not the headers it was compiled with).
    static var lines: [String] {
        [
            "OpenSSL: \(CryptoLibraries.openssl)",
            "libsodium: \(CryptoLibraries.sodium)",
            "libcurl: \(CryptoLibraries.curl)",
        ]
    }

    /// `evident --version`: the version on the first line, then the commit and the libraries.
    static var versionText: String {
        ([EvidentVersion.current, "commit: \(EvidentVersion.commit ?? "unknown")"] + lines).joined(separator: "\n")
    }

    func run() throws {
        CryptoLibraries.initialize()
        for line in Self.lines { print(line) }
    }
}
