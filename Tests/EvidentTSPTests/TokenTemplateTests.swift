import EvidentCore
import EvidentCrypto
import EvidentDER
import EvidentTestSupport
import Foundation
import Testing

@testable import EvidentTSP

/// The responder's fast paths (issue #19, goal 5) against what they replace, as oracles:
/// - ``TokenTemplate`` lays a token out from parts encoded once per key; `reference` below builds
///   the same response field by field from the ASN.1 types (the responder's encoder before the
///   template). They must be byte-identical for every key kind, request shape, time and
///   deviation (`openssl ts -verify` on the template's tokens is `ResponderTests`).
/// - ``GrantableRequest/reading(_:_:)`` reads a request on bytes; the strict tree parser with the
///   responder's checks is its oracle: whatever the byte reader accepts, the tree grants with the
///   same parts, on the corpus's requests and on seeded mutations of them.
@Suite struct TokenTemplateTests {
    /// The token for `request` at `now` with `signature`, built from the ASN.1 types (the
    /// responder's encoder before the template), and the signed attributes it signs.
    static func reference(
        _ responder: TimeStampResponder, _ request: TimeStampRequest, policy: OID, serial: DERInteger,
        now: (seconds: Int64, millis: Int), signature: [UInt8]?
    ) throws -> (response: [UInt8], signedAttributes: [UInt8]) {
        let configuration = responder.configuration
        let signer = responder.signer
        let digest = responder.scheme.hash ?? .sha512
        let millis = String(1000 + now.millis).dropFirst()
        let genTime = try DERTime(secondsSinceEpoch: now.seconds, fraction: String(millis))
        let tst = TSTInfo(
            policy: policy, messageImprint: request.messageImprint, serialNumber: serial, genTime: genTime,
            accuracy: configuration.accuracy, nonce: request.nonce,
            tsa: configuration.includeTSAName ? .directoryName(signer.subject) : nil)
        var eContent = try tst.derBytes()
        if configuration.deviations.contains(.orderingFalseWritten) {
            eContent = try DERWriter.encode { w in
                try w.writeSequence { w in
                    for (i, field) in try DERParser.parse(eContent).children.enumerated() {
                        w.appendEncoded(field.encoded)
                        if i == (tst.accuracy == nil ? 4 : 5) { w.writeBoolean(false) }
                    }
                }
            }
        }
        let issuerSerial = IssuerSerial(issuer: [.directoryName(signer.issuer)], serialNumber: signer.serialNumber)
        let id = ESSCertID(
            hashAlgorithm: AlgorithmIdentifier(digest: .sha256), certHash: try Digest.hash(.sha256, signer.derBytes),
            issuerSerial: issuerSerial)
        let attributes: [CMSAttribute] = [
            CMSAttribute(type: .contentType, values: [DERWriter.encode { $0.writeOID(.tstInfo) }]),
            CMSAttribute(
                type: .signingTime,
                values: [
                    try DERWriter.encode { $0.writeTime(try DERTime(secondsSinceEpoch: now.seconds, kind: .utcTime)) }
                ]),
            CMSAttribute(
                type: .messageDigest,
                values: [DERWriter.encode { $0.writeOctetString(try! Digest.hash(digest, eContent)) }]),
            CMSAttribute(
                type: .signingCertificateV2, values: [try SigningCertificate(isV2: true, certs: [id]).derBytes()]),
        ]
        var signed = DERWriter()
        if configuration.deviations.contains(.signedAttributesUnsorted) {
            let encoded = try attributes.map { a in try DERWriter.encode { try a.serialize(into: &$0) } }
            signed.writeConstructed(.set) { w in
                for e in encoded.sorted(by: { $1.lexicographicallyPrecedes($0) }) { w.appendEncoded(e) }
            }
        } else {
            try signed.writeSetOf(attributes.map { a in { try a.serialize(into: &$0) } })
        }
        guard let signature else { return ([], signed.bytes) }
        var signedAttrs = signed.bytes
        signedAttrs[0] = 0xA0
        let digestAlg = AlgorithmIdentifier(digest: digest)
        let response = try DERWriter.encode { w in
            try w.writeSequence { w in
                try PKIStatusInfo(status: .granted).serialize(into: &w)
                try w.writeSequence { w in
                    w.writeOID(.signedData)
                    try w.writeExplicit(.context(0)) { w in
                        try w.writeSequence { w in
                            w.writeInteger(3)
                            try w.writeSetOf([{ try digestAlg.serialize(into: &$0) }])
                            w.writeSequence { w in
                                w.writeOID(.tstInfo)
                                w.writeExplicit(.context(0)) { $0.writeOctetString(eContent) }
                            }
                            if request.certReq {
                                w.writeConstructed(.context(0)) { w in
                                    w.appendEncoded(configuration.signerCertificate.derBytes)
                                    for c in configuration.chain { w.appendEncoded(c.derBytes) }
                                }
                            }
                            try w.writeSetOf([
                                { w in
                                    try w.writeSequence { w in
                                        w.writeInteger(1)
                                        w.writeSequence { w in
                                            w.appendEncoded(signer.issuer.derBytes)
                                            w.writeInteger(signer.serialNumber)
                                        }
                                        try digestAlg.serialize(into: &w)
                                        w.appendEncoded(signedAttrs)
                                        try TimeStampResponder.signatureAlgorithm(responder.scheme).serialize(into: &w)
                                        w.writeOctetString(signature)
                                    }
                                }
                            ])
                        }
                    }
                }
            }
        }
        return (response, signed.bytes)
    }

