import EvidentDER
import EvidentTSP
import EvidentTestSupport
import Testing

/// Each named limit of the message layer: at its value accepted, one past it refused (so a
/// lowered limit fails here as surely as a raised one).
@Suite struct LimitTests {
    /// A SignedData shell with `certs` dummy certificates, `signers` dummy SignerInfos.
    static func signedData(certs: Int = 0, signers: Int = 1, digestAlgs: Int = 1) throws -> [UInt8] {
        var w = DERWriter()
        try w.writeSequence { w in
            w.writeInteger(3)
            try w.writeSetOf(
                (0..<digestAlgs).map { i in { w in w.writeSequence { $0.writeOID(try! OID(dotted: "1.2.\(i + 1)")) } } }
            )
            w.writeSequence { $0.writeOID(.tstInfo) }
            if certs > 0 {
                let cert = try! TestSupport.read(
                    TestSupport.testdata("tsa/tsa-certs/notation-core-go/timestamp_root.crt"))
                w.writeConstructed(.context(0)) { w in for _ in 0..<certs { w.appendEncoded(cert) } }
            }
            let signer = try LimitTests.signerInfo(attributes: 1)
            try w.writeSetOf((0..<signers).map { _ in { w in w.appendEncoded(signer) } })
        }
        return w.bytes
    }

    @Test func certificatesLimit() throws {
        #expect(
            try SignedData(derEncoded: Self.signedData(certs: TSPLimits.maxCertificates)).certificates?.count
                == TSPLimits.maxCertificates)
        let e = #expect(throws: DERError.self) {
            try SignedData(derEncoded: Self.signedData(certs: TSPLimits.maxCertificates + 1))
        }
        #expect(e?.code == .tooManyElements)
        #expect(e?.detail == "\(TSPLimits.maxCertificates + 1) certificates, the limit is \(TSPLimits.maxCertificates)")
    }

    @Test func signerInfosLimit() throws {
        #expect(
            try SignedData(derEncoded: Self.signedData(signers: TSPLimits.maxSignerInfos)).signerInfos.count
                == TSPLimits.maxSignerInfos)
        let e = #expect(throws: DERError.self) {
            try SignedData(derEncoded: Self.signedData(signers: TSPLimits.maxSignerInfos + 1))
        }
        #expect(e?.code == .tooManyElements)
    }

    @Test func digestAlgorithmsLimit() throws {
        #expect(
            try SignedData(derEncoded: Self.signedData(digestAlgs: TSPLimits.maxSignerInfos)).digestAlgorithms.count
                == TSPLimits.maxSignerInfos)
        let e = #expect(throws: DERError.self) {
            try SignedData(derEncoded: Self.signedData(digestAlgs: TSPLimits.maxSignerInfos + 1))
        }
        #expect(e?.code == .tooManyElements)
    }

    /// A TimeStampReq with `count` extensions.
    static func request(extensions count: Int) -> [UInt8] {
        var w = DERWriter()
        w.writeSequence { w in
            w.writeInteger(1)
            w.writeSequence { w in
                w.writeSequence { $0.writeOID(.tstInfo) }
                w.writeOctetString([UInt8](repeating: 0, count: 32))
            }
            w.writeConstructed(.context(0)) { w in
                for i in 0..<count {
                    w.writeSequence { w in
                        w.writeOID(try! OID(dotted: "1.2.\(i)"))
                        w.writeOctetString([0x05, 0x00])
                    }
                }
            }
        }
        return w.bytes
    }

    @Test func extensionsLimit() throws {
        #expect(
            try TimeStampRequest(derEncoded: Self.request(extensions: TSPLimits.maxExtensions)).extensions?.count
                == TSPLimits.maxExtensions)
        let e = #expect(throws: DERError.self) {
            try TimeStampRequest(derEncoded: Self.request(extensions: TSPLimits.maxExtensions + 1))
        }
        #expect(e?.code == .tooManyElements)
    }

    /// A SignerInfo with `count` signed attributes.
    static func signerInfo(attributes count: Int) throws -> [UInt8] {
        var w = DERWriter()
        try w.writeSetOf(
            tag: .context(0),
            (0..<count).map { i in
                { w in
                    w.writeSequence { w in
                        w.writeOID(try! OID(dotted: "1.2.\(i)"))
                        w.writeConstructed(.set) { $0.writeNull() }
                    }
                }
            })
        var si = DERWriter()
        try si.writeSequence { s in
            s.writeInteger(3)
            s.writeOctetString([1, 2, 3], tag: .context(0))
            try AlgorithmIdentifier(digest: .sha256).serialize(into: &s)
            s.appendEncoded(w.bytes)
            try AlgorithmIdentifier(algorithm: .ecdsaWithSHA256).serialize(into: &s)
            s.writeOctetString([0])
        }
        return si.bytes
    }

    @Test func attributesLimit() throws {
        #expect(
            try SignerInfo(derEncoded: Self.signerInfo(attributes: TSPLimits.maxAttributes)).signedAttributes?.count
                == TSPLimits.maxAttributes)
        let e = #expect(throws: DERError.self) {
            try SignerInfo(derEncoded: Self.signerInfo(attributes: TSPLimits.maxAttributes + 1))
        }
        #expect(e?.code == .tooManyElements)
    }

    @Test func messageSizeLimit() {
        // At the limit the size check passes and parsing goes on (to fail on the zeros).
        let atLimit = [UInt8](repeating: 0, count: TSPLimits.maxMessageSize)
        let first = #expect(throws: DERError.self) { try TimeStampResponse(derEncoded: atLimit) }
        #expect(first != nil && first?.code != .inputTooLarge)
        let big = [UInt8](repeating: 0, count: TSPLimits.maxMessageSize + 1)
        let e = #expect(throws: DERError.self) { try TimeStampResponse(derEncoded: big) }
        #expect(e?.code == .inputTooLarge)
        #expect(e?.offset == 0)
    }
}
