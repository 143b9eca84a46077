import Testing

@testable import EvidentDER

/// INTEGER and ENUMERATED, X.690 §8.3 and §8.4.
@Suite struct IntegerTests {
    @Test func redundantLeadingOctetsAreRejected() {
        // §8.3.2: the first nine bits shall not be all ones or all zeros.
        expectRejected(bytes("02 02 00 7F"), .nonMinimalInteger, at: 0)
        expectRejected(bytes("02 02 FF 80"), .nonMinimalInteger, at: 0)
        expectRejected(bytes("30 05 02 03 00 00 01"), .nonMinimalInteger, at: 2)
        expectRejected(bytes("0A 02 00 01"), .nonMinimalInteger, at: 0)  // ENUMERATED
        // The same rule is in BER, so lenient mode rejects too.
        expectRejected(bytes("02 02 00 7F"), .nonMinimalInteger, at: 0, rules: .lenientBER)
    }

    @Test func emptyIntegerIsRejected() {
        // §8.3.1: one or more contents octets.
        expectRejected(bytes("02 00"), .emptyInteger, at: 0)
        expectRejected(bytes("0A 00"), .emptyInteger, at: 0)
        expectRejected(bytes("30 02 02 00"), .emptyInteger, at: 2)
    }

    @Test func nonMinimalIntegerUnderAnImplicitTagIsRejectedOnRead() throws {
        // The parser cannot know [1] is an INTEGER; the accessor checks when asked.
        let e = try DERParser.parse(bytes("81 02 00 05"))
        expectDERError(.nonMinimalInteger, at: 0) { _ = try e.integer(tag: .context(1)) }
    }

    @Test(arguments: [
        (Int64(0), "00", "0x00", "0"),
        (127, "7F", "0x7F", "127"),
        (128, "00 80", "0x80", "128"),
        (255, "00 FF", "0xFF", "255"),
        (256, "01 00", "0x0100", "256"),
        (-1, "FF", "-0x01", "-1"),
        (-128, "80", "-0x80", "-128"),
        (-129, "FF 7F", "-0x81", "-129"),
        (-256, "FF 00", "-0x0100", "-256"),
        (Int64.max, "7F FF FF FF FF FF FF FF", "0x7FFFFFFFFFFFFFFF", "9223372036854775807"),
        (Int64.min, "80 00 00 00 00 00 00 00", "-0x8000000000000000", "-9223372036854775808"),
    ])
    func smallValuesRoundTrip(value: Int64, content: String, hex: String, decimal: String) throws {
        var w = DERWriter()
        w.writeInteger(value)
        let expected = bytes("02") + [UInt8(bytes(content).count)] + bytes(content)
        #expect(w.bytes == expected)
        let parsed = try DERParser.parse(w.bytes).integer()
        #expect(parsed.bytes == bytes(content))
        #expect(parsed.hexString == hex)
        #expect(parsed.decimalString == decimal)
        #expect(parsed.value(as: Int64.self) == value)
        #expect(parsed.isNegative == (value < 0))
    }

    @Test func valueAsChecksTheTargetWidth() throws {
        let i128 = DERInteger(128)
        #expect(i128.value(as: UInt8.self) == 128)
        #expect(i128.value(as: Int8.self) == nil)
        #expect(DERInteger(-1).value(as: UInt64.self) == nil)
        #expect(DERInteger(-128).value(as: Int8.self) == -128)
        #expect(DERInteger(-129).value(as: Int8.self) == nil)
        #expect(DERInteger(UInt64.max).bytes == bytes("00 FF FF FF FF FF FF FF FF"))
        #expect(DERInteger(UInt64.max).value(as: UInt64.self) == UInt64.max)
        #expect(DERInteger(UInt64.max).value(as: Int64.self) == nil)
        let e = try DERParser.parse(bytes("02 02 01 00"))
        expectDERError(.integerOutOfRange, at: 0) { _ = try e.integer(as: UInt8.self) }
        #expect(try e.integer(as: UInt16.self) == 256)
    }

    @Test func twoToThe64() throws {
        let value = DERInteger(unsignedBigEndian: bytes("01 00 00 00 00 00 00 00 00"))
        var w = DERWriter()
        w.writeInteger(value)
        #expect(w.bytes == bytes("02 09 01 00 00 00 00 00 00 00 00"))
        let parsed = try DERParser.parse(w.bytes).integer()
        #expect(parsed == value)
        #expect(parsed.hexString == "0x010000000000000000")
        #expect(parsed.decimalString == "18446744073709551616")
        #expect(parsed.value(as: UInt64.self) == nil)
        #expect(parsed.value(as: Int64.self) == nil)
        #expect(parsed.value(as: UInt128.self) == UInt128(1) << 64)
        #expect(DERInteger(UInt128(1) << 64) == value)
    }

    @Test func wideNegativeValues() throws {
        // Values below Int64.min (regression: the encoder used to trap converting to Int64).
        let value = -(Int128(1) << 100)
        let encoded = DERInteger(value)
        #expect(encoded.bytes == [0xF0] + [UInt8](repeating: 0, count: 12))
        #expect(encoded.value(as: Int128.self) == value)
        #expect(encoded.decimalString == "-1267650600228229401496703205376")
        #expect(encoded.hexString == "-0x10000000000000000000000000")
    }

    @Test func twentyOctetSerialNumbers() throws {
        // RFC 5280 §4.1.2.2 allows serials of up to 20 octets; TSAs use them for tokens too.
        let serial = bytes("7F 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F 10 11 12 13")
        let parsed = try DERParser.parse(bytes("02 14") + serial).integer()
        #expect(parsed.bytes == serial)
        #expect(parsed.hexString == "0x7F0102030405060708090A0B0C0D0E0F10111213")
        #expect(parsed.decimalString == "725064303890588110203033396814564464046290047507")
        // Twenty magnitude octets with the top bit set need a 21st (zero) octet.
        let high = bytes("C3 5A 00 11 22 33 44 55 66 77 88 99 AA BB CC DD EE FF 01 02")
        let value = DERInteger(unsignedBigEndian: high)
        #expect(value.bytes == [0] + high)
        var w = DERWriter()
        w.writeInteger(value)
        #expect(w.bytes == bytes("02 15 00") + high)
        let back = try DERParser.parse(w.bytes).integer()
        #expect(Array(back.magnitude) == high)
        #expect(back.hexString == "0xC35A00112233445566778899AABBCCDDEEFF0102")
    }
}
