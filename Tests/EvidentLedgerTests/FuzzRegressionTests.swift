import EvidentCrypto
import EvidentLedger
import Testing

/// Inputs FuzzJCS (Fuzz/Sources/FuzzJCS) showed to break an invariant of the receipt readers;
/// each must now be refused with a clean error.
@Suite struct JCSFuzzRegressionTests {
    typealias M = ReceiptFixtures

    /// A schema 1.0 draft whose scope has the names "café" (U+00E9) and "café" (e U+0301).
    static let equivalentScopeKeys = Array(
        #"""
        {"v":"1.0","stream":"s","seq":1,"prev":null,"issued_at":"2025-03-14T09:26:53.589Z","decision":"allow","actor":"a","action":"deploy","resource":"r","scope":{"caf\u00e9":"a","cafe\u0301":"b"},"policy":{"id":"p","version":"7","hash":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"},"evidence":[],"approvals":[],"parents":[]}
        """#.utf8)

    @Test func canonicallyEquivalentScopeKeys() throws {
        // FuzzJCS checkDraft: the draft read wrote back one scope member fewer than it read. JSON
        // (and the signature) keep both names; ReceiptDraft.scope, a Swift dictionary, merged
        // them, so the last value silently replaced the first — for signing and for the gate.
        do {
            let d = try ReceiptDraft(json: Self.equivalentScopeKeys)
            Issue.record("read a draft with scope \(d.scope)")
        } catch let e as ReceiptError {
            #expect(e.code == .duplicateEntry && e.field == "scope", "\(e)")
        }
        // The same scope in a signed receipt is refused on reading too.
        let scope = JCSValue.object(
            try JCSObject([.init("caf\u{E9}", .string("a")), .init("cafe\u{301}", .string("b"))]))
        expectReceiptRejected(try M.mutated { $0["scope"] = scope }, .duplicateEntry, field: "scope")
        // Names that differ as text still read, one entry each.
        let distinct = JCSValue.object(try JCSObject([.init("caf\u{E9}", .string("a")), .init("cafe", .string("b"))]))
        let r = try Receipt(json: try M.mutated { $0["scope"] = distinct })
        #expect(r.draft.scope == ["caf\u{E9}": "a", "cafe": "b"])
    }
}
