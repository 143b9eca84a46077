import EvidentCrypto
import EvidentDER
import EvidentTSP
import Testing

/// The RFC 3161 / CMS message types, built and decoded field by field.
@Suite struct MessageTests {
    static let digest = [UInt8](repeating: 0xAB, count: 32)

    static func request(certReq: Bool = true) throws -> TimeStampRequest {
        TimeStampRequest(
            messageImprint: try MessageImprint(algorithm: .sha256, digest: digest),
            reqPolicy: "1.2.3.4.5", nonce: DERInteger(0x1122_3344_5566_7788 as UInt64), certReq: certReq,
            extensions: [Extension(id: "1.2.3.99", critical: true, value: [0x05, 0x00])])
    }

    @Test func requestRoundTrip() throws {
        let r = try Self.request()
        let bytes = try r.derBytes()
        #expect(try TimeStampRequest(derEncoded: bytes) == r)
        // certReq FALSE is the DEFAULT: omitted.
        let noCert = try Self.request(certReq: false).derBytes()
        #expect(noCert.count == bytes.count - 3)
        #expect(try TimeStampRequest(derEncoded: noCert).certReq == false)
    }

    /// One-byte string types in names read as Latin-1 whatever their bytes, as OpenSSL reads
    /// them, and compared as X509_NAME_cmp does (red team rounds 18 and 19).
    @Test func namesAsOpenSSLReadsAndComparesThem() throws {
        // SEQUENCE { SET { SEQUENCE { OID 2.5.4.3, <value> } } }
        func name(_ value: [UInt8]) -> [UInt8] {
            let atv = [0x06, 0x03, 0x55, 0x04, 0x03] + value
            let set = [0x30, UInt8(atv.count)] + atv
            let rdn = [0x31, UInt8(set.count)] + set
            return [0x30, UInt8(rdn.count)] + rdn
        }
        let printable = name([0x13, 0x04] + Array("AT&T".utf8))  // '&' is outside PrintableString
        let utf8 = name([0x0C, 0x04] + Array("AT&T".utf8))
        let upper = name([0x0C, 0x04] + Array("at&t".utf8))
        let latin1 = name([0x16, 0x06, 0x5A, 0xFC, 0x72, 0x69, 0x63, 0x68])  // "Zürich" as IA5, byte 0xFC
        let composed = name([0x0C, 0x07] + Array("Zürich".utf8))
        let decomposed = name([0x0C, 0x08] + Array("Zu\u{308}rich".utf8))
        #expect(try DistinguishedName(derEncoded: printable).description == "CN=AT&T")
        #expect(try DistinguishedName(derEncoded: latin1).description == "CN=Zürich")
        #expect(X509Certificate.sameName(printable, utf8) && X509Certificate.sameName(utf8, upper))
        #expect(X509Certificate.sameName(latin1, composed))
        #expect(!X509Certificate.sameName(composed, decomposed))

        // RFC 4514 escaping goes by code point, as the browser's escape4514 does: a ',' followed
        // by a combining mark is one grapheme but still a separator to a reader, so it is
        // escaped; leading '#' and space, trailing space; nothing past ASCII is touched.
        func text(_ s: String) throws -> String {
            let v = Array(s.utf8)
            return try DistinguishedName(derEncoded: name([0x0C, UInt8(v.count)] + v)).description
        }
        #expect(try text("Evil,\u{301}O=Trusted") == "CN=Evil\\,\u{301}O=Trusted")
        #expect(try text("# a+b \"c\" <d>;\\ ") == "CN=\\# a\\+b \\\"c\\\" \\<d\\>\\;\\\\\\ ")
        #expect(try text(" Zürich #") == "CN=\\ Zürich #")
        #expect(try text("Zürich") == "CN=Zürich")
    }

    @Test func imprintLengthMustMatchAlgorithm() {
        #expect(throws: DERError.self) { try MessageImprint(algorithm: .sha384, digest: Self.digest) }
    }

    /// Rewrites a request with a field encoded the way DER forbids and checks the exact code.
    @Test func defaultValuesMustBeOmitted() throws {
        var w = DERWriter()
        try w.writeSequence { w in
            w.writeInteger(1)
            try MessageImprint(algorithm: .sha256, digest: Self.digest).serialize(into: &w)
            w.writeBoolean(false)  // certReq FALSE, encoded
        }
        let e = #expect(throws: DERError.self) { try TimeStampRequest(derEncoded: w.bytes) }
        #expect(e?.code == .defaultValueEncoded)
        #expect(e?.offset == 54)  // 2 (SEQUENCE header) + 3 (version) + 49 (MessageImprint)
        // Lenient mode accepts it.
        #expect(try TimeStampRequest(derEncoded: w.bytes, rules: .lenientBER).certReq == false)
    }

    @Test func requestVersionAndTrailingFields() throws {
        var w = DERWriter()
        try w.writeSequence { w in
            w.writeInteger(1)
            try MessageImprint(algorithm: .sha256, digest: Self.digest).serialize(into: &w)
            w.writeNull()
        }
        let e = #expect(throws: DERError.self) { try TimeStampRequest(derEncoded: w.bytes) }
        #expect(e?.code == .unexpectedElement)
    }

    @Test func duplicateExtensionsRejected() throws {
        var r = try Self.request()
        r.extensions = [Extension(id: "1.2.3", value: [5, 0]), Extension(id: "1.2.3", value: [5, 0])]
        let e = #expect(throws: DERError.self) { try TimeStampRequest(derEncoded: r.derBytes()) }
        #expect(e?.code == .invalidValue)
    }

