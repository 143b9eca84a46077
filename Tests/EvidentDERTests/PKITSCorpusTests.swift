import EvidentCrypto
import Testing

@testable import EvidentDER

/// NIST PKITS certificates and CRLs (testdata/der/nist-pkits-bc): real, well-formed DER whose
/// "Invalid…" names are about path validation, not encoding. Every file parses strictly unless
/// expectations.txt pins why not.
@Suite struct PKITSCorpusTests {
    static let folder = "nist-pkits-bc"

    @Test func everyCertificateAndCRLParsesStrictly() throws {
        let files = try testdataFiles(in: Self.folder, extensions: ["crt", "crl"])
        #expect(files.count == 578)
        let pinned = try CorpusExpectations.load().cases
        var results: [(String, CorpusExpectation)] = []
        for file in files {
            let verdict = strictVerdict(try testdataBytes(file))
            if verdict != "ok" || pinned[file] != nil {
                results.append((file, CorpusExpectation(verdict: verdict, reason: pinned[file]?.reason)))
            }
            #expect(verdict == (pinned[file]?.verdict ?? "ok"), "\(file)")
        }
        if CorpusExpectations.rewriting { try CorpusExpectations.write(section: Self.folder, results) }
    }

    @Test func certificatesAgreeWithOpenSSL() throws {
        var agreed = 0
        for file in try testdataFiles(in: Self.folder, extensions: ["crt"]) {
            let der = try testdataBytes(file)
            let openssl = OpenSSLParser.parse(der, as: .certificate)
            let ours = strictVerdict(der)
            #expect(openssl.decoded && openssl.reencodesIdentically, "\(file): OpenSSL does not round-trip it")
            #expect(ours == "ok", "\(file): \(ours)")
            if ours == "ok" && openssl.reencodesIdentically { agreed += 1 }
        }
        #expect(agreed == 405)
    }

    @Test func valuesReadFromARealCertificate() throws {
        // TBSCertificate of the PKITS trust anchor: version, serial, validity, names.
        let cert = try DERParser.parse(try testdataBytes("nist-pkits-bc/certs/TrustAnchorRootCertificate.crt"))
        var outer = try cert.sequenceReader()
        var tbs = try outer.next("tbsCertificate").sequenceReader()
        #expect(try tbs.next("version").explicit(tag: .context(0)).integer(as: Int.self) == 2)
        #expect(try tbs.next("serialNumber").integer(as: Int.self) == 1)
        let algorithm = try tbs.next("signature").sequence()[0].objectIdentifier()
        #expect(algorithm.description == "1.2.840.113549.1.1.5")  // sha1WithRSAEncryption
        let issuer = try tbs.next("issuer").sequence()
        for rdn in issuer { _ = try rdn.setOf() }
        let validity = try tbs.next("validity").sequence()
        #expect(try validity[0].time().description == "2001-04-19T14:57:20Z")
        #expect(try validity[1].time().description == "2011-04-19T14:57:20Z")
    }
}
