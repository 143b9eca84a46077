import Testing

@testable import EvidentDER

/// Identifier octets, X.690 §8.1.2, and the primitive/constructed rules of §8.1.2.5 and §10.2.
@Suite struct TagTests {
    @Test func highTagNumbersRoundTrip() throws {
        for (number, header) in [
            (31, "9F 1F"), (127, "9F 7F"), (128, "9F 81 00"), (1000, "9F 87 68"),
            (UInt32.max, "9F 8F FF FF FF 7F"),
        ] as [(UInt32, String)] {
            var w = DERWriter()
            w.writeNull(tag: .context(number))
            #expect(w.bytes == bytes(header + " 00"), "[\(number)]")
            let e = try DERParser.parse(w.bytes)
            #expect(e.tag == .context(number))
            try e.null(tag: .context(number))
        }
        var w = DERWriter()
        w.writeExplicit(DERTag(.application, 1000)) { $0.writeInteger(7) }
        #expect(w.bytes == bytes("7F 87 68 03 02 01 07"))
        #expect(try DERParser.parse(w.bytes).explicit(tag: DERTag(.application, 1000)).integer(as: Int.self) == 7)
    }

    @Test func highTagNumberWithALeadingZeroGroupIsRejected() {
        // §8.1.2.4.2(c): bits 7–1 of the first subsequent octet shall not all be zero.
        expectRejected(bytes("9F 80 1F 00"), .nonMinimalTag, at: 0)
        expectRejected(bytes("30 04 9F 80 1F 00"), .nonMinimalTag, at: 2)
    }

    @Test func highTagFormForANumberBelow31IsRejected() {
        // §8.1.2.2/§8.1.2.4: numbers 0–30 use the single-octet form.
        expectRejected(bytes("9F 1E 00"), .nonMinimalTag, at: 0)
        expectRejected(bytes("BF 01 00"), .nonMinimalTag, at: 0)
    }

    @Test func tagNumbersBeyond32BitsAreRejected() {
        expectRejected(bytes("9F 90 80 80 80 00 00"), .tagTooLarge, at: 0)  // 2^32
        expectRejected(bytes("9F 81 80 80 80 80 00 00"), .tagTooLarge, at: 0)  // six groups
    }

    @Test func primitiveSequenceIsRejected() {
        // §8.9.1/§8.11.1: SEQUENCE and SET encodings are constructed.
        expectRejected(bytes("10 00"), .primitiveConstructed, at: 0)
        expectRejected(bytes("30 02 11 00"), .primitiveConstructed, at: 2)
        expectRejected(bytes("10 00"), .primitiveConstructed, at: 0, rules: .lenientBER)
    }

    @Test func constructedIntegerIsRejected() {
        // §8.3.1: INTEGER is primitive; no BER alternative exists either.
        expectRejected(bytes("22 03 02 01 00"), .constructedPrimitive, at: 0)
        expectRejected(bytes("22 03 02 01 00"), .constructedPrimitive, at: 0, rules: .lenientBER)
        expectRejected(bytes("21 03 01 01 FF"), .constructedPrimitive, at: 0)  // BOOLEAN
        expectRejected(bytes("26 03 06 01 2A"), .constructedPrimitive, at: 0)  // OBJECT IDENTIFIER
    }

    @Test func constructedStringsAreRejectedInDER() {
        // §10.2: string types use the primitive form in DER.
        expectRejected(bytes("24 03 04 01 AA"), .constructedPrimitive, at: 0)
        expectRejected(bytes("23 04 03 02 00 AA"), .constructedPrimitive, at: 0)
        expectRejected(bytes("2C 03 0C 01 41"), .constructedPrimitive, at: 0)
    }

    @Test func endOfContentsOutsideAnIndefiniteLengthIsRejected() {
        // §8.1.5: end-of-contents only terminates an indefinite-length encoding.
        expectRejected(bytes("00 00"), .unexpectedEndOfContents, at: 0)
        expectRejected(bytes("30 02 00 00"), .unexpectedEndOfContents, at: 2)
        expectRejected(bytes("30 02 00 00"), .unexpectedEndOfContents, at: 2, rules: .lenientBER)
        // Inside an indefinite length, end-of-contents is exactly 00 00.
        expectRejected(bytes("30 80 00 01 00 00 00"), .unexpectedEndOfContents, at: 2, rules: .lenientBER)
    }

    @Test func trailingDataIsRejected() {
        // One element spans the whole input: anything after it is an error, not ignored.
        expectRejected(bytes("05 00 00"), .trailingData, at: 2)
        expectRejected(bytes("30 00 30 00"), .trailingData, at: 2)
        expectRejected(bytes("30 80 00 00 00"), .trailingData, at: 4, rules: .lenientBER)
    }

    @Test func missingEndOfContentsIsRejected() {
        expectRejected(bytes("30 80 05 00"), .missingEndOfContents, at: 0, rules: .lenientBER)
        expectRejected(bytes("30 80 05 00 00"), .missingEndOfContents, at: 0, rules: .lenientBER)
    }
}