    /// The signature a response ends with: the OCTET STRING after the signature algorithm,
    /// running exactly to the end.
    static func trailingSignature(_ response: [UInt8], algorithm: [UInt8]) -> [UInt8]? {
        let n = response.count
        for p in stride(from: n - algorithm.count - 2, through: 0, by: -1)
        where response[p..<(p + algorithm.count)].elementsEqual(algorithm) {
            let rest = Array(response[(p + algorithm.count)...])
            guard rest.count > 2, rest[0] == 0x04 else { continue }
            let header = DERWriter.headerCount(length: rest.count - DERWriter.headerCount(length: rest.count - 2))
            var expected: [UInt8] = []
            DERWriter.appendHeader(&expected, identifier: 0x04, length: rest.count - header)
            if rest.starts(with: expected) { return Array(rest.dropFirst(header)) }
        }
        return nil
    }

    static let kinds: [PrivateKey.Kind] = [.ecP256, .ecP384, .rsa2048, .ed25519]

    /// Every request shape, time and deviation: the template's response equals the reference
    /// (with the template's own signature, which the reference's signed attributes must verify).
    @Test(arguments: kinds)
    func theTemplateIsTheFieldByFieldEncoding(_ kind: PrivateKey.Kind) throws {
        let (tsa, _) = try ResponderTests.makeTSA(kind)
        var checked = 0
        for deviations in [[], [TimeStampResponder.Deviation.orderingFalseWritten], [.signedAttributesUnsorted]] {
            for includeName in [true, false] {
                for accuracy in [Accuracy(seconds: 1), nil, Accuracy(seconds: 0, millis: 500, micros: 1)] {
                    var (config, serials) = try tsa.load(passphrase: nil)
                    config.deviations = Set(deviations)
                    config.includeTSAName = includeName
                    config.accuracy = accuracy
                    config.acceptedPolicies = ["1.2.3.4.5.6.7.8.9.10.11.12"]
                    let responder = try TimeStampResponder(configuration: config, serials: serials)
                    for (i, digest) in [DigestAlgorithm.sha256, .sha384, .sha512, .sha3_256].enumerated() {
                        let nonces: [DERInteger?] = [
                            nil, DERInteger(0), DERInteger(0x80), DERInteger(UInt64.max),
                            DERInteger(unsignedBigEndian: [UInt8](repeating: 0xA5, count: 40)),
                        ]
                        for (j, nonce) in nonces.enumerated() {
                            var imprint = try MessageImprint(
                                algorithm: digest,
                                digest: (0..<digest.outputSize).map { UInt8(($0 * 7 + i + j) & 0xFF) })
                            if j % 2 == 1 { imprint.hashAlgorithm.parameters = [0x05, 0x00] }
                            let policy: OID? = [nil, "1.2.3.4.5.6.7.8.9.10.11.12", config.defaultPolicy][j % 3]
                            let request = TimeStampRequest(
                                messageImprint: imprint, reqPolicy: policy, nonce: nonce, certReq: j % 2 == 0)
                            let now: (seconds: Int64, millis: Int) = (
                                [1_700_000_000, 946_684_799, 2_524_607_999][j % 3], [0, 120, 999, 5, 100][j]
                            )
                            let bytes = try request.derBytes()
                            let (response, outcome) = responder.respond(to: bytes, now: now)
                            guard case .granted(let serial) = outcome else {
                                Issue.record("\(kind) \(digest) \(j): \(outcome)")
                                continue
                            }
                            let signature = try #require(
                                Self.trailingSignature(response, algorithm: responder.template.signatureAlgorithm))
                            let expected = try Self.reference(
                                responder, request, policy: policy ?? config.defaultPolicy, serial: serial, now: now,
                                signature: signature)
                            #expect(response == expected.response, "\(kind) \(deviations) \(digest) nonce \(j)")
                            // The signature is over the reference's signed attributes.
                            #expect(
                                try config.signerCertificate.verifySignature(
                                    signature, over: expected.signedAttributes, scheme: responder.scheme),
                                "\(kind) \(digest) \(j)")
                            checked += 1
                        }
                    }
                }
            }
        }
        #expect(checked == 3 * 2 * 3 * 4 * 5)
    }

    /// The byte reader against the tree parser: on the corpus's requests and seeded mutations,
    /// whatever it reads, the tree grants with the same parts; and it reads the common shapes.
    @Test func theByteReaderAgreesWithTheTreeParser() throws {
        let (_, responder) = try ResponderTests.makeTSA(.ecP256)
        var seeds: [[UInt8]] = []
        for dir in ["testdata", "../shared/corpus"] {
            let root = TestSupport.repoRoot.appendingPathComponent(dir)
            guard let files = FileManager.default.enumerator(atPath: root.path) else { continue }
            for case let f as String in files where f.hasSuffix(".tsq") {
                seeds.append(try TestSupport.read(root.appendingPathComponent(f)))
            }
        }
        let policy = responder.configuration.defaultPolicy
        for digest in [DigestAlgorithm.sha256, .sha384, .sha512] {
            for nonce in [nil, DERInteger(1), DERInteger(UInt64.max)] {
                for certReq in [false, true] {
                    let imprint = try MessageImprint(
                        algorithm: digest, digest: [UInt8](repeating: 0x5A, count: digest.outputSize))
                    seeds.append(
                        try TimeStampRequest(messageImprint: imprint, reqPolicy: nil, nonce: nonce, certReq: certReq)
                            .derBytes())
                    seeds.append(
                        try TimeStampRequest(messageImprint: imprint, reqPolicy: policy, nonce: nonce, certReq: certReq)
                            .derBytes())
                }
            }
        }
        #expect(seeds.count > 36, "the generated requests and testdata's")
        var generator = SplitMix64(seed: 19_005)
        var fast = 0
        var total = 0
        func check(_ bytes: [UInt8]) {
            total += 1
            guard let read = GrantableRequest.reading(bytes, responder.acceptance) else { return }
            fast += 1
            switch responder.readRequestTree(bytes) {
            case .success(let tree):
                #expect(read == tree, "\(Hex.encode(bytes))")
            case .failure(let why):
                Issue.record("the byte reader took what the tree refuses (\(why.text)): \(Hex.encode(bytes))")
            }
        }
        for seed in seeds {
            check(seed)
            #expect(
                GrantableRequest.reading(seed, responder.acceptance) != nil
                    || (try? TimeStampRequest(derEncoded: seed))?.extensions != nil
                    || responder.readRequestTree(seed).isFailure || seed.count > GrantableRequest.maxReadOnBytes
                    || (try? TimeStampRequest(derEncoded: seed))?.reqPolicy.map { $0 != policy } == true
                    || (try? TimeStampRequest(derEncoded: seed))?.nonce.map { $0.bytes.count > 64 } == true,
                "a common request left to the tree: \(Hex.encode(seed))")
            for _ in 0..<400 {
                var m = seed
                switch generator.next() % 5 {
                case 0: m[Int(generator.next() % UInt64(m.count))] ^= UInt8(1 << (generator.next() % 8))
                case 1: m[Int(generator.next() % UInt64(m.count))] = UInt8(truncatingIfNeeded: generator.next())
                case 2: m.removeLast(Int(generator.next() % UInt64(min(m.count, 8))) + 1)
                case 3:
                    m.insert(UInt8(truncatingIfNeeded: generator.next()), at: Int(generator.next() % UInt64(m.count)))
                default:
                    let at = Int(generator.next() % UInt64(m.count))
                    m.remove(at: at)
                }
                check(m)
            }
        }
        #expect(fast > seeds.count / 2, "the byte reader read \(fast) of \(total)")
    }
}

extension Result {
    fileprivate var isFailure: Bool {
        if case .failure = self { return true }
        return false
    }
}
