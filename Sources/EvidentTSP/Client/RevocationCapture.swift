import EvidentCrypto
import EvidentDER

/// Long-term validation data (`evident stamp --ltv`): right after stamping, fetch the CRL of
/// every certificate on the TSA's validated path (all but the root) from its CRL distribution
/// points, so the token can be validated at genTime years later with no network.
public enum RevocationCapture {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// The CRLs (DER) covering `chain` (leaf first, root last). Throws when a certificate names
    /// no distribution point or none of its points yields a parseable CRL from its issuer.
    public static func fetchCRLs(chain: [[UInt8]], client: HTTPClient, options: HTTPClient.Options) throws -> [[UInt8]] {
        var out: [[UInt8]] = []
        for der in chain.dropLast() {
            let cert = try Certificate(derEncoded: der)
            let issuer = try X509Certificate(derEncoded: der).issuer
            let uris = cert.crlDistributionURIs.filter { $0.hasPrefix("http://") || $0.hasPrefix("https://") }
            guard !uris.isEmpty else {
                throw Failure(description: "\(cert.subject) names no HTTP CRL distribution point")
            }
            var problems: [String] = []
            var found: [UInt8]? = nil
            for uri in uris {
                do {
                    let r = try client.get(url: uri, options: options)
                    guard r.status == 200 else { problems.append("\(uri): HTTP status \(r.status)"); continue }
                    let crls = try PEM.crls(r.body)
                    guard let crl = crls.first, crl.issuer == issuer else {
                        problems.append("\(uri): CRL is not from \(cert.issuer)")
                        continue
                    }
                    found = crl.derBytes
                    break
                } catch {
                    problems.append("\(uri): \(error)")
                }
            }
            guard let crl = found else {
                throw Failure(description: "no CRL for \(cert.subject): \(problems.joined(separator: "; "))")
            }
            out.append(crl)
        }
        return out
    }
}
