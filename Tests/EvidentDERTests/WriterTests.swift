import Testing

@testable import EvidentDER

/// DERWriter framing: minimal lengths (X.690 §10.1) and identifier octets (§8.1.2).
@Suite struct WriterTests {
    @Test(arguments: [
        (0, "00"), (127, "7F"), (128, "81 80"), (255, "81 FF"), (256, "82 01 00"),
        (65_535, "82 FF FF"), (65_536, "83 01 00 00"),
    ])
    func lengthsUseTheShortestForm(length: Int, header: String) throws {
        var w = DERWriter()
        w.writeOctetString([UInt8](repeating: 0x5A, count: length))
        #expect(Array(w.bytes.prefix(1 + bytes(header).count)) == [0x04] + bytes(header))
        #expect(try DERParser.parse(w.bytes).content.count == length)
    }

    @Test func nestedStructure() throws {
        var w = DERWriter()
        try w.writeSequence { seq in
            seq.writeInteger(1)
            seq.writeExplicit(.context(0)) { $0.writeBoolean(true) }
            seq.writeOctetString(bytes("01 02"), tag: .context(1))
            try seq.writeString("hi", kind: .utf8)
            seq.writeOID(try OID(dotted: "1.2.3"))
        }
        #expect(w.bytes == bytes("30 14 02 01 01 A0 03 01 01 FF 81 02 01 02 0C 02 68 69 06 02 2A 03"))
        var reader = try DERParser.parse(w.bytes).sequenceReader()
        #expect(try reader.next("version").integer(as: Int.self) == 1)
        #expect(try reader.optional(.context(0))?.explicit(tag: .context(0)).boolean() == true)
        #expect(try reader.next("data").octetString(tag: .context(1)) == bytes("01 02")[...])
        #expect(try reader.next("name").string() == "hi")
        #expect(try reader.next("oid").objectIdentifier().description == "1.2.3")
        try reader.finish()
    }

    @Test func sequenceReaderReportsMissingAndExtraElements() throws {
        let e = try DERParser.parse(bytes("30 05 02 01 01 05 00"))
        var reader = try e.sequenceReader()
        _ = try reader.next("a")
        expectDERError(.unexpectedElement, at: 5) { try reader.finish() }
        _ = try reader.next("b")
        expectDERError(.missingElement, at: 0) { _ = try reader.next("c") }
        expectDERError(.unexpectedTag, at: 0) { _ = try e.sequence(tag: .set) }
        let explicitTwo = try DERParser.parse(bytes("A0 04 05 00 05 00"))
        expectDERError(.unexpectedElement, at: 0) { _ = try explicitTwo.explicit(tag: .context(0)) }
        expectDERError(.missingElement, at: 0) { _ = try DERParser.parse(bytes("A0 00")).explicit(tag: .context(0)) }
    }
}
