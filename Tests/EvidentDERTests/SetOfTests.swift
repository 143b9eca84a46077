import Testing

@testable import EvidentDER

/// SET OF order, X.690 §11.6: components ascending by their encodings, the shorter one
/// padded with trailing zero octets for the comparison.
@Suite struct SetOfTests {
    @Test func unsortedSetOfIsRejectedBySetOf() throws {
        let e = try DERParser.parse(bytes("31 06 02 01 02 02 01 01"))
        expectDERError(.setNotSorted, at: 5) { _ = try e.setOf() }
        // A SEQUENCE has no order to check; the same children read fine as one.
        #expect(try DERParser.parse(bytes("30 06 02 01 02 02 01 01")).sequence().count == 2)
    }

    @Test func lenientModeAcceptsAnyOrder() throws {
        let e = try DERParser.parse(bytes("31 06 02 01 02 02 01 01"), rules: .lenientBER)
        #expect(try e.setOf().count == 2)
    }

    @Test func writeSetOfSortsByEncoding() throws {
        var w = DERWriter()
        try w.writeSetOf([
            { $0.writeOctetString(bytes("00 00")) },
            { $0.writeOctetString(bytes("FF")) },
            { $0.writeInteger(5) },
            { $0.writeInteger(-1) },
            { $0.writeNull() },
        ])
        #expect(w.bytes == bytes("31 0F  02 01 05  02 01 FF  04 01 FF  04 02 00 00  05 00"))
        let members = try DERParser.parse(w.bytes).setOf()
        #expect(members.map(\.tag) == [.integer, .integer, .octetString, .octetString, .null])
    }

    @Test func sortingPadsTheShorterEncodingWithZeros() throws {
        // 04 01 00 and 04 02 00 00 differ in the length octet, so order is decided there;
        // elements that tie on the padded comparison keep their order.
        var w = DERWriter()
        w.writeSetOf(tag: .context(1), encoded: [bytes("04 02 00 00")[...], bytes("04 01 00")[...]])
        #expect(w.bytes == bytes("A1 07 04 01 00 04 02 00 00"))
        #expect(try DERParser.parse(w.bytes).setOf(tag: .context(1)).count == 2)
        #expect(DERElement.encodingOrder(bytes("01 02")[...], bytes("01 02 01")[...]))
        #expect(!DERElement.encodingOrder(bytes("01 02")[...], bytes("01 02 00")[...]))
        #expect(!DERElement.encodingOrder(bytes("01 02 00")[...], bytes("01 02")[...]))
    }

    @Test func equalMembersAreAllowed() throws {
        #expect(try DERParser.parse(bytes("31 06 02 01 01 02 01 01")).setOf().count == 2)
    }
}
