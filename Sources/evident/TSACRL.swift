import ArgumentParser
import EvidentCore
import EvidentCrypto
import EvidentDER
import EvidentServer
import EvidentTSP
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// `evident tsa crl`: a CRL from the TSA's own root, for verifiers to be given out of band.
struct TSACRL: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crl",
        abstract: "Issue a CRL signed by the TSA's root (empty, or revoking the TSA certificate), PEM.",
        discussion: """
            The built-in TSA's certificate names no CRL distribution point, so bundle verification (which requires revocation
            data for every TSA certificate) is given this file with `evident verify --crl`. With --revoke-tsa the TSA
            certificate is listed as revoked from --revoked-at: anchors with a genTime from then on no longer verify.
            """)
    @Option(help: "TSA directory (made by `tsa init`).") var dir: String
    @OptionGroup var passphrase: PassphraseOptions
    @Flag(help: "List the TSA certificate as revoked.") var revokeTsa = false
    @Option(help: "When the TSA certificate was revoked (RFC 3339 UTC; default now).") var revokedAt: String?
    @Option(help: "RFC 5280 CRLReason code (1 keyCompromise by default).") var reason: Int = 1
    @Option(help: "Days until nextUpdate.") var days: Int = 30
    @Option(name: .shortAndLong, help: "The CRL file to write (PEM).") var output: String
    @OptionGroup var outputs: OutputOptions

    func validate() throws {
        if !(0...10).contains(reason) || reason == 7 {
            throw ValidationError("--reason must be an RFC 5280 CRLReason (0-6, 8-10)")
        }
        if days < 1 || days > 3650 { throw ValidationError("--days must be 1…3650") }
        if revokedAt != nil && !revokeTsa { throw ValidationError("--revoked-at goes with --revoke-tsa") }
    }

    func run() throws {
        try CLI.guarding {
            let now = WallClock.seconds()
            let at = try revokedAt.map { try CLI.time($0, "--revoked-at").millisecondsSinceEpoch / 1000 } ?? now
            let crl: X509CRL
            do {
                crl = try TSADirectory(path: dir).issueCRL(
                    passphrase: try passphrase.passphrase(), revokeTSA: revokeTsa ? (at, reason) : nil,
                    now: now, validity: Int64(days) * 86_400)
            }
            try CLI.writeFileAtomically(output, Array(crl.pem.utf8), existing: outputs.existing)
            print(
                "CRL \(output): issued by \(DisplayText.safe(crl.issuer))\(revokeTsa ? ", the TSA certificate revoked" : ", nothing revoked")"
            )
        }
    }
}
