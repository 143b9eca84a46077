import EvidentCrypto
import EvidentDER
import EvidentTSP
import EvidentTestSupport
import Testing

/// Random requests, responses and TSTInfos survive encode → decode → encode unchanged.
@Suite struct PropertyTests {
    typealias RNG = SplitMix64

    static func imprint(_ g: inout RNG) throws -> MessageImprint {
        let alg = [DigestAlgorithm.sha1, .sha256, .sha384, .sha512, .sha3_256][g.int(5)]
        let id = g.bool() ? AlgorithmIdentifier(digest: alg) : AlgorithmIdentifier(digestWithNullParameters: alg)
        return MessageImprint(hashAlgorithm: id, hashedMessage: g.bytes(alg.outputSize))
    }

    static func oid(_ g: inout RNG) -> OID {
        try! OID(dotted: "1.3.6.1.4.1.\(g.int(100_000)).\(g.int(10))")
    }

    static func integer(_ g: inout RNG) -> DERInteger {
        DERInteger(unsignedBigEndian: g.bytes(1 + g.int(20)))
    }

    static func extensions(_ g: inout RNG) -> [Extension]? {
        guard g.bool() else { return nil }
        return (0..<(1 + g.int(3))).map { i in
            Extension(id: try! OID(dotted: "1.2.\(i)"), critical: g.bool(), value: [0x04, 0x01, UInt8(i)])
        }
    }

    @Test func requests() throws {
        var g = RNG(seed: 0x5EED_0001)
        for _ in 0..<1000 {
            let r = TimeStampRequest(
                messageImprint: try Self.imprint(&g), reqPolicy: g.bool() ? Self.oid(&g) : nil,
                nonce: g.bool() ? Self.integer(&g) : nil, certReq: g.bool(), extensions: Self.extensions(&g))
            let bytes = try r.derBytes()
            let back = try TimeStampRequest(derEncoded: bytes)
            #expect(back == r, "generator state \(g.seedState)")
            #expect(try back.derBytes() == bytes)
        }
    }

    @Test func tstInfosAndResponses() throws {
        var g = RNG(seed: 0x5EED_0002)
        for _ in 0..<1000 {
            let frac = g.bool() ? String(1 + g.int(998)).replacingOccurrencesOfTrailingZeros() : ""
            let t = TSTInfo(
                policy: Self.oid(&g), messageImprint: try Self.imprint(&g), serialNumber: Self.integer(&g),
                genTime: try DERTime(secondsSinceEpoch: Int64(g.int(4_102_444_800)), fraction: frac),
                accuracy: g.bool()
                    ? Accuracy(
                        seconds: g.bool() ? g.int(100) : nil, millis: g.bool() ? 1 + g.int(999) : nil,
                        micros: g.bool() ? 1 + g.int(999) : nil) : nil,
                ordering: g.bool(), nonce: g.bool() ? Self.integer(&g) : nil,
                tsa: g.bool() ? .dnsName("tsa\(g.int(100)).example") : nil, extensions: Self.extensions(&g))
            let bytes = try t.derBytes()
            let back = try TSTInfo(derEncoded: bytes)
            #expect(back == t, "generator state \(g.seedState)")
            #expect(try back.derBytes() == bytes)

            let failures = PKIFailure.allCases.filter { _ in g.int(4) == 0 }
            let status = PKIStatusInfo(
                status: PKIStatus.allCases[g.int(6)], statusString: g.bool() ? ["reason \(g.int(9))"] : nil,
                failures: failures)
            let resp = try TimeStampResponse(derEncoded: TimeStampResponse(statusInfo: status).derBytes())
            #expect(resp.statusInfo == status)
        }
    }
}

extension String {
    /// DER fractions carry no trailing zeros.
    fileprivate func replacingOccurrencesOfTrailingZeros() -> String {
        var s = self
        while s.count > 1 && s.hasSuffix("0") { s.removeLast() }
        return s
    }
}
