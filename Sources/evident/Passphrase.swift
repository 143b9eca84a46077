import ArgumentParser
import EvidentLedger

#if canImport(Glibc)
import Glibc
#endif

/// Where a passphrase comes from: a file, or an environment variable (never the command line).
struct PassphraseOptions: ParsableArguments {
    @Option(help: "Read the key passphrase from this file (first line).") var passphraseFile: String?
    @Option(help: "Read the key passphrase from this environment variable.") var passphraseEnv: String?

    func passphrase() throws -> [UInt8]? {
        if let passphraseFile {
            let bytes = try CLI.readFile(passphraseFile, limit: 4096)
            let line = bytes.prefix(while: { $0 != 0x0A && $0 != 0x0D })
            guard !line.isEmpty else { throw InputError("--passphrase-file \(passphraseFile): empty") }
            return Array(line)
        }
        if let passphraseEnv {
            guard let v = getenv(passphraseEnv), v.pointee != 0 else {
                throw InputError("--passphrase-env: \(passphraseEnv) is not set")
            }
            return Array(String(cString: v).utf8)
        }
        return nil
    }
}

/// Ledger key files open with the same passphrase options as TSA keys.
extension PassphraseOptions {
    var given: Bool { passphraseEnv != nil || passphraseFile != nil }

    /// The passphrase bytes for a sealed key file; the caller wipes them (SealedSecret.wipe).
    func read() throws -> [UInt8] {
        guard let bytes = try passphrase() else {
            throw InputError("the key file is sealed: give --passphrase-env or --passphrase-file")
        }
        return bytes
    }

    /// Opens a ledger key file (a plaintext one needs no passphrase): LedgerKeys.secret, the one loader.
    func openKey(_ path: String) throws -> LedgerKey { try LedgerKeys.secret(path, passphrase: self) }
}
