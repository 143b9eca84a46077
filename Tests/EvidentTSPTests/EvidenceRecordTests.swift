import EvidentCore
import EvidentCrypto
import EvidentDER
import EvidentTestSupport
import Foundation
import Testing

@testable import EvidentTSP

/// RFC 4998 evidence records (issue #18) against records others wrote: the BSI TR-ESOR test
/// data (OK must verify, NOK must fail) and esig/dss's records (testdata/ers/PROVENANCE.md).
/// Their TSAs are not trusted here, so a sound record ends indeterminate on its chain, never
/// invalid: every hash and tree check before that must pass.
@Suite struct EvidenceRecordTests {
    static func file(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: TestSupport.repoRoot.appendingPathComponent("testdata/ers/\(name)")))
    }

    static let verifier = EvidenceRecordVerifier(tokens: EvidenceTokenCheck(trustedRoots: []))
    static let now = Int64(Date().timeIntervalSince1970)

    static func verify(_ er: String, data: String) throws -> EvidenceRecordVerifier.Result {
        verifier.verify(try EvidenceRecord(derEncoded: file(er)), objects: [try file(data)], now: now)
    }

    @Test(arguments: [
        ("1Chain1ATS/BIN_ER.ers", "1Chain1ATS/BIN.bin"), ("1Chain2ATS/BIN_ER.ers", "1Chain2ATS/BIN.bin"),
        ("2Chains3ATS/BIN_ER.ers", "2Chains3ATS/BIN.bin"), ("ER_OK_INIT.ers", "ER-2Chains3ATS1.bin"),
        ("ER_OK_CHAIN.ers", "ER-2Chains3ATS1.bin"), ("ER_OK_SEQ.ers", "ER-2Chains3ATS1.bin"),
        ("ER_OK_SEQ.ers", "ER-2Chains3ATS2.bin"),
    ])
    func soundRecordsPassEveryHashCheck(er: String, data: String) throws {
        let r = try Self.verify(er, data: data)
        #expect(r.verdict == .indeterminate, "\(er): \(r.problem)")
        #expect(
            r.problem.contains("chain") || r.problem.contains("root") || r.problem.contains("expired"),
            "\(er): \(r.problem)")
        #expect(!r.timeStamps.isEmpty)
    }

    @Test(arguments: ["ER_NOK_INIT.ers", "ER_NOK_CHAIN.ers", "ER_NOK_SEQ.ers"])
    func brokenRecordsAreInvalid(er: String) throws {
        let r = try Self.verify(er, data: "ER-2Chains3ATS1.bin")
        #expect(r.verdict == .invalid, "\(er): \(r.problem)")
    }

    @Test func otherDataIsInvalid() throws {
        let r = try Self.verify("2Chains3ATS/BIN_ER.ers", data: "ER-2Chains3ATS1.bin")
        #expect(r.verdict == .invalid && r.problem.contains("does not cover"), "\(r.problem)")
    }

    /// Every record re-encodes byte for byte (renewals hash earlier chains as DER).
    @Test func recordsRoundTrip() throws {
        let dir = TestSupport.repoRoot.appendingPathComponent("testdata/ers")
        let names = try FileManager.default.subpathsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".ers") }
        #expect(names.count >= 20)
        for name in names {
            let bytes = try Self.file(name)
            #expect(try EvidenceRecord(derEncoded: bytes).derBytes() == bytes, "\(name)")
        }
    }

    @Test func truncatedOrOversizedRecordsAreRefused() throws {
        let bytes = try Self.file("ER_OK_CHAIN.ers")
        #expect(throws: DERError.self) { try EvidenceRecord(derEncoded: Array(bytes.dropLast(7))) }
        #expect(throws: DERError.self) { try EvidenceRecord(derEncoded: [0x30, 0x03, 0x02, 0x01, 0x02]) }
    }

    /// Every leaf's reduced hash tree leads to the root, for trees of 1 to 17 leaves, singles and groups.
    @Test func builtTreesProveEveryLeaf() throws {
        for n in 1...17 {
            let leaves = (0..<n).map { i in
                ArchiveHashTree.Leaf(
                    hashes: (0..<(i % 3 == 0 ? 1 : 3)).map { k in
                        (try? Digest.hash(.sha256, [UInt8(i), UInt8(k)])) ?? []
                    })
            }
            let (root, trees) = try ArchiveHashTree.build(leaves, .sha256)
            for (leaf, tree) in zip(leaves, trees) {
                if let tree {
                    #expect(leaf.hashes.allSatisfy(tree[0].contains))
                    #expect(try ArchiveHashTree.root(of: tree, .sha256) == root)
                    // Every list after the first holds one sibling (the form every reader agrees on).
                    #expect(tree.dropFirst().allSatisfy { $0.count == 1 })
                } else {
                    #expect(n == 1 && leaf.hashes == [root])
                }
            }
        }
    }

    /// Any altered hash in a record is caught.
    @Test func alteredHashesAreInvalid() throws {
        var record = try EvidenceRecord(derEncoded: Self.file("2Chains3ATS/BIN_ER.ers"))
        guard var tree = record.chains[1][0].reducedHashtree else { Issue.record("no tree"); return }
        tree[tree.count - 1][0][0] ^= 1
        record.chains[1][0].reducedHashtree = tree
        let r = Self.verifier.verify(record, objects: [try Self.file("2Chains3ATS/BIN.bin")], now: Self.now)
        #expect(r.verdict == .invalid, "\(r.problem)")
    }
}
