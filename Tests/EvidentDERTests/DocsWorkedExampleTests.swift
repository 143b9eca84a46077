import Testing

@testable import EvidentDER

/// The worked example of docs/der.md, "Worked example": a 40-byte TimeStampReq
/// (testdata/der/differential/req-sha1-minimal.tsq) and one byte changed in it.
@Suite struct DocsWorkedExampleTests {
    static let hex =
        "30 26 02 01 01 30 21 30 09 06 05 2B 0E 03 02 1A 05 00 04 14"
        + " C2 01 46 AE 6B 73 25 6D E7 34 0C ED BD 88 BC D2 8C 7C B3 D1"

    @Test func theDocumentedBytesAreTheTestVector() throws {
        #expect(try testdataBytes("differential/req-sha1-minimal.tsq") == bytes(Self.hex))
    }

    @Test func parseTreeAsDocumented() throws {
        let root = try DERParser.parse(bytes(Self.hex))
        // offset, depth, tag, contents length: the table in the doc.
        var rows: [String] = []
        func walk(_ e: DERElement, _ depth: Int) {
            rows.append("\(e.offset) \(depth) \(e.tag) \(e.content.count)")
            e.children.forEach { walk($0, depth + 1) }
        }
        walk(root, 0)
        #expect(
            rows == [
                "0 0 SEQUENCE 38", "2 1 INTEGER 1", "5 1 SEQUENCE 33", "7 2 SEQUENCE 9",
                "9 3 OBJECT IDENTIFIER 5", "16 3 NULL 0", "18 2 OCTET STRING 20",
            ])
        var req = try root.sequenceReader("TimeStampReq")
        #expect(try req.next("version").integer(as: Int.self) == 1)
        var imprint = try req.next("messageImprint").sequenceReader("MessageImprint")
        let algorithm = try imprint.next("hashAlgorithm").sequence()
        #expect(try algorithm[0].objectIdentifier().description == "1.3.14.3.2.26")
        try algorithm[1].null()
        #expect(try imprint.next("hashedMessage").octetString().count == 20)
        try imprint.finish()
        try req.finish()
    }

    @Test func oneChangedByteAsDocumented() throws {
        // Byte 2, the INTEGER tag, becomes 01: a BOOLEAN whose one octet is 01.
        var input = bytes(Self.hex)
        input[2] = 0x01
        expectRejected(input, .invalidBoolean, at: 2)
        let (_, warnings) = try parseLenient(input)
        #expect(warnings == ["invalid-boolean@2"])
    }
}
