import EvidentLedger
import Testing

/// The named limits in ``JCSLimits``, each at and just past its value.
@Suite struct JCSLimitsTests {
    static func nested(_ levels: Int, open: String = "[", close: String = "]") -> String {
        String(repeating: open, count: levels) + String(repeating: close, count: levels)
    }

    @Test func depth() throws {
        #expect(JCSLimits.defaultMaxDepth == 32)
        _ = try JCS.parse(utf8(Self.nested(JCSLimits.defaultMaxDepth)))
        // The 33rd '[' sits at offset 32.
        expectJCSRejected(Self.nested(JCSLimits.defaultMaxDepth + 1), .depthExceeded, at: 32)
        let objects = String(repeating: #"{"a":"#, count: 33) + "1" + String(repeating: "}", count: 33)
        expectJCSRejected(objects, .depthExceeded, at: 32 * 5)
        // Very deep input is refused at the limit, without recursing further.
        expectJCSRejected(Self.nested(100_000), .depthExceeded, at: 32)
        let limits = JCSLimits(maxDepth: 1)
        _ = try JCS.parse(utf8("[1,2]"), limits: limits)
        expectJCSRejected("[[]]", .depthExceeded, at: 1, limits: limits)
        expectJCSRejected("[{}]", .depthExceeded, at: 1, limits: limits)
    }

    @Test func inputSize() throws {
        #expect(JCSLimits.defaultMaxInputSize == 1024 * 1024)
        let limits = JCSLimits(maxInputSize: 5)
        _ = try JCS.parse(utf8("[1,2]"), limits: limits)
        expectJCSRejected("[1,22]", .inputTooLarge, at: 0, limits: limits)
        // The default: exactly that many bytes are read; one more is refused before any byte is
        // read, so no valid prefix is needed.
        let exact = "[" + String(repeating: " ", count: JCSLimits.defaultMaxInputSize - 2) + "]"
        #expect(try JCS.parse(utf8(exact)) == .array([]))
        expectJCSRejected([UInt8](repeating: 0x20, count: JCSLimits.defaultMaxInputSize + 1), .inputTooLarge, at: 0)
    }

    @Test func stringLength() throws {
        #expect(JCSLimits.defaultMaxStringLength == 64 * 1024)
        let atLimit = String(repeating: "x", count: JCSLimits.defaultMaxStringLength)
        _ = try JCS.parse(utf8("[\"\(atLimit)\"]"))
        expectJCSRejected("[\"\(atLimit)y\"]", .stringTooLong, at: 1)
        // Counted in UTF-8 bytes after unescaping, for names too.
        let limits = JCSLimits(maxStringLength: 4)
        _ = try JCS.parse(utf8(#"["\u00e9\u00e9"]"#), limits: limits)  // 2 × 2 bytes
        expectJCSRejected(#"["\u00e9\u00e9e"]"#, .stringTooLong, at: 1, limits: limits)
        expectJCSRejected(#"{"abcde":1}"#, .stringTooLong, at: 1, limits: limits)
        expectJCSRejected("[\"😂x\"]", .stringTooLong, at: 1, limits: limits)
    }

    @Test func numberLength() throws {
        #expect(JCSLimits.defaultMaxNumberLength == 1024)
        let digits = "1" + String(repeating: "0", count: JCSLimits.defaultMaxNumberLength - 1)  // 1e1023
        expectJCSRejected(digits, .numberOutOfRange, at: 0)  // within the length limit, beyond double
        let longOne = "1." + String(repeating: "0", count: JCSLimits.defaultMaxNumberLength - 2)
        #expect(try JCS.parse(utf8(longOne)) == .number(1))
        expectJCSRejected("[" + longOne + "0]", .numberTooLong, at: 1)
    }
}
