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

/// The plain-text VERIFY file: the stock `openssl ts -verify` command for every token.
enum BundleVerifyText {
    static func header(origin: String) -> String {
        """
        Evident audit bundle for the ledger \(origin) (format \(BundleFormat.formatName) v\(BundleFormat.version), docs/bundle.md).

        Full offline verification (receipts, chains, proofs, checkpoints, anchors):

            evident verify THIS-BUNDLE.evb --tsa-roots TSA-ROOTS.pem --ledger-key LEDGER-KEY.pub.json

        Each anchor is an RFC 3161 time-stamp token over SHA-256 of a checkpoint note. To re-check a
        token with stock OpenSSL, unpack the bundle (tar -xf THIS-BUNDLE.evb) and run the commands
        below from the unpacked directory. TSA-ROOTS.pem stands for the TSA root certificates you
        trust (not taken from the bundle). The digest is `sha256sum` of the checkpoint note; OpenSSL
        validates the TSA certificate at the current time unless given -attime (the genTime is shown).


        """
    }

    static func anchor(checkpoint: String, imprint: [UInt8], tsa: String, genTimeMillis: Int64, base: String) -> String
    {
        let genTime = (try? ReceiptTime(millisecondsSinceEpoch: genTimeMillis).description) ?? "\(genTimeMillis) ms"
        return """
            # \(checkpoint), anchored by \(tsa) at \(genTime) (genTime)
            sha256sum \(checkpoint)    # \(Hex.encode(imprint))
            openssl ts -verify -digest \(Hex.encode(imprint)) -in \(base).tsr -CAfile TSA-ROOTS.pem -untrusted \(base).chain.pem -attime \(genTimeMillis / 1000)
            openssl ts -verify -queryfile \(base).tsq -in \(base).tsr -CAfile TSA-ROOTS.pem -untrusted \(base).chain.pem -attime \(genTimeMillis / 1000)


            """
    }

    static let noAnchors = "# This bundle holds no anchors: the receipts' times are not proven by any TSA.\n"
}
