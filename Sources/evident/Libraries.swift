import ArgumentParser
import EvidentCore
import EvidentCrypto

struct Libraries: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "libraries", abstract: "Print the versions of the C libraries this build uses.")

    /// The versions the linked libraries report at run time (not the headers it was compiled with).
    static var linked: [String] {
        ["OpenSSL: \(CryptoLibraries.openssl)", "libsodium: \(CryptoLibraries.sodium)"]
    }

    /// libcurl's version: asking loads it (CurlLibrary).
    static var curl: String { "libcurl: \(CryptoLibraries.curl)" }

    /// `evident --version`: the version on the first line, then the commit and the libraries. It
    /// does not load libcurl (loading it and the thirty libraries it needs would triple the
    /// command's start time: BENCHMARKS.md, "Start time"); `evident libraries` does.
    static var versionText: String {
        ([EvidentVersion.current, "commit: \(EvidentVersion.commit ?? "unknown")"] + linked + [
            "libcurl: loaded on the first HTTP request ('evident libraries' loads it and prints its version)"
        ]).joined(separator: "\n")
    }

    func run() throws {
        CryptoLibraries.initialize()
        for line in Self.linked + [Self.curl] { print(line) }
    }
}
