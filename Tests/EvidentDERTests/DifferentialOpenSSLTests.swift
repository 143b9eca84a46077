import EvidentCore
import EvidentCrypto
import EvidentTestSupport
import Testing

@testable import EvidentDER

/// Differential test against OpenSSL: seeded mutations of real TimeStampReq/TimeStampResp
/// blobs (testdata/der/differential, made by scripts/make-der-differential). OpenSSL's "this is
/// DER" is d2i_TS_REQ/d2i_TS_RESP decoding every byte and i2d giving the same bytes back; ours
/// is a strict `DERParser.parse`. Where the two differ, the difference must fall in one of the
/// documented classes (docs/der.md, "Deliberate differences from OpenSSL").
@Suite struct DifferentialOpenSSLTests {
    static let baseSeed: UInt64 = 0xD1FF_0000
    static let mutationsPerBase = 1_200

    static let bases: [(file: String, structure: OpenSSLParser.Structure)] = [
        ("differential/req-sha1-minimal.tsq", .timeStampRequest),
        ("differential/req-sha256-cert-nonce.tsq", .timeStampRequest),
        ("differential/req-sha384-uuid-policy.tsq", .timeStampRequest),
        ("differential/req-sha512-policy.tsq", .timeStampRequest),
        ("differential/resp-sigstage-sha256.tsr", .timeStampResponse),
    ]

    enum Outcome: String, CaseIterable {
        case bothAccept = "accepted by both"
        case bothReject = "rejected by both"
        // We accept, OpenSSL does not.
        case schema = "ours only: well-formed DER of another shape (OpenSSL's d2i is schema-bound)"
        case defaultEncoded = "ours only: DEFAULT value encoded (BOOLEAN FALSE; OpenSSL omits it on i2d)"
        // OpenSSL accepts, we do not.
        case opaqueRegion =
            "OpenSSL only: change inside bytes OpenSSL re-emits as received (tbsCertificate, attribute values)"
        case opaqueValue = "OpenSSL only: time or BOOLEAN contents OpenSSL does not validate"
        case unclassified = "unclassified"
    }

    /// What both sides made of one mutated blob, and the class of any difference.
    /// `opaque` holds the byte ranges of the original that OpenSSL keeps as received.
    static func classify(
        _ input: [UInt8], original: [UInt8], opaque: [Range<Int>], as structure: OpenSSLParser.Structure
    ) -> (Outcome, String) {
        let openssl = OpenSSLParser.parse(input, as: structure)
        let opensslDER = openssl.decoded && openssl.reencodesIdentically
        let ours: DERElement
        do {
            ours = try DERParser.parse(input)
        } catch let error as DERError {
            guard opensslDER else { return (.bothReject, "") }
            // OpenSSL round-trips these bytes without having judged them: a certificate's
            // tbsCertificate (X509_CINF is ASN1_SEQUENCE_enc, X509_NAME caches its bytes) and
            // attribute values (ASN1_ANY keeps a constructed value's contents unparsed).
            let firstChange =
                (0..<min(input.count, original.count)).first { input[$0] != original[$0] }
                ?? min(input.count, original.count)
            if opaque.contains(where: { $0.contains(firstChange) }) { return (.opaqueRegion, "") }
            // OpenSSL stores UTCTime/GeneralizedTime text and decodes any non-zero BOOLEAN as
            // true without checking either against DER.
            if [.invalidTime, .invalidBoolean].contains(error.code) { return (.opaqueValue, "") }
            return (.unclassified, "\(error)")
        } catch {
            return (.unclassified, "\(error)")
        }
        if opensslDER { return (.bothAccept, "") }
        if !openssl.decoded { return (.schema, "") }
        // OpenSSL decoded it but writes different bytes: find the DER rule a schema-free
        // parser cannot apply that explains it.
        if containsBooleanFalse(ours) { return (.defaultEncoded, "") }
        return (.unclassified, "OpenSSL decodes but re-encodes differently")
    }

