import EvidentCrypto
import EvidentDER
import EvidentTSP
import EvidentTestSupport
import Foundation
import Testing

/// The worked example of docs/tsp.md, both directions.
@Suite struct VectorTests {
    static let vector = TestSupport.testdata("vectors/request-sha256-nonce-certreq-policy.tsq")
    static let data = TestSupport.testdata("vectors/hello.txt")

    @Test func decodesToTheDocumentedFields() throws {
        let bytes = try TestSupport.read(Self.vector)
        #expect(bytes.count == 75)
        let r = try TimeStampRequest(derEncoded: bytes)
        #expect(r.reqPolicy == "1.2.3.4.5")
        #expect(r.nonce?.hexString == "0x5F1150DEAEB3CE87")
        #expect(r.certReq)
        #expect(r.messageImprint.hashAlgorithm.parameters == [0x05, 0x00])
        #expect(r.messageImprint.hashedMessage == (try Digest.hash(.sha256, TestSupport.read(Self.data))))
    }

    @Test func cliWritesTheSameBytes() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("q.tsq").path
        let r = try TestSupport.evident([
            "ts", "query", Self.data.path, "--cert-req", "--policy", "1.2.3.4.5", "--nonce-value", "0x5F1150DEAEB3CE87",
            "-o", out,
        ])
        #expect(r.status == 0, "\(r.stderrText)")
        #expect(try TestSupport.read(URL(fileURLWithPath: out)) == TestSupport.read(Self.vector))
    }
}
