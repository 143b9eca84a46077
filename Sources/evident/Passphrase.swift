import EvidentLedger

/// Ledger key files open with the same passphrase options as TSA keys (TSA.swift).
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
