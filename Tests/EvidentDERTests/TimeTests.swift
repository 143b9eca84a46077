import Testing

@testable import EvidentDER

/// UTCTime and GeneralizedTime in the DER profile: X.690 §11.7 (GeneralizedTime), §11.8
/// (UTCTime), and RFC 5280 §4.1.2.5 for the UTCTime century window.
@Suite struct TimeTests {
    static let utc: UInt8 = 0x17
    static let gen: UInt8 = 0x18

    @Test func utcTimeCenturyWindow() throws {
        // RFC 5280 §4.1.2.5.1: YY >= 50 is 19YY, YY < 50 is 20YY.
        let first = try DERParser.parse(tlv(Self.utc, "500101000000Z")).time()
        #expect(first.year == 1950 && first.kind == .utcTime)
        #expect(first.secondsSinceEpoch == -631_152_000)
        let last = try DERParser.parse(tlv(Self.utc, "491231235959Z")).time()
        #expect(last.year == 2049)
        #expect(last.secondsSinceEpoch == 2_524_607_999)
        #expect(last.description == "2049-12-31T23:59:59Z")
        // Outside 1950–2049 a UTCTime cannot be written.
        #expect(throws: DERError.self) {
            try DERTime(year: 2050, month: 1, day: 1, hour: 0, minute: 0, second: 0, kind: .utcTime)
        }
        #expect(throws: DERError.self) {
            try DERTime(year: 1949, month: 12, day: 31, hour: 0, minute: 0, second: 0, kind: .utcTime)
        }
    }

    @Test(arguments: [
        ("19700101000000Z", Int64(0)),
        ("19691231235959Z", -1),
        ("20000101000000Z", 946_684_800),
        ("20000229120000Z", 951_825_600),
        ("20380119031408Z", 2_147_483_648),
        ("99991231235959Z", 253_402_300_799),
        ("00000101000000Z", -62_167_219_200),
    ])
    func secondsSinceEpochAgainstKnownInstants(text: String, seconds: Int64) throws {
        let t = try DERParser.parse(tlv(Self.gen, text)).time()
        #expect(t.secondsSinceEpoch == seconds)
        let back = try DERTime(secondsSinceEpoch: seconds)
        #expect(back.derContent == Array(text.utf8))
    }

    @Test func fractionsOfASecond() throws {
        let t = try DERParser.parse(tlv(Self.gen, "20240501120000.123456789Z")).time()
        #expect(t.fraction == "123456789")
        #expect(t.nanoseconds == 123_456_789)
        #expect(t.description == "2024-05-01T12:00:00.123456789Z")
        let half = try DERParser.parse(tlv(Self.gen, "20240501120000.5Z")).time()
        #expect(half.nanoseconds == 500_000_000)
        #expect(half > (try DERParser.parse(tlv(Self.gen, "20240501120000.49Z")).time()))
        // The writer drops trailing zeros so its output parses strictly.
        let written = try DERTime(secondsSinceEpoch: 1_714_564_800, fraction: "250")
        #expect(written.derContent == Array("20240501120000.25Z".utf8))
    }

    @Test func missingZIsRejected() {
        // §11.7.1/§11.8.1: the encoding terminates with "Z".
        expectRejected(tlv(Self.utc, "491231235959"), .invalidTime, at: 0)
        expectRejected(tlv(Self.utc, "4912312359590"), .invalidTime, at: 0)
        expectRejected(tlv(Self.gen, "20240101120000"), .invalidTime, at: 0)
        expectRejected(tlv(Self.gen, "20240101120000+0000"), .invalidTime, at: 0)
        expectRejected([0x30, 14] + tlv(Self.utc, "491231235959"), .invalidTime, at: 2)
    }

    @Test func missingSecondsAreRejected() {
        // §11.7.2/§11.8.2: seconds are always present.
        expectRejected(tlv(Self.utc, "4912312359Z"), .invalidTime, at: 0)
        expectRejected(tlv(Self.gen, "202401011200Z"), .invalidTime, at: 0)
        expectRejected(tlv(Self.gen, "202401011200.5Z"), .invalidTime, at: 0)
    }

    @Test func trailingFractionZerosAreRejected() throws {
        // §11.7.3: no trailing zeros in the fraction (and no ".0" for a whole second).
        expectRejected(tlv(Self.gen, "20240101120000.50Z"), .invalidTime, at: 0)
        expectRejected(tlv(Self.gen, "20240101120000.0Z"), .invalidTime, at: 0)
        let (e, warnings) = try parseLenient(tlv(Self.gen, "20240101120000.50Z"))
        #expect(warnings == ["invalid-time@0"])
        #expect(try e.time().fraction == "5")
    }

    @Test func decimalCommaIsRejected() {
        // §11.7.4: the decimal point is ".".
        expectRejected(tlv(Self.gen, "20240101120000,5Z"), .invalidTime, at: 0)
        expectRejected(tlv(Self.gen, "20240101120000,5Z"), .invalidTime, at: 0, rules: .lenientBER)
    }

    @Test func emptyFractionIsRejected() {
        expectRejected(tlv(Self.gen, "20240101120000.Z"), .invalidTime, at: 0)
    }

    @Test func impossibleDatesAreRejected() throws {
        expectRejected(tlv(Self.gen, "20241301000000Z"), .invalidTime, at: 0)  // month 13
        expectRejected(tlv(Self.gen, "20240001000000Z"), .invalidTime, at: 0)  // month 0
        expectRejected(tlv(Self.gen, "20240230000000Z"), .invalidTime, at: 0)  // Feb 30
        expectRejected(tlv(Self.gen, "20230229000000Z"), .invalidTime, at: 0)  // Feb 29, not a leap year
        expectRejected(tlv(Self.gen, "19000229000000Z"), .invalidTime, at: 0)  // century, not leap
        expectRejected(tlv(Self.utc, "230229000000Z"), .invalidTime, at: 0)
        expectRejected(tlv(Self.gen, "20240431000000Z"), .invalidTime, at: 0)  // April 31
        expectRejected(tlv(Self.gen, "20240101240000Z"), .invalidTime, at: 0)  // hour 24
        expectRejected(tlv(Self.gen, "20240101126000Z"), .invalidTime, at: 0)  // minute 60
        expectRejected(tlv(Self.gen, "20240101120060Z"), .invalidTime, at: 0)  // second 60
        expectRejected(tlv(Self.gen, "2024010112000AZ"), .invalidTime, at: 0)  // not a digit
        // Leap days that exist.
        #expect(try DERParser.parse(tlv(Self.gen, "20240229000000Z")).time().day == 29)
        #expect(try DERParser.parse(tlv(Self.gen, "20000229000000Z")).time().day == 29)
        #expect(try DERParser.parse(tlv(Self.utc, "480229000000Z")).time().year == 2048)
    }

    @Test func implicitlyTaggedTimeIsReadWithItsKind() throws {
        var w = DERWriter()
        let t = try DERTime(secondsSinceEpoch: 0, kind: .utcTime)
        w.writeTime(t, tag: .context(0))
        #expect(w.bytes == [0x80, 13] + Array("700101000000Z".utf8))
        let e = try DERParser.parse(w.bytes)
        #expect(try e.time(tag: .context(0), kind: .utcTime) == t)
        // The parser validates universal times only; the accessor checks implicit ones.
        let bad = try DERParser.parse([0x80, 12] + Array("700101000000".utf8))
        expectDERError(.invalidTime, at: 0) { _ = try bad.time(tag: .context(0), kind: .utcTime) }
    }

    @Test func epochConversionRejectsYearsOutsideGeneralizedTime() {
        #expect(throws: DERError.self) { try DERTime(secondsSinceEpoch: 253_402_300_800) }
        #expect(throws: DERError.self) { try DERTime(secondsSinceEpoch: .min) }
        #expect(throws: DERError.self) { try DERTime(secondsSinceEpoch: .max) }
    }
}
