import EvidentCore
import EvidentTestSupport
import Testing

@testable import EvidentLedger

/// The renderings written on bytes for bundle verification (issue #19) against independent
/// oracles: ReceiptTime's text against its strict parser and fixed vectors; Hex.encode's direct
/// path against its general one.
@Suite struct ReceiptTimeTextTests {
    @Test func timeTextRoundTripsThroughTheStrictParser() throws {
        let vectors: [(Int64, String)] = [
            (0, "1970-01-01T00:00:00.000Z"), (-1, "1969-12-31T23:59:59.999Z"),
            (951_782_400_000, "2000-02-29T00:00:00.000Z"), (1_738_315_800_123, "2025-01-31T09:30:00.123Z"),
            (ReceiptTime.range.lowerBound, "0001-01-01T00:00:00.000Z"),
            (ReceiptTime.range.upperBound, "9999-12-31T23:59:59.999Z"),
        ]
        for (ms, text) in vectors { #expect(try ReceiptTime(millisecondsSinceEpoch: ms).description == text) }
        var g = SplitMix64(seed: 19_006)
        let span = UInt64(ReceiptTime.range.upperBound - ReceiptTime.range.lowerBound)
        for _ in 0..<20_000 {
            let ms = ReceiptTime.range.lowerBound + Int64(g.next() % span)
            let t = try ReceiptTime(millisecondsSinceEpoch: ms)
            #expect(try ReceiptTime(t.description) == t, "\(ms) → \(t.description)")
        }
    }

    @Test func hexDirectPathEqualsTheGeneralOne() {
        var g = SplitMix64(seed: 19_007)
        for n in 0..<300 {
            let bytes = (0..<(n % 70)).map { _ in UInt8(truncatingIfNeeded: g.next()) }
            for upper in [false, true] {
                // AnySequence has no contiguous storage: the general path.
                #expect(Hex.encode(bytes, uppercase: upper) == Hex.encode(AnySequence(bytes), uppercase: upper))
                #expect(Hex.encode(bytes[...], uppercase: upper) == Hex.encode(AnySequence(bytes), uppercase: upper))
            }
        }
        #expect(Hex.encode([0x00, 0x9F, 0xA0, 0xFF]) == "009fa0ff")
        #expect(Hex.encode([0x00, 0x9F, 0xA0, 0xFF], uppercase: true) == "009FA0FF")
    }
}
