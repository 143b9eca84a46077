import EvidentCrypto
import EvidentDER
import EvidentTSP
import EvidentTestSupport
import Testing

/// Our read-only X.509 view against OpenSSL's parser, on every certificate carried by the
/// corpus tokens: same subject and issuer (RFC 2253 / RFC 4514 text).
@Suite struct CertificateViewTests {
    @Test func namesMatchOpenSSL() throws {
        var compared = 0
        for url in TestSupport.files(under: "tsa", extensions: CorpusTests.extensions) {
            guard let (message, _) = try? TSPMessage.decode(TestSupport.read(url), rules: .lenientBER) else { continue }
            let token: TimeStampToken?
            switch message {
            case .token(let t): token = t
            case .response(let r): token = r.token
            case .request: token = nil
            }
            for cert in token?.signedData.x509Certificates ?? [] {
                let theirs = try X509Certificate(derEncoded: cert.derBytes)
                // OpenSSL escapes every non-ASCII byte as \XX under RFC 2253; compare ASCII names.
                guard theirs.subject.utf8.allSatisfy({ $0 < 0x80 }), theirs.issuer.utf8.allSatisfy({ $0 < 0x80 }),
                    !theirs.subject.contains("\\"), !theirs.issuer.contains("\\")
                else { continue }
                #expect(cert.subject.description == theirs.subject, "\(TestSupport.relative(url, to: "tsa"))")
                #expect(cert.issuer.description == theirs.issuer, "\(TestSupport.relative(url, to: "tsa"))")
                compared += 1
            }
        }
        #expect(compared >= 50, "compared \(compared) certificates")
    }
}
