import EvidentCore
import EvidentCrypto
import EvidentDER
import EvidentLedger
import EvidentTSP

/// Small JSON and hashing helpers shared by export and verification.
enum BundleJSON {
    /// One canonical JSON line (RFC 8785) with its newline.
    static func line(_ value: JCSValue) throws -> [UInt8] { try JCS.serialize(value) + [0x0A] }

    /// SHA-256 of the TimeStampToken (the ContentInfo) inside a TimeStampResp.
    static func tokenHash(_ response: [UInt8]) throws -> String? {
        guard let token = try TimeStampResponse(derEncoded: response, rules: .tolerant).token else { return nil }
        return Hex.encode(try Digest.hash(.sha256, token.derBytes))
    }

    /// The lines of a JSON-lines file (each ends in a newline; no empty lines).
    static func lines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>]? {
        if bytes.isEmpty { return [] }
        guard bytes.last == 0x0A else { return nil }
        let lines = bytes.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false)
        return lines.contains(where: \.isEmpty) ? nil : lines
    }
}
