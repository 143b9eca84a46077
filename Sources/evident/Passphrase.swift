import EvidentCrypto
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

    /// Opens a ledger key file (a plaintext one needs no passphrase).
    func openKey(_ path: String) throws -> LedgerKey {
        let bytes = try KeyFileIO.readFile(path)
        do { return try LedgerKeyFile.decode(bytes) { try read() } } catch let e as KeyError {
            throw InputError("\(path): \(e)")
        }
    }
}

extension CLI {
    /// Milliseconds now, as a receipt time.
    static func now() throws -> ReceiptTime { try ReceiptTime(millisecondsSinceEpoch: WallClock.millis()) }

    /// An RFC 3339 UTC time from an option (fraction optional), or "now".
    static func time(_ text: String, _ option: String) throws -> ReceiptTime {
        if text == "now" { return try now() }
        do { return try ReceiptTime(lenient: text) } catch { throw InputError("\(option): '\(text)' is not an RFC 3339 UTC time (YYYY-MM-DDTHH:MM:SS[.fff]Z) or now") }
    }
}
