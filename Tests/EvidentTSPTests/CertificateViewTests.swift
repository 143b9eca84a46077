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

    /// The parsed-certificate cache shared by every verification made with one set of options
    /// (issue #19, goal 4): the same bytes give the same parsed certificate, other bytes another;
    /// bytes OpenSSL refuses are refused every time, never cached; it stays within its bound.
    @Test func parsedCertificatesAreSharedByTheirExactBytes() throws {
        var ders: [[UInt8]] = []
        for url in TestSupport.files(under: "tsa", extensions: CorpusTests.extensions) {
            guard let (message, _) = try? TSPMessage.decode(TestSupport.read(url), rules: .lenientBER),
                case .response(let r) = message
            else { continue }
            for cert in r.token?.signedData.x509Certificates ?? [] where !ders.contains(cert.derBytes) {
                ders.append(cert.derBytes)
            }
        }
        #expect(ders.count >= 10, "\(ders.count) distinct certificates")
        let cache = X509CertificateCache()
        let first = try cache.certificate(ders[0])
        #expect(try cache.certificate(ders[0]) === first)
        #expect(try cache.certificate(Array(ders[0])) === first)
        #expect(try cache.certificate(ders[1]) !== first)
        #expect(try cache.certificate(ders[1]).derBytes == ders[1])
        #expect(throws: CryptoError.self) { try cache.certificate(Array(ders[0].prefix(40))) }
        #expect(cache.count == 2)
        // 256 more distinct certificates (the signature's last byte varied: OpenSSL parses
        // without verifying): the cache starts again, and still answers by the exact bytes.
        for v in 0...255 {
            var der = ders[2]
            der[der.count - 1] = UInt8(v)
            #expect(try cache.certificate(der).derBytes == der)
            #expect(cache.count <= X509CertificateCache.maxEntries)
        }
        #expect(cache.count < X509CertificateCache.maxEntries)
        #expect(try cache.certificate(ders[0]).derBytes == ders[0])
        // Options and their copies share one cache: a certificate parsed for one token is there
        // for the next.
        let options = VerificationOptions(trustedRoots: [], now: 0)
        let copy = options
        #expect(try options.parsedCertificates.certificate(ders[2]) === copy.parsedCertificates.certificate(ders[2]))
    }
}
