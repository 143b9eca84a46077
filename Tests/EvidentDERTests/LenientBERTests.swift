import Testing

@testable import EvidentDER

/// What ``DEREncodingRules/lenientBER`` tolerates, and that each tolerance is reported.
@Suite struct LenientBERTests {
    @Test func constructedOctetStringIsReadBackConcatenated() throws {
        // §8.7.3: a BER OCTET STRING may be split into primitive segments.
        let input = bytes("24 80  04 02 AA BB  04 01 CC  00 00")
        expectRejected(input, .indefiniteLength, at: 0)
        let (e, warnings) = try parseLenient(input)
        #expect(warnings == ["indefinite-length@0", "constructed-primitive-type@0"])
        #expect(Array(try e.octetString()) == bytes("AA BB CC"))
    }

    @Test func nestedSegmentsUnderAnImplicitTag() throws {
        // Segments keep the universal OCTET STRING tag even when the string is [0] IMPLICIT.
        let (e, _) = try parseLenient(bytes("A0 0A  24 04 04 02 01 02  04 02 03 04"))
        #expect(Array(try e.octetString(tag: .context(0))) == bytes("01 02 03 04"))
        let (wrong, _) = try parseLenient(bytes("A0 04 0C 02 41 42"))
        expectDERError(.unexpectedTag, at: 2) { _ = try wrong.octetString(tag: .context(0)) }
    }

    @Test func constructedBitStringJoinsSegmentsWithTheirOwnUnusedBits() throws {
        // §8.6.4: every segment has an initial octet; only the last may leave bits unused.
        let (e, warnings) = try parseLenient(bytes("23 09  03 03 00 01 02  03 02 04 F0"))
        #expect(warnings == ["constructed-primitive-type@0"])
        let bits = try e.bitString()
        #expect(Array(bits.bytes) == bytes("01 02 F0"))
        #expect(bits.unusedBits == 4)
        let (bad, _) = try parseLenient(bytes("23 08  03 02 04 F0  03 02 00 01"))
        expectDERError(.invalidBitString, at: 2) { _ = try bad.bitString() }
    }

    @Test func constructedUTF8String() throws {
        let (e, _) = try parseLenient(bytes("2C 80  0C 02 C3 A9  0C 01 21  00 00"))
        #expect(try e.string() == "é!")
    }

    @Test func warningsCarryTheOffsetOfEachDeviation() throws {
        let input = bytes("30 0A  01 01 01  04 81 01 AA  02 01 07")
        let (e, warnings) = try parseLenient(input)
        #expect(warnings == ["invalid-boolean@2", "non-minimal-length@5"])
        #expect(Array(e.encoded) == input)
        let (_, none) = try parseLenient(bytes("30 03 02 01 07"))
        #expect(none.isEmpty)
    }

    @Test func berStillRejectsWhatBERForbids() {
        expectRejected(bytes("02 02 00 01"), .nonMinimalInteger, at: 0, rules: .lenientBER)
        expectRejected(bytes("03 02 08 00"), .invalidBitString, at: 0, rules: .lenientBER)
        expectRejected(bytes("06 02 80 01"), .invalidOID, at: 0, rules: .lenientBER)
        expectRejected(bytes("04 FF"), .reservedLength, at: 0, rules: .lenientBER)
        expectRejected(bytes("05 00 00"), .trailingData, at: 2, rules: .lenientBER)
    }
}
