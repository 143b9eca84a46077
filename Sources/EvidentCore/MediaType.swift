/// The media type of a `Content-Type` field value, read one way everywhere (the ledger server,
/// the TSA server, the TSA client, the witness client): RFC 9110 §8.3.1, `type "/" subtype`
/// followed by optional `;` parameters, with optional whitespace (space, tab) around it, compared
/// case-insensitively. Whitespace inside the type is not optional whitespace, so
/// "application/ timestamp-query" is not "application/timestamp-query".
public enum MediaType {
    /// The media type of `field` in lower case, without its parameters or surrounding
    /// whitespace; nil when the field is absent.
    public static func of(_ field: String?) -> String? {
        guard var field else { return nil }
        return field.withUTF8 { bytes in
            let range = bounds(bytes)
            return String(decoding: bytes[range].map(lowered), as: UTF8.self)
        }
    }

    /// Whether `field`'s media type is `expected` (given in lower case), without allocating.
    public static func matches(_ field: String?, _ expected: StaticString) -> Bool {
        guard var field else { return false }
        let want = UnsafeBufferPointer(start: expected.utf8Start, count: expected.utf8CodeUnitCount)
        return field.withUTF8 { bytes in
            let range = bounds(bytes)
            guard range.count == want.count else { return false }
            return zip(bytes[range], want).allSatisfy { lowered($0) == $1 }
        }
    }

    /// The media type's bytes: before the first `;`, without whitespace at either end.
    private static func bounds(_ bytes: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        var end = bytes.firstIndex(of: UInt8(ascii: ";")) ?? bytes.count
        var start = 0
        while start < end && isWhitespace(bytes[start]) { start += 1 }
        while end > start && isWhitespace(bytes[end - 1]) { end -= 1 }
        return start..<end
    }

    private static func isWhitespace(_ b: UInt8) -> Bool { b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") }

    private static func lowered(_ b: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(b) ? b | 0x20 : b
    }
}
