import Testing

@testable import EvidentDER

/// BIT STRING, X.690 §8.6 and the DER rule on unused bits, §11.2.
@Suite struct BitStringTests {
    @Test func validBitStrings() throws {
        let empty = try DERParser.parse(bytes("03 01 00")).bitString()
        #expect(empty.bytes.isEmpty && empty.unusedBits == 0)
        let keyUsage = try DERParser.parse(bytes("03 02 07 80")).bitString()
        #expect(keyUsage.unusedBits == 7)
        #expect(keyUsage.setBits == [0])
        #expect(keyUsage.isSet(0) && !keyUsage.isSet(1))
    }

    @Test func moreThanSevenUnusedBitsIsRejected() {
        // §8.6.2.2: the initial octet is 0–7.
        expectRejected(bytes("03 02 08 00"), .invalidBitString, at: 0)
        expectRejected(bytes("30 04 03 02 FF 00"), .invalidBitString, at: 2)
    }

    @Test func nonZeroUnusedBitsAreRejected() {
        // §11.2.1: each unused bit is zero in DER.
        expectRejected(bytes("03 02 01 01"), .nonZeroUnusedBits, at: 0)
        expectRejected(bytes("03 03 04 FF F8"), .nonZeroUnusedBits, at: 0)
    }

    @Test func emptyBitStringWithUnusedBitsIsRejected() {
        // §8.6.2.3: with no subsequent octets the initial octet is zero.
        expectRejected(bytes("03 01 01"), .invalidBitString, at: 0)
        expectRejected(bytes("03 00"), .invalidBitString, at: 0)
    }

    @Test func namedBitListsDropTrailingZeroBits() throws {
        // §11.2.2: a NamedBitList value has no trailing zero bits.
        let bits = DERBitString(namedBits: [0, 5])
        var w = DERWriter()
        w.writeBitString(bits)
        #expect(w.bytes == bytes("03 02 02 84"))
        #expect(try DERParser.parse(w.bytes).bitString().setBits == [0, 5])
        var none = DERWriter()
        none.writeBitString(DERBitString(namedBits: []))
        #expect(none.bytes == bytes("03 01 00"))
    }
}
