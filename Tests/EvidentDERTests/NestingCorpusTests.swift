import Testing

@testable import EvidentDER

/// Bouncy Castle's deep-nesting inputs (testdata/der/bc-asn1): the depth limit must stop both
/// the DER and the BER variant before any recursion gets deep.
@Suite struct NestingCorpusTests {
    @Test func nestedDERSequenceHitsTheDepthLimit() throws {
        let input = try testdataBytes("bc-asn1/nested_seq.der")
        // 32 headers of four octets (30 82 xx xx) precede the 33rd SEQUENCE.
        expectRejected(input, .depthExceeded, at: 32 * 4)
        expectRejected(input, .depthExceeded, at: 32 * 4, rules: .lenientBER)
    }

    @Test func nestedIndefiniteBERSequence() throws {
        let input = try testdataBytes("bc-asn1/nested_seq_indef.ber")
        // Strict: the first indefinite length is already an error.
        expectRejected(input, .indefiniteLength, at: 0)
        // Lenient: accepted level by level until the 33rd `30 80`.
        expectRejected(input, .depthExceeded, at: 32 * 2, rules: .lenientBER)
    }
}
