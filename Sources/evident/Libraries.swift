import ArgumentParser
import EvidentCrypto

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