    /// Byte ranges OpenSSL re-emits from its copy of the input: the first element of anything
    /// shaped like a Certificate (SEQUENCE { SEQUENCE, SEQUENCE, BIT STRING }), and the value
    /// SET of anything shaped like an Attribute (SEQUENCE { OBJECT IDENTIFIER, SET }).
    static func opaqueRegions(_ e: DERElement) -> [Range<Int>] {
        var out: [Range<Int>] = []
        let c = e.children
        if e.tag == .sequence, c.count == 3, c[0].tag == .sequence, c[1].tag == .sequence, c[2].tag == .bitString {
            out.append(c[0].offset..<(c[0].offset + c[0].encoded.count))
        }
        if e.tag == .sequence, c.count == 2, c[0].tag == .objectIdentifier, c[1].tag == .set {
            out.append(c[1].offset..<(c[1].offset + c[1].encoded.count))
        }
        return out + c.flatMap(opaqueRegions)
    }

    static func containsBooleanFalse(_ e: DERElement) -> Bool {
        (e.tag == .boolean && e.content.first == 0) || e.children.contains(where: containsBooleanFalse)
    }

    @Test func basesAreDERToBoth() throws {
        for (file, structure) in Self.bases {
            let blob = try testdataBytes(file)
            _ = try DERParser.parse(blob)
            let openssl = OpenSSLParser.parse(blob, as: structure)
            #expect(openssl.decoded && openssl.reencodesIdentically, "\(file)")
        }
    }

    @Test func mutationsAgreeWithOpenSSLOrFallInADocumentedClass() throws {
        var counts: [Outcome: Int] = [:]
        var byKind: [String: [Outcome: Int]] = [:]
        var unclassified: [String] = []
        var examples: [Outcome: String] = [:]
        for (b, (file, structure)) in Self.bases.enumerated() {
            let original = try testdataBytes(file)
            let mutator = try DERMutator(original)
            let opaque = Self.opaqueRegions(try DERParser.parse(original))
            for i in 0..<Self.mutationsPerBase {
                let seed = Self.baseSeed &+ UInt64(b * 1_000_000 + i)
                var rng = SplitMix64(seed: seed)
                let kind = DERMutator.Kind.allCases.randomElement(using: &rng)!
                let mutated = mutator.mutate(kind, using: &rng)
                let (outcome, detail) = Self.classify(mutated, original: original, opaque: opaque, as: structure)
                counts[outcome, default: 0] += 1
                byKind[kind.rawValue, default: [:]][outcome, default: 0] += 1
                if outcome != .bothAccept && outcome != .bothReject && examples[outcome] == nil {
                    examples[outcome] = "seed 0x\(String(seed, radix: 16)) (\(file), \(kind))"
                }
                if outcome == .unclassified {
                    unclassified.append(
                        "seed 0x\(String(seed, radix: 16)) \(file) \(kind): \(detail) \(Hex.encode(mutated.prefix(48)))"
                    )
                }
            }
        }
        let total = Self.bases.count * Self.mutationsPerBase
        print("differential vs OpenSSL: \(total) mutated blobs")
        for o in Outcome.allCases {
            print("  \(counts[o, default: 0])\t\(o.rawValue)" + (examples[o].map { ", e.g. \($0)" } ?? ""))
        }
        for (kind, c) in byKind.sorted(by: { $0.key < $1.key }) {
            let row = Outcome.allCases.compactMap { o in c[o].map { "\(o)=\($0)" } }
            print("  \(kind): " + row.joined(separator: " "))
        }
        #expect(
            unclassified.isEmpty,
            "\(unclassified.count) unexplained differences:\n\(unclassified.prefix(20).joined(separator: "\n"))")
        #expect(counts[.bothAccept, default: 0] > 0 && counts[.bothReject, default: 0] > 0)
        #expect(counts.values.reduce(0, +) == total)
    }
}
