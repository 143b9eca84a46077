import Testing

@testable import EvidentDER

/// BOOLEAN, X.690 §8.2 and the DER rule for TRUE, §11.1.
@Suite struct BooleanTests {
    @Test func booleanTrueIsFFInDER() throws {
        #expect(try DERParser.parse(bytes("01 01 FF")).boolean() == true)
        #expect(try DERParser.parse(bytes("01 01 00")).boolean() == false)
        // §11.1: DER encodes TRUE as all ones; BER allows any non-zero octet.
        expectRejected(bytes("01 01 01"), .invalidBoolean, at: 0)
        expectRejected(bytes("30 03 01 01 7F"), .invalidBoolean, at: 2)
    }

    @Test func booleanOneIsAWarningInLenientBER() throws {
        let (e, warnings) = try parseLenient(bytes("01 01 01"))
        #expect(warnings == ["invalid-boolean@0"])
        #expect(try e.boolean() == true)
    }

    @Test func booleanMustBeOneOctet() {
        expectRejected(bytes("01 00"), .invalidBoolean, at: 0)
        expectRejected(bytes("01 02 FF FF"), .invalidBoolean, at: 0)
        expectRejected(bytes("01 02 FF FF"), .invalidBoolean, at: 0, rules: .lenientBER)
    }
}
