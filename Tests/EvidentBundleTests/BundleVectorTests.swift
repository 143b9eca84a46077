import EvidentCrypto
import EvidentDER
import EvidentLedger
import EvidentSQLite
import EvidentTestSupport
import Foundation
import Testing

@testable import EvidentBundle

/// The bundle format against a committed vector (docs/bundle.md): a fixed key, fixed receipts
/// and a fixed export time give the same archive, byte for byte, every time; its manifest is
/// the committed testdata/bundles/vector-manifest.json, and the bundle verifies.
@Suite struct BundleVectorTests {
    static let manifestVector = TestSupport.testdata("bundles/vector-manifest.json")

    static func entries(_ bytes: [UInt8]) throws -> [(name: String, bytes: [UInt8])] {
        let path = try TestSupport.temporaryDirectory().appendingPathComponent("b.evb").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return try TarReader.read(path: path, limits: .default)
    }

    static func export() throws -> [UInt8] {
        let dir = try TestSupport.temporaryDirectory()
        let ledger = try LedgerDirectory(path: dir.appendingPathComponent("ledger").path).initialize(
            origin: "example.org/ledger/vector")
        let key = try LedgerKey(seed: Array(0..<32))
        let drafts = try (0..<5).map { i in
            try Minter.draft(
                json: Array(
                    """
                    {"stream":"\(i < 3 ? "agent-7" : "deploys")","issued_at":"2026-01-0\(i + 1)T12:00:00.000Z","decision":"\(i == 1 ? "deny" : "allow")","actor":"agent-7","action":"tool.call","resource":"r\(i)","scope":{"tenant":"acme"},"policy":{"id":"agents","version":"3","hash":"\(String(repeating: "ab", count: 32))"}}
                    """.utf8), nowMillis: 0)
        }
        // The ledger assigns issued_at from its clock: one receipt per day, the clock fixed.
        for draft in drafts {
            var minter = Minter(ledger: ledger, key: key)
            minter.referenceNewestAnchor = false
            minter.clock = { draft.issuedAt.millisecondsSinceEpoch }
            _ = try minter.mint([draft])
        }
        _ = try ledger.checkpoint(
            signers: [try NoteSigner(name: ledger.origin, key: key.secretKey)], nowMillis: 1_767_312_000_000)
        let out = dir.appendingPathComponent("vector.evb").path
        var exporter = BundleExporter(ledger: ledger, scope: .init())
        exporter.allowUnanchored = true  // the vector ledger has no anchor
        try exporter.export(to: out, nowMillis: 1_767_312_000_000)
        return try TestSupport.read(URL(fileURLWithPath: out))
    }

    /// Where a manifest that differs from the vector is written for review (scripts/make-vectors
    /// copies it over the vector when a format change is intended).
    static let actualManifest = TestSupport.artifacts.appendingPathComponent("vectors/vector-manifest.json")

    @Test func exportIsReproducibleAndMatchesTheVector() throws {
        let a = try Self.export(), b = try Self.export()
        #expect(a == b, "two exports of the same ledger state differ")
        let entries = try Self.entries(a)
        #expect(entries.first?.name == BundleFormat.manifest)
        let manifest = try #require(entries.first { $0.name == BundleFormat.manifest }).bytes
        if manifest != (try TestSupport.read(Self.manifestVector)) {
            try FileManager.default.createDirectory(
                at: Self.actualManifest.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(manifest).write(to: Self.actualManifest)
            Issue.record(
                "the export's manifest differs from testdata/bundles/vector-manifest.json; it is in \(Self.actualManifest.path) (diff it; scripts/make-vectors bundle accepts it)"
            )
        }
        let dir = try TestSupport.temporaryDirectory()
        let path = dir.appendingPathComponent("v.evb").path
        try Data(a).write(to: URL(fileURLWithPath: path))
        let report = BundleVerifier(
            ledgerKeys: [try LedgerKey(seed: Array(0..<32)).publicKey], tsaRoots: [], now: 1_767_312_000
        ).verify(path: path)
        // No anchors in the vector: every check passes and the verdict is indeterminate (anchor coverage).
        #expect(
            report.verdict == .indeterminate && report.findings.allSatisfy { $0.check == "anchor-coverage" },
            "\(report.findings)")
    }
}
