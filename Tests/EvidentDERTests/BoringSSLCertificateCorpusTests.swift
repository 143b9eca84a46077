import EvidentCrypto
import Foundation
import Testing

@testable import EvidentDER

/// BoringSSL's parse_certificate_unittest files (testdata/der/boringssl-pki): certificates and
/// their parts, many deliberately broken at the X.509 level, some at the DER level. Every
/// block's strict verdict is pinned in expectations.txt; CERTIFICATE blocks are also checked
/// against OpenSSL (d2i_X509 + i2d_X509 round trip, its notion of "this is DER").
@Suite struct BoringSSLCertificateCorpusTests {
    static let folder = "boringssl-pki/parse_certificate_unittest"

    struct Case {
        let key: String
        let der: [UInt8]
        let expectation: CorpusExpectation
    }

    /// Runs the parser (and OpenSSL for certificates) over every block. ERRORS blocks are
    /// BoringSSL's expected error text, not DER, and are skipped.
    static func currentResults(reasons: [String: CorpusExpectation]) throws -> [Case] {
        var out: [Case] = []
        for file in try testdataFiles(in: folder, extensions: ["pem"]) {
            let text = try String(contentsOf: derTestdata.appendingPathComponent(file), encoding: .utf8)
            let blocks = pemBlocks(in: text)
            let boringErrors = blocks.first { $0.type == "ERRORS" }.map { String(decoding: $0.der, as: UTF8.self) }
            for (n, block) in blocks.enumerated() where block.type != "ERRORS" {
                let key = "\(file)#\(n):\(block.type.replacingOccurrences(of: " ", with: "_"))"
                var e = CorpusExpectation(verdict: strictVerdict(block.der))
                if block.type == "CERTIFICATE" {
                    let r = OpenSSLParser.parse(block.der, as: .certificate)
                    e.openssl = r.decoded ? (r.reencodesIdentically ? "der" : "not-der") : "rejected"
                    if (e.verdict == "ok") != (e.openssl == "der") {
                        // Keep a reviewed reason; else start from BoringSSL's own complaint.
                        e.reason = reasons[key]?.reason ?? boringErrors.map(firstError) ?? "no ERRORS block"
                    }
                }
                out.append(Case(key: key, der: block.der, expectation: e))
            }
        }
        return out
    }

    static func firstError(_ text: String) -> String {
        let line = text.split(separator: "\n").first { $0.hasPrefix("ERROR: ") } ?? Substring(text)
        return "X.509: " + line.replacingOccurrences(of: "ERROR: ", with: "")
    }

    @Test func everyBlockMatchesItsPinnedVerdict() throws {
        let pinned = try CorpusExpectations.load().cases
        let results = try Self.currentResults(reasons: pinned)
        #expect(results.count > 150, "expected every PEM block of the folder")
        if CorpusExpectations.rewriting {
            try CorpusExpectations.write(section: Self.folder, results.map { ($0.key, $0.expectation) })
            return
        }
        let expectedKeys = Set(pinned.keys.filter { $0.hasPrefix(Self.folder) })
        #expect(Set(results.map(\.key)) == expectedKeys, "blocks and expectations.txt disagree on the cases")
        for r in results {
            guard let want = pinned[r.key] else { continue }
            #expect(r.expectation.verdict == want.verdict, "\(r.key)")
            #expect(r.expectation.openssl == want.openssl, "\(r.key)")
        }
    }

    /// OpenSSL's round trip is "this is DER" for a certificate's outer layers only: X509_CINF
    /// is an ASN1_SEQUENCE_enc, so i2d re-emits the tbsCertificate bytes it was given. A value
    /// error inside the TBS (a time with an offset, a BOOLEAN of 03) is invisible to it.
    static let valueCodes: Set<DERError.Code> = [
        .invalidTime, .invalidBoolean, .nonMinimalInteger, .invalidBitString, .nonZeroUnusedBits, .invalidOID,
    ]

    @Test func certificatesOpenSSLCallsDERAreAcceptedOutsideTheCachedTBS() throws {
        let results = try Self.currentResults(reasons: [:])
        let der = results.filter { $0.expectation.openssl == "der" }
        #expect(der.count > 40)
        for r in der where r.expectation.verdict != "ok" {
            let parts = r.expectation.verdict.split(separator: "@")
            let code = DERError.Code(String(parts[0]))
            let offset = Int(parts[1])!
            #expect(Self.valueCodes.contains(code), "\(r.key): OpenSSL round-trips it, we reject it with \(code)")
            #expect(
                Self.tbsRange(r.der)?.contains(offset) == true,
                "\(r.key): rejected at \(offset), outside the tbsCertificate")
        }
    }

    @Test func everyDisagreementWithOpenSSLHasADocumentedReason() throws {
        let pinned = try CorpusExpectations.load().cases
        for (key, e) in pinned where key.hasPrefix(Self.folder) {
            guard let openssl = e.openssl, (e.verdict == "ok") != (openssl == "der") else { continue }
            #expect(
                !(e.reason ?? "").isEmpty,
                "\(key): we say \(e.verdict), OpenSSL says \(openssl), and no reason is given")
        }
    }

    /// Byte range of the first element inside the outer SEQUENCE, read from the headers alone
    /// (the certificate may not parse as a whole).
    static func tbsRange(_ der: [UInt8]) -> Range<Int>? {
        func header(at i: Int) -> (headerLength: Int, length: Int)? {
            guard i + 1 < der.count else { return nil }
            let l0 = Int(der[i + 1])
            if l0 < 0x80 { return (2, l0) }
            let n = l0 & 0x7F
            guard n <= 4, i + 2 + n <= der.count else { return nil }
            return (2 + n, der[(i + 2)..<(i + 2 + n)].reduce(0) { $0 << 8 | Int($1) })
        }
        guard let outer = header(at: 0), let tbs = header(at: outer.headerLength) else { return nil }
        return outer.headerLength..<(outer.headerLength + tbs.headerLength + tbs.length)
    }
}
