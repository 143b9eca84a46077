import Testing

@testable import EvidentDER

/// NULL, X.690 §8.8.
@Suite struct NullTests {
    @Test func nullHasNoContents() throws {
        try DERParser.parse(bytes("05 00")).null()
        expectRejected(bytes("05 01 00"), .invalidNull, at: 0)
        expectRejected(bytes("30 03 05 01 00"), .invalidNull, at: 2)
        let implicit = try DERParser.parse(bytes("80 01 00"))
        expectDERError(.invalidNull, at: 0) { try implicit.null(tag: .context(0)) }
    }
}
