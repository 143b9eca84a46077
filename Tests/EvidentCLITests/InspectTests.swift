import EvidentDER
import EvidentTSP
import EvidentTestSupport
import Foundation
import Testing

/// `evident ts inspect` on good and bad input.
@Suite struct InspectTests {
    static func write(_ bytes: [UInt8], _ name: String = "input.der") throws -> URL {
        let url = try TestSupport.temporaryDirectory().appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }

    static let response = TestSupport.testdata("tsa/trailofbits-rfc3161-client/sigstage/response-sha256.tsr")

    @Test func autodetectsEachKind() throws {
        let cases = [
            ("tsa/trailofbits-rfc3161-client/sigstage/request.der", "request"),
            ("tsa/trailofbits-rfc3161-client/sigstage/response-sha256.tsr", "response"),
            ("tsa/dss/archive_timestamp.tst", "token"),
        ]
        for (path, kind) in cases {
            let r = try TestSupport.evident(["ts", "inspect", "--json", TestSupport.testdata(path).path])
            #expect(r.status == 0, "\(path): \(r.stderrText)")
            let json = try JSONSerialization.jsonObject(with: r.stdout) as? [String: Any]
            #expect(json?["type"] as? String == kind)
        }
    }

    @Test func textShowsSignerAndESS() throws {
        let r = try TestSupport.evident(["ts", "inspect", Self.response.path])
        #expect(r.status == 0)
        #expect(r.stdoutText.contains("Signer certificate: CN=sigstore-tsa,O=sigstore.dev"))
        #expect(
            r.stdoutText.contains(
                "ESSCertIDv2: sha256 06f4ffe047feb35999b733b0d7a323501cfc18e4c03366a845d77536e74b2744"))
        #expect(r.stdoutText.contains("matches: certificate CN=sigstore-tsa,O=sigstore.dev"))
        #expect(
            r.stdoutText.contains("messageDigest: 023890eb89951059e03543cba7599d45c7e1b1ac6b54c888f41d779b32f8194c"))
    }

    @Test func jsonFieldsOfAResponse() throws {
        let r = try TestSupport.evident(["ts", "inspect", "--json", Self.response.path])
        let json = try #require(try JSONSerialization.jsonObject(with: r.stdout) as? [String: Any])
        let tst = try #require(json["tst_info"] as? [String: Any])
        #expect(tst["serial_number"] as? String == "0x784B4C5E57AAA63B570F15CBA4DF95251668AE9E")
        #expect(tst["gen_time"] as? String == "2025-05-09T11:58:55Z")
        #expect(tst["policy"] as? String == "1.3.6.1.4.1.57264.2")
        #expect(tst["nonce"] as? String == "0x051708B19A1D2E209C2236FFC3238BF24DCECC40")
    }

    @Test func berNeedsTheFlag() throws {
        let path = TestSupport.testdata("tsa/dss/tst_with_broken_ocsp.tst").path
        let strict = try TestSupport.evident(["ts", "inspect", path])
        #expect(strict.status == 2)
        #expect(
            strict.stderrText
                == "evident: error: \(path): indefinite-length at offset 0: indefinite length on SEQUENCE (BER, not DER) (use --ber to accept BER)\n"
        )
        let lenient = try TestSupport.evident(["ts", "inspect", "--ber", path])
        #expect(lenient.status == 0)
        #expect(lenient.stderrText.contains("warning: indefinite-length at offset 0"))
    }

    @Test func garbageTruncatedEmptyAndOversized() throws {
        let good = try TestSupport.read(Self.response)
        let cases: [([UInt8], String)] = [
            (
                Array("hello, this is not DER\n".utf8),
                "length-exceeds-input at offset 0: [APPLICATION 8] claims 101 content bytes, 21 remain"
            ),
            (
                Array(good.prefix(100)),
                "length-exceeds-input at offset 0: SEQUENCE claims \(good.count - 4) content bytes, 96 remain"
            ),
            ([], "truncated at offset 0: empty input"),
            (good + [0x00], "trailing-data at offset \(good.count): 1 bytes after the end of the top-level element"),
            ([0x30, 0x03, 0x02, 0x01, 0x05], "unsupported-version at offset 2: TimeStampReq version 5, expected 1"),
        ]
        for (bytes, message) in cases {
            let url = try Self.write(bytes)
            let r = try TestSupport.evident(["ts", "inspect", url.path])
            #expect(r.status == 2, "\(message)")
            #expect(r.stderrText == "evident: error: \(url.path): \(message)\n")
            #expect(r.stdout.isEmpty)
        }
        // Oversized: refused before it is read.
        let big = try Self.write([UInt8](repeating: 0x30, count: TSPLimits.maxMessageSize + 1))
        let r = try TestSupport.evident(["ts", "inspect", big.path])
        #expect(r.status == 2)
        #expect(
            r.stderrText
                == "evident: error: \(big.path): \(TSPLimits.maxMessageSize + 1) bytes, larger than the \(TSPLimits.maxMessageSize)-byte limit\n"
        )
    }

    @Test func everyTruncationOfARealResponseIsACleanError() throws {
        let good = try TestSupport.read(Self.response)
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Every 7th prefix keeps the process count reasonable while hitting every nesting level.
        for n in stride(from: 0, to: good.count, by: 7) {
            let url = dir.appendingPathComponent("t\(n).der")
            try Data(good.prefix(n)).write(to: url)
            let r = try TestSupport.evident(["ts", "inspect", url.path])
            #expect(r.status == 2, "prefix \(n)")
            #expect(
                r.stderrText.hasPrefix("evident: error: \(url.path): ")
                    && r.stderrText.split(separator: "\n").count == 1, "prefix \(n): \(r.stderrText)")
        }
    }

    @Test func directoryAndMissingFile() throws {
        let dir = try TestSupport.temporaryDirectory()
        let r = try TestSupport.evident(["ts", "inspect", dir.path])
        #expect(r.status == 2)
        #expect(r.stderrText == "evident: error: \(dir.path): not a regular file\n")
        let m = try TestSupport.evident(["ts", "inspect", "/nonexistent.tsr"])
        #expect(m.status == 2)
        #expect(m.stderrText == "evident: error: /nonexistent.tsr: cannot open: No such file or directory\n")
    }
}
