import Testing

@testable import EvidentDER

/// Inputs FuzzDER (Fuzz/Sources/FuzzDER) found that once crashed the parser; each must now
/// fail with a clean error.
@Suite struct FuzzRegressionTests {
    @Test func shortFormLengthPastTheEnd() {
        // crash-d885d3b9…: a short-form length was not checked against the remaining input,
        // and slicing the contents trapped. ENUMERATED claiming 0x31 octets, one present.
        expectRejected(bytes("0A 31 A0"), .lengthExceedsInput, at: 0)
        expectRejected(bytes("0A 31 A0"), .lengthExceedsInput, at: 0, rules: .lenientBER)
        expectRejected(bytes("30 7F"), .lengthExceedsInput, at: 0)
        expectRejected(bytes("30 80 04 05 AA 00 00"), .lengthExceedsInput, at: 2, rules: .lenientBER)
    }
}
