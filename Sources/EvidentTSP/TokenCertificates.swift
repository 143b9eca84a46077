import EvidentCrypto
import EvidentDER

/// Finding certificates inside a token, by the rules of RFC 5652 §5.3 (sid) and RFC 5035 (ESS).
/// Display only: a verifier must decide trust from its own inputs.
public enum TokenCertificates {
    /// The certificate the SignerIdentifier names, or nil. Never guesses.
    public static func signer(of si: SignerInfo, in certs: [Certificate]) -> Certificate? {
        certs.first { cert in
            switch si.sid {
            case .issuerAndSerialNumber(let issuer, let serial):
                return cert.issuer.derBytes == issuer.derBytes && cert.serialNumber == serial
            case .subjectKeyIdentifier(let ski):
                guard let ext = cert.extension(.subjectKeyIdentifier),
                    let e = try? DERParser.parse(ext.value), let v = try? e.octetString()
                else { return false }
                return Array(v) == ski
            }
        }
    }

    /// The certificate an ESSCertID designates (hash, and issuer/serial when present).
    public static func match(_ id: ESSCertID, in certs: [Certificate]) -> Certificate? {
        guard let alg = id.hashAlgorithm.digest else { return nil }
        return certs.first { cert in
            guard let h = try? Digest.hash(alg, cert.derBytes), h == id.certHash else { return false }
            guard let s = id.issuerSerial else { return true }
            let issuerMatches = s.issuer.contains {
                if case .directoryName(let n) = $0 { return n.derBytes == cert.issuer.derBytes } else { return false }
            }
            return issuerMatches && s.serialNumber == cert.serialNumber
        }
    }
}