    @Test func statusInfoRejectionWithFailInfo() throws {
        let s = PKIStatusInfo(
            status: .rejection, statusString: ["bad algorithm"], failures: [.badAlg, .unacceptedPolicy])
        let resp = TimeStampResponse(statusInfo: s)
        let back = try TimeStampResponse(derEncoded: resp.derBytes())
        #expect(back.statusInfo.status == .rejection)
        #expect(back.statusInfo.failures == [.badAlg, .unacceptedPolicy])
        #expect(back.statusInfo.statusString == ["bad algorithm"])
        #expect(back.token == nil)
        // failInfo is a NamedBitList: DER drops trailing zero bits (X.690 §11.2.2).
        #expect(back.statusInfo.failInfo?.bytes == [0x80, 0x01])
        #expect(back.statusInfo.failInfo?.unusedBits == 0)
    }

    @Test func tstInfoRoundTripWithEveryField() throws {
        let t = TSTInfo(
            policy: "1.3.6.1.4.1.99999.1", messageImprint: try MessageImprint(algorithm: .sha256, digest: Self.digest),
            serialNumber: DERInteger(unsignedBigEndian: [UInt8](repeating: 0xFE, count: 20)),
            genTime: try DERTime(year: 2026, month: 11, day: 22, hour: 1, minute: 2, second: 3, fraction: "25"),
            accuracy: Accuracy(seconds: 1, millis: 500, micros: 7), ordering: true, nonce: DERInteger(42),
            tsa: .directoryName(try DistinguishedName([("2.5.4.10", "Evident"), ("2.5.4.3", "TSA")])),
            extensions: [Extension(id: "1.2.3.4", value: [0x04, 0x00])])
        let bytes = try t.derBytes()
        let back = try TSTInfo(derEncoded: bytes)
        #expect(back == t)
        #expect(try back.derBytes() == bytes)
        #expect(back.tsa?.description == "DirName:/O=Evident/CN=TSA")
        #expect(back.accuracy?.totalMicroseconds == 1_500_007)
    }

    @Test(arguments: [0, 1000])
    func accuracyMillisOutOfRange(_ millis: Int) throws {
        var w = DERWriter()
        w.writeSequence { w in w.writeInteger(millis, tag: .context(0)) }
        let e = #expect(throws: DERError.self) { try Accuracy(derEncoded: w.bytes) }
        #expect(e?.code == .invalidValue)
    }

    /// Red team round 15: seconds near 2^63 overflowed the microsecond total and killed the
    /// process; anything over 2^53 µs is refused when read, named.
    @Test(arguments: [Accuracy.maxSeconds + 1, Int(Int64.max / 1_000_000) + 1, Int.max])
    func accuracySecondsOverTheLimit(_ seconds: Int) throws {
        var w = DERWriter()
        w.writeSequence { w in w.writeInteger(seconds) }
        let e = #expect(throws: DERError.self) { try Accuracy(derEncoded: w.bytes) }
        #expect(e?.code == .invalidValue && "\(e!)".contains("Accuracy seconds"))
        var ok = DERWriter()
        ok.writeSequence { w in
            w.writeInteger(Accuracy.maxSeconds)
            w.writeInteger(999, tag: .context(0))
            w.writeInteger(999, tag: .context(1))
        }
        let max = try Accuracy(derEncoded: ok.bytes)
        #expect(max.totalMicroseconds == Int64(Accuracy.maxSeconds) * 1_000_000 + 999_999)
    }

    @Test func generalNameForms() throws {
        let names: [GeneralName] = [
            .rfc822Name("tsa@example.org"), .dnsName("tsa.example.org"), .uri("https://tsa.example.org/"),
            .ipAddress([127, 0, 0, 1]), .registeredID("1.2.3.4"),
            .otherName(typeID: "1.2.3", value: [0x0C, 0x01, 0x41]),
        ]
        let texts = [
            "email:tsa@example.org", "DNS:tsa.example.org", "URI:https://tsa.example.org/", "IP Address:127.0.0.1",
            "Registered ID:1.2.3.4", "othername:1.2.3",
        ]
        for (n, text) in zip(names, texts) {
            let back = try GeneralName(derEncoded: n.derBytes())
            #expect(back == n)
            #expect(back.description == text)
        }
        var w = DERWriter()
        w.writeOctetString([1, 2, 3], tag: .context(7))
        #expect(throws: DERError.self) { try GeneralName(derEncoded: w.bytes) }
    }

    @Test func essCertIDv2DefaultAlgorithmMustBeOmitted() throws {
        var w = DERWriter()
        try w.writeSequence { w in
            try w.writeSequence { w in
                try w.writeSequence { w in
                    try AlgorithmIdentifier(digest: .sha256).serialize(into: &w)
                    w.writeOctetString(Self.digest)
                }
            }
        }
        let e = #expect(throws: DERError.self) {
            try SigningCertificate(derElement: DERParser.parse(w.bytes), v2: true)
        }
        #expect(e?.code == .defaultValueEncoded)
        let lenient = try SigningCertificate(derElement: DERParser.parse(w.bytes, rules: .lenientBER), v2: true)
        #expect(lenient.certs[0].hashAlgorithm.digest == .sha256)
        // Re-encoding omits the DEFAULT again.
        let canonical = try lenient.derBytes()
        #expect(try SigningCertificate(derElement: DERParser.parse(canonical), v2: true) == lenient)
    }
}
