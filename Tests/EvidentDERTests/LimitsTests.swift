import Testing

@testable import EvidentDER

/// The named limits in ``DERLimits``, each at and just past its value.
@Suite struct LimitsTests {
    /// `levels` SEQUENCEs, one inside the other, around a NULL (so `levels + 1` deep).
    static func nested(_ levels: Int, innermost: [UInt8] = [0x05, 0x00]) -> [UInt8] {
        var out = innermost
        for _ in 0..<levels { out = DERWriterTestHelpers.wrapInSequence(out) }
        return out
    }

    @Test func depthExactlyAtTheDefaultLimitIsAccepted() throws {
        #expect(DERLimits.defaultMaxDepth == 32)
        // 31 SEQUENCEs and a NULL: 32 nested elements.
        var e = try DERParser.parse(Self.nested(DERLimits.defaultMaxDepth - 1))
        var depth = 1
        while let child = e.children.first {
            e = child
            depth += 1
        }
        #expect(depth == DERLimits.defaultMaxDepth)
        // 32 SEQUENCEs with nothing inside: also 32 deep.
        _ = try DERParser.parse(Self.nested(DERLimits.defaultMaxDepth - 1, innermost: [0x30, 0x00]))
    }

    @Test func depthBeyondTheDefaultLimitIsRejected() {
        // The 33rd element sits after 32 two-octet headers.
        expectRejected(Self.nested(DERLimits.defaultMaxDepth), .depthExceeded, at: 64)
        expectRejected(
            Self.nested(DERLimits.defaultMaxDepth - 1, innermost: [0x30, 0x02, 0x05, 0x00]), .depthExceeded, at: 64)
        expectRejected(Self.nested(DERLimits.defaultMaxDepth), .depthExceeded, at: 64, rules: .lenientBER)
    }

    @Test func customDepthLimit() throws {
        let limits = DERLimits(maxDepth: 1)
        _ = try DERParser.parse(bytes("30 00"), limits: limits)
        expectRejected(bytes("30 02 05 00"), .depthExceeded, at: 2, limits: limits)
    }

    @Test func inputSizeLimit() throws {
        #expect(DERLimits.defaultMaxInputSize == 16 * 1024 * 1024)
        let limits = DERLimits(maxInputSize: 5)
        _ = try DERParser.parse(bytes("04 03 01 02 03"), limits: limits)
        expectRejected(bytes("04 04 01 02 03 04"), .inputTooLarge, at: 0, limits: limits)
        // The default: an element of exactly that size is read, one byte more is refused before
        // any byte is read, so no valid prefix is needed.
        let content = DERLimits.defaultMaxInputSize - 5
        let exact =
            [0x04, 0x83, UInt8(content >> 16), UInt8(content >> 8 & 0xFF), UInt8(content & 0xFF)]
            + [UInt8](repeating: 0, count: content)
        #expect(exact.count == DERLimits.defaultMaxInputSize)
        #expect(try DERParser.parse(exact).content.count == content)
        let huge = [UInt8](repeating: 0, count: DERLimits.defaultMaxInputSize + 1)
        expectRejected(huge, .inputTooLarge, at: 0)
    }
}

enum DERWriterTestHelpers {
    static func wrapInSequence(_ inner: [UInt8]) -> [UInt8] {
        var w = DERWriter()
        w.writeSequence { $0.appendEncoded(inner) }
        return w.bytes
    }
}
