import EvidentDER
import EvidentTSP
import Testing

/// Each named limit of the message layer, one past it.
@Suite struct LimitTests {
    /// A SignedData shell with `certs` dummy certificates, `signers` dummy SignerInfos.
    static func signedData(certs: Int = 0, signers: Int = 1, digestAlgs: Int = 1) throws -> [UInt8] {
        var w = DERWriter()
        try w.writeSequence { w in
            w.writeInteger(3)
            try w.writeSetOf((0..<digestAlgs).map { i in { w in w.writeSequence { $0.writeOID(try! OID(dotted: "1.2.\(i + 1)")) } } })
            w.writeSequence { $0.writeOID(.tstInfo) }
            if certs > 0 {
                w.writeConstructed(.context(0)) { w in for _ in 0..<certs { w.writeSequence { $0.writeNull() } } }
            }
            try w.writeSetOf((0..<signers).map { i in { w in w.writeSequence { $0.writeInteger(i) } } })
        }
        return w.bytes
    }

    @Test func certificatesLimit() throws {
        let e = #expect(throws: DERError.self) { try SignedData(derEncoded: Self.signedData(certs: TSPLimits.maxCertificates + 1)) }
        #expect(e?.code == .tooManyElements)
        #expect(e?.detail == "\(TSPLimits.maxCertificates + 1) certificates, the limit is \(TSPLimits.maxCertificates)")
    }

    @Test func signerInfosLimit() throws {
        let e = #expect(throws: DERError.self) { try SignedData(derEncoded: Self.signedData(signers: TSPLimits.maxSignerInfos + 1)) }
        #expect(e?.code == .tooManyElements)
    }

    @Test func digestAlgorithmsLimit() throws {
        let e = #expect(throws: DERError.self) { try SignedData(derEncoded: Self.signedData(digestAlgs: TSPLimits.maxSignerInfos + 1)) }
        #expect(e?.code == .tooManyElements)
    }

    @Test func extensionsLimit() throws {
        var w = DERWriter()
        w.writeSequence { w in
            w.writeInteger(1)
            w.writeSequence { w in
                w.writeSequence { $0.writeOID(.tstInfo) }
                w.writeOctetString([UInt8](repeating: 0, count: 32))
            }
            w.writeConstructed(.context(0)) { w in
                for i in 0...TSPLimits.maxExtensions {
                    w.writeSequence { w in
                        w.writeOID(try! OID(dotted: "1.2.\(i)"))
                        w.writeOctetString([0x05, 0x00])
                    }
                }
            }
        }
        let e = #expect(throws: DERError.self) { try TimeStampRequest(derEncoded: w.bytes) }
        #expect(e?.code == .tooManyElements)
    }

    @Test func attributesLimit() throws {
        var w = DERWriter()
        try w.writeSetOf(tag: .context(0), (0...TSPLimits.maxAttributes).map { i in { w in
            w.writeSequence { w in
                w.writeOID(try! OID(dotted: "1.2.\(i)"))
                w.writeConstructed(.set) { $0.writeNull() }
            }
        } })
        var si = DERWriter()
        try si.writeSequence { s in
            s.writeInteger(3)
            s.writeOctetString([1, 2, 3], tag: .context(0))
            try AlgorithmIdentifier(digest: .sha256).serialize(into: &s)
            s.appendEncoded(w.bytes)
            try AlgorithmIdentifier(algorithm: .ecdsaWithSHA256).serialize(into: &s)
            s.writeOctetString([0])
        }
        let e = #expect(throws: DERError.self) { try SignerInfo(derEncoded: si.bytes) }
        #expect(e?.code == .tooManyElements)
    }

    @Test func messageSizeLimit() {
        let big = [UInt8](repeating: 0, count: TSPLimits.maxMessageSize + 1)
        let e = #expect(throws: DERError.self) { try TimeStampResponse(derEncoded: big) }
        #expect(e?.code == .inputTooLarge)
        #expect(e?.offset == 0)
    }
}
