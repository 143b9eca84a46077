import Testing

@testable import EvidentDER

/// Length octets, X.690 §8.1.3 and the DER restrictions of §10.1.
@Suite struct LengthTests {
    @Test func indefiniteLengthIsRejectedInDER() {
        // §10.1: DER uses the definite form only.
        expectRejected(bytes("30 80 02 01 05 00 00"), .indefiniteLength, at: 0)
        expectRejected(bytes("30 06 30 80 05 00 00 00"), .indefiniteLength, at: 2)
    }

    @Test func indefiniteLengthOnAPrimitiveIsRejectedEvenInBER() {
        // §8.1.3.2(a): the indefinite form is for constructed encodings only.
        expectRejected(bytes("04 80 00 00"), .indefiniteLength, at: 0)
        expectRejected(bytes("04 80 00 00"), .indefiniteLength, at: 0, rules: .lenientBER)
    }

    @Test func indefiniteSequenceIsAcceptedWithAWarningInLenientBER() throws {
        let input = bytes("30 80 02 01 05 00 00")
        let (seq, warnings) = try parseLenient(input)
        #expect(warnings == ["indefinite-length@0"])
        #expect(Array(seq.encoded) == input)  // end-of-contents included
        #expect(Array(seq.content) == bytes("02 01 05"))
        let children = try seq.sequence()
        #expect(children.count == 1)
        #expect(try children[0].integer(as: Int.self) == 5)
    }

    @Test func longFormForALengthBelow128IsRejected() {
        // §10.1: the definite form uses the minimum number of octets.
        expectRejected(bytes("04 81 01 AA"), .nonMinimalLength, at: 0)
        expectRejected(bytes("30 04 04 81 01 AA"), .nonMinimalLength, at: 2)
    }

    @Test func longFormWithALeadingZeroOctetIsRejected() {
        expectRejected(bytes("04 82 00 01 AA"), .nonMinimalLength, at: 0)
        expectRejected(bytes("04 82 00 80") + [UInt8](repeating: 0xAA, count: 0x80), .nonMinimalLength, at: 0)
    }

    @Test func nonMinimalLengthsAreWarningsInLenientBER() throws {
        let (e, warnings) = try parseLenient(bytes("30 05 04 82 00 01 AA"))
        #expect(warnings == ["non-minimal-length@2"])
        #expect(try Array(e.sequence()[0].octetString()) == [0xAA])
    }

    @Test func minimalLongFormIsAccepted() throws {
        let content = [UInt8](repeating: 0xAA, count: 0x80)
        let e = try DERParser.parse(bytes("04 81 80") + content)
        #expect(Array(try e.octetString()) == content)
        let big = [UInt8](repeating: 0x55, count: 0x1234)
        #expect(try DERParser.parse(bytes("04 82 12 34") + big).content.count == 0x1234)
    }

    @Test func lengthPastTheInputIsRejected() {
        expectRejected(bytes("04 05 AA AA"), .lengthExceedsInput, at: 0)
        expectRejected(bytes("04 82 01 00 AA"), .lengthExceedsInput, at: 0)
        expectRejected(bytes("04 88 FF FF FF FF FF FF FF FF AA"), .lengthExceedsInput, at: 0)
        // A child may not run past its parent even when the input goes on.
        expectRejected(bytes("30 03 04 05 AA AA AA AA AA"), .lengthExceedsInput, at: 2)
    }

    @Test func truncatedHeadersAreRejected() {
        expectRejected([], .truncated, at: 0)
        expectRejected(bytes("30"), .truncated, at: 0)  // no length octet
        expectRejected(bytes("04 82 01"), .truncated, at: 0)  // length octets cut short
        expectRejected(bytes("30 01 04"), .truncated, at: 2)  // child without its length octet
        expectRejected(bytes("30 02 04 81"), .truncated, at: 2)
    }

    @Test func lengthOctetFFIsReserved() {
        // §8.1.3.5(c): the value 0xFF shall not be used.
        expectRejected(bytes("04 FF 00"), .reservedLength, at: 0)
        expectRejected(bytes("30 03 04 FF 00"), .reservedLength, at: 2, rules: .lenientBER)
    }

    @Test func moreThanEightLengthOctetsAreRejected() {
        expectRejected(bytes("04 89 00 00 00 00 00 00 00 00 01 AA"), .lengthTooLarge, at: 0)
        expectRejected(bytes("04 FE"), .lengthTooLarge, at: 0)
    }
}
