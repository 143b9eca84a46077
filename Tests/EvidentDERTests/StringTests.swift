import Testing

@testable import EvidentDER

/// Character string types (X.680 §41, X.690 §8.23): the parser frames them, `string()` checks
/// the character set, so a bad character is reported where the string is read.
@Suite struct StringTests {
    @Test func printableStringRejectsAtSign() throws {
        let e = try DERParser.parse(bytes("13 03 61 40 62"))  // "a@b"
        expectDERError(.invalidString, at: 0) { _ = try e.string() }
        #expect(
            try DERParser.parse(tlv(0x13, "Evident TSA (test) 1+1=2, a/b:c-d.e'f?")).string()
                == "Evident TSA (test) 1+1=2, a/b:c-d.e'f?")
        let nested = try DERParser.parse(bytes("30 03 13 01 2A"))  // "*"
        expectDERError(.invalidString, at: 2) { _ = try nested.sequence()[0].string() }
    }

    @Test func invalidUTF8IsRejected() throws {
        for hex in ["C3 28", "C0 80", "ED A0 80", "F4 90 80 80", "80", "E2 82"] {
            let content = bytes(hex)
            let e = try DERParser.parse([0x0C, UInt8(content.count)] + content)
            expectDERError(.invalidString, at: 0) { _ = try e.string() }
        }
        #expect(try DERParser.parse(bytes("0C 05 C3 A9 E2 82 AC")).string() == "é€")
    }

    @Test func bmpStringOfOddLengthIsRejected() throws {
        let e = try DERParser.parse(bytes("1E 03 00 41 00"))
        expectDERError(.invalidString, at: 0) { _ = try e.string() }
        #expect(try DERParser.parse(bytes("1E 04 00 41 20 AC")).string() == "A€")
        // UCS-2 has no surrogates.
        let surrogate = try DERParser.parse(bytes("1E 02 D8 00"))
        expectDERError(.invalidString, at: 0) { _ = try surrogate.string() }
    }

    @Test func otherCharacterSets() throws {
        expectDERError(.invalidString, at: 0) { _ = try DERParser.parse(bytes("16 01 80")).string() }  // IA5
        expectDERError(.invalidString, at: 0) { _ = try DERParser.parse(bytes("1A 01 7F")).string() }  // Visible
        expectDERError(.invalidString, at: 0) { _ = try DERParser.parse(bytes("12 01 41")).string() }  // Numeric
        // Universal
        expectDERError(.invalidString, at: 0) { _ = try DERParser.parse(bytes("1C 03 00 00 41")).string() }
        #expect(try DERParser.parse(bytes("1C 04 00 01 F6 00")).string() == "😀")
        #expect(try DERParser.parse(bytes("14 01 E9")).string() == "é")  // Teletex as Latin-1
    }

    @Test func writerRefusesCharactersOutsideTheSet() {
        var w = DERWriter()
        expectDERError(.invalidString, at: 0) { try w.writeString("a@b", kind: .printable) }
        expectDERError(.invalidString, at: 0) { try w.writeString("😀", kind: .bmp) }
        #expect(w.bytes.isEmpty)
    }
}
