import EvidentDER
import EvidentTSP
import EvidentTestSupport
import Testing

/// Re-encoding what we decoded gives back the identical bytes, for every strictly valid DER
/// file in the corpus — at every level that is re-encoded from fields, not copied.
@Suite struct RoundTripTests {
    static let files = TestSupport.files(under: "tsa", extensions: CorpusTests.extensions)

    @Test func strictFilesReencodeIdentically() throws {
        var checked = (requests: 0, responses: 0, tokens: 0)
        for url in Self.files {
            let name = TestSupport.relative(url, to: "tsa")
            let bytes = try TestSupport.read(url)
            guard let (message, _) = try? TSPMessage.decode(bytes, rules: .der) else { continue }
            switch message {
            case .request(let r):
                #expect(try r.derBytes() == bytes, "\(name)")
                checked.requests += 1
            case .response(let r):
                #expect(try r.derBytes() == bytes, "\(name)")
                let root = try DERParser.parse(bytes)
                #expect(try r.statusInfo.derBytes() == Array(root.children[0].encoded), "\(name) status")
                if let t = r.token { try Self.checkToken(t, name) }
                checked.responses += 1
            case .token(let t):
                #expect(try t.derBytes() == bytes, "\(name)")
                try Self.checkToken(t, name)
                checked.tokens += 1
            }
        }
        #expect(checked.requests >= 3 && checked.responses >= 25 && checked.tokens >= 15, "\(checked)")
    }

    static func checkToken(_ t: TimeStampToken, _ name: String) throws {
        let root = try DERParser.parse(t.derBytes)
        let ci = try ContentInfo(derElement: root)
        #expect(try ci.derBytes() == t.derBytes, "\(name) ContentInfo")
        let sd = try SignedData(derElement: ci.content)
        #expect(try sd.derBytes() == Array(ci.content.encoded), "\(name) SignedData")
        #expect(try t.tstInfo.derBytes() == t.tstInfoBytes, "\(name) TSTInfo")
        for si in sd.signerInfos {
            guard let attrs = si.signedAttributes, let original = si.signedAttributesEncoded else { continue }
            var w = DERWriter()
            try w.writeSetOf(tag: .context(0), attrs.map { a in { try a.serialize(into: &$0) } })
            #expect(w.bytes == original, "\(name) signed attributes")
        }
        // A token whose ESS attribute is malformed (one corpus file, on purpose) is reported by
        // the verifier; here only well-formed ones are re-encoded.
        guard let signingCertificates = try? t.signingCertificates() else {
            #expect(name.contains("WrongSigningCertificateV2IssuerChoiceTag"), "\(name): ESS attribute does not decode")
            return
        }
        for sc in signingCertificates {
            let attr = t.signerInfo!.signedAttributes!.first {
                $0.type == (sc.isV2 ? .signingCertificateV2 : .signingCertificate)
            }!
            #expect(try sc.derBytes() == attr.values[0], "\(name) SigningCertificate\(sc.isV2 ? "V2" : "")")
        }
    }
}
