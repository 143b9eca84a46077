import Testing

@testable import EvidentDER

/// OBJECT IDENTIFIER, X.690 §8.19.
@Suite struct OIDTests {
    @Test(arguments: [
        ("1.2.840.113549.1.1.11", "2A 86 48 86 F7 0D 01 01 0B"),
        ("2.999", "88 37"),
        ("0.0", "00"),
        ("1.39", "4F"),
        ("2.100.3", "81 34 03"),
        ("2.16.840.1.101.3.4.2.1", "60 86 48 01 65 03 04 02 01"),
        ("1.3.6.1.4.1.57264.2", "2B 06 01 04 01 83 BF 30 02"),
        // A 128-bit UUID arc under 2.25 (X.667): arithmetic beyond 64 bits.
        (
            "2.25.329800735698586629295641978511506172918",
            "69 83 F0 9D A7 EB CF DE E0 C7 A1 A7 B2 C0 94 8C C8 F9 D7 76"
        ),
        (
            "2.25.340282366920938463463374607431768211455",
            "69 83 FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF 7F"
        ),
    ])
    func dottedAndEncodedFormsAgree(dotted: String, content: String) throws {
        let oid = try OID(dotted: dotted)
        #expect(oid.contentBytes == bytes(content))
        #expect(oid.description == dotted)
        var w = DERWriter()
        w.writeOID(oid)
        let parsed = try DERParser.parse(w.bytes).objectIdentifier()
        #expect(parsed == oid)
        #expect(parsed.description == dotted)
    }

    @Test(arguments: ["", "1", "3.1", "1.40", "0.40", "1..2", "01.2", "1.02", "1.2.a", "1.2.", "-1.2"])
    func invalidDottedFormsAreRejected(dotted: String) {
        #expect(throws: DERError.self) { try OID(dotted: dotted) }
    }

    @Test func subidentifierWithLeading0x80IsRejected() {
        // §8.19.2: each subidentifier uses the fewest possible octets.
        expectRejected(bytes("06 02 80 01"), .invalidOID, at: 0)
        expectRejected(bytes("06 03 2A 80 01"), .invalidOID, at: 0)
        expectRejected(bytes("30 04 06 02 80 01"), .invalidOID, at: 2)
    }

    @Test func incompleteLastSubidentifierIsRejected() {
        expectRejected(bytes("06 02 2A 86"), .invalidOID, at: 0)
        expectRejected(bytes("06 01 FF"), .invalidOID, at: 0)
    }

    @Test func emptyOIDIsRejected() {
        expectRejected(bytes("06 00"), .invalidOID, at: 0)
    }
}
