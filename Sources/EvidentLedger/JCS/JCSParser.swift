/// A strict JSON (RFC 8259) parser for RFC 8785: it accepts exactly one JSON text under
/// ``JCSLimits`` and refuses, each with its own ``JCSError/Code`` and byte offset:
///
/// - what RFC 8785 §3.1 cannot canonicalise: duplicate member names, lone surrogates (escaped
///   or UTF-8-encoded), invalid UTF-8, numbers a double cannot hold (overflow to infinity, or a
///   non-zero literal that underflows to zero);
/// - what is not JSON: comments, trailing commas, NaN / Infinity, single quotes, unquoted
///   names, leading zeros, a byte-order mark, raw control characters in strings, anything after
///   the value.
struct JCSParser {
    private let input: [UInt8]
    private let limits: JCSLimits
    private var position = 0

    init(_ input: [UInt8], limits: JCSLimits) {
        self.input = input
        self.limits = limits
    }

    mutating func parseDocument() throws -> JCSValue {
        guard input.count <= limits.maxInputSize else {
            throw JCSError(.inputTooLarge, at: 0, "input is \(input.count) bytes, the limit is \(limits.maxInputSize)")
        }
        // RFC 8259 §8.1: a JSON text must not begin with a byte-order mark.
        if input.starts(with: [0xEF, 0xBB, 0xBF]) {
            throw JCSError(.byteOrderMark, at: 0, "a UTF-8 byte-order mark is not part of JSON")
        }
        try skipWhitespace()
        let value = try parseValue(depth: 0)
        try skipWhitespace()
        guard position == input.count else {
            throw JCSError(.trailingData, at: position, "\(describe(position)) after the JSON value")
        }
        return value
    }

    // MARK: - Values

    private mutating func parseValue(depth: Int) throws -> JCSValue {
        guard position < input.count else { throw truncated("expected a value") }
        switch input[position] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try parseString().string)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        case UInt8(ascii: "t"): return try parseLiteral("true", .bool(true))
        case UInt8(ascii: "f"): return try parseLiteral("false", .bool(false))
        case UInt8(ascii: "n"): return try parseLiteral("null", .null)
        case UInt8(ascii: "N"), UInt8(ascii: "I"):
            if matches("NaN") || matches("Infinity") {
                throw JCSError(.nonFiniteNumber, at: position, "NaN and Infinity are not JSON numbers")
            }
            throw JCSError(.invalidLiteral, at: position, "\(describe(position)) does not start a JSON value")
        case UInt8(ascii: "+"), UInt8(ascii: "."):
            throw JCSError(.invalidNumber, at: position, "a JSON number starts with '-' or a digit")
        default:
            throw JCSError(.unexpectedCharacter, at: position, "expected a value, found \(describe(position))")
        }
    }

    private mutating func parseLiteral(_ word: String, _ value: JCSValue) throws -> JCSValue {
        guard matches(word) else {
            throw JCSError(.invalidLiteral, at: position, "expected '\(word)'")
        }
        position += word.utf8.count
        return value
    }

    private func matches(_ word: String) -> Bool {
        let w = Array(word.utf8)
        return position + w.count <= input.count && input[position..<(position + w.count)].elementsEqual(w)
    }

    private mutating func parseArray(depth: Int) throws -> JCSValue {
        try checkDepth(depth)
        position += 1  // [
        try skipWhitespace()
        var items: [JCSValue] = []
        if position < input.count && input[position] == UInt8(ascii: "]") {
            position += 1
            return .array(items)
        }
        while true {
            items.append(try parseValue(depth: depth))
            if try endOfElement(closing: UInt8(ascii: "]"), in: "array") { return .array(items) }
        }
    }

    private mutating func parseObject(depth: Int) throws -> JCSValue {
        try checkDepth(depth)
        position += 1  // {
        try skipWhitespace()
        var members: [JCSObject.Member] = []
        // Names compared as exact UTF-8 bytes: Swift's String equality would merge canonically
        // equivalent names, which JSON keeps apart.
        var seen = Set<[UInt8]>()
        if position < input.count && input[position] == UInt8(ascii: "}") {
            position += 1
            return .object(JCSObject(uniqueMembers: members))
        }
        while true {
            guard position < input.count else { throw truncated("unterminated object") }
            guard input[position] == UInt8(ascii: "\"") else {
                throw JCSError(
                    .nonStringKey, at: position, "member names are double-quoted strings, found \(describe(position))")
            }
            let keyOffset = position
            let key = try parseString()
            guard seen.insert(key.utf8).inserted else {
                throw JCSError(.duplicateKey, at: keyOffset, "duplicate member name \(JCSObject.quoted(key.string))")
            }
            try skipWhitespace()
            guard position < input.count else { throw truncated("expected ':'") }
            guard input[position] == UInt8(ascii: ":") else {
                throw JCSError(.unexpectedCharacter, at: position, "expected ':', found \(describe(position))")
            }
            position += 1
            try skipWhitespace()
            members.append(JCSObject.Member(key.string, try parseValue(depth: depth)))
            if try endOfElement(closing: UInt8(ascii: "}"), in: "object") {
                return .object(JCSObject(uniqueMembers: members))
            }
        }
    }

    /// After an element of an array or object: a ',' that is not followed by the closing
    /// bracket (false), or the closing bracket, consumed (true).
    private mutating func endOfElement(closing: UInt8, in container: String) throws -> Bool {
        try skipWhitespace()
        guard position < input.count else { throw truncated("unterminated \(container)") }
        switch input[position] {
        case UInt8(ascii: ","):
            let comma = position
            position += 1
            try skipWhitespace()
            if position < input.count && input[position] == closing {
                throw JCSError(.trailingComma, at: comma, "',' before '\(describeBare(position))'")
            }
            return false
        case closing:
            position += 1
            return true
        default:
            throw JCSError(
                .unexpectedCharacter, at: position,
                "expected ',' or '\(String(UnicodeScalar(closing)))', found \(describe(position))")
        }
    }

    private func checkDepth(_ depth: Int) throws {
        guard depth <= limits.maxDepth else {
            throw JCSError(.depthExceeded, at: position, "nesting deeper than \(limits.maxDepth) arrays and objects")
        }
    }

    // MARK: - Numbers (RFC 8259 §6)

    private mutating func parseNumber() throws -> Double {
        let start = position
        var i = position
        func digits() -> Int {
            let from = i
            while i < input.count && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(input[i]) { i += 1 }
            return i - from
        }
        if input[i] == UInt8(ascii: "-") { i += 1 }
        if i < input.count && input[i] == UInt8(ascii: "I") {
            throw JCSError(.nonFiniteNumber, at: start, "Infinity is not a JSON number")
        }
        guard i < input.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(input[i]) else {
            throw JCSError(.invalidNumber, at: start, "'-' must be followed by a digit")
        }
        if input[i] == UInt8(ascii: "0") {
            i += 1
            if i < input.count && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(input[i]) {
                throw JCSError(.invalidNumber, at: start, "leading zeros are not allowed")
            }
        } else {
            _ = digits()
        }
        let integerEnd = i
        var fractionEnd = i
        if i < input.count && input[i] == UInt8(ascii: ".") {
            i += 1
            guard digits() > 0 else { throw JCSError(.invalidNumber, at: start, "'.' must be followed by a digit") }
            fractionEnd = i
        }
        if i < input.count && (input[i] | 0x20) == UInt8(ascii: "e") {
            i += 1
            if i < input.count && (input[i] == UInt8(ascii: "+") || input[i] == UInt8(ascii: "-")) { i += 1 }
            guard digits() > 0 else { throw JCSError(.invalidNumber, at: start, "an exponent needs digits") }
        }
        guard i - start <= limits.maxNumberLength else {
            throw JCSError(
                .numberTooLong, at: start,
                "number literal of \(i - start) bytes, the limit is \(limits.maxNumberLength)")
        }
        let literal = input[start..<i]
        // The grammar is checked above, so strtod (correctly rounded) sees only JSON numbers.
        guard let value = Double(String(decoding: literal, as: UTF8.self)) else {
            throw JCSError(.invalidNumber, at: start, "not a number")
        }
        guard value.isFinite else {
            throw JCSError(.numberOutOfRange, at: start, "magnitude beyond the largest IEEE-754 double")
        }
        if value == 0 {
            // "0.0e5" is zero; "1e-400" is not, but no double is closer to it than zero.
            let mantissa = input[start..<integerEnd] + input[integerEnd..<fractionEnd]
            if mantissa.contains(where: { (UInt8(ascii: "1")...UInt8(ascii: "9")).contains($0) }) {
                throw JCSError(.numberOutOfRange, at: start, "non-zero number below the smallest IEEE-754 double")
            }
        }
        position = i
        return value
    }

    // MARK: - Strings (RFC 8259 §7, §8.2)

    private mutating func parseString() throws -> (string: String, utf8: [UInt8]) {
        let start = position
        position += 1  // "
        var out: [UInt8] = []
        while true {
            guard position < input.count else { throw truncated("unterminated string starting at offset \(start)") }
            let byte = input[position]
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                return (String(decoding: out, as: UTF8.self), out)
            case UInt8(ascii: "\\"):
                try parseEscape(into: &out)
            case 0x00..<0x20:
                throw JCSError(
                    .controlCharacter, at: position,
                    "raw control character U+\(hex4(UInt32(byte))) in a string; it must be escaped")
            case 0x20..<0x80:
                out.append(byte)
                position += 1
            default:
                let length = try utf8SequenceLength(at: position)
                out += input[position..<(position + length)]
                position += length
            }
            guard out.count <= limits.maxStringLength else {
                throw JCSError(.stringTooLong, at: start, "string longer than \(limits.maxStringLength) UTF-8 bytes")
            }
        }
    }

    private mutating func parseEscape(into out: inout [UInt8]) throws {
        let escape = position
        guard position + 1 < input.count else { throw truncated("unterminated escape") }
        let simple: UInt8?
        switch input[position + 1] {
        case UInt8(ascii: "\""): simple = 0x22
        case UInt8(ascii: "\\"): simple = 0x5C
        case UInt8(ascii: "/"): simple = 0x2F
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "f"): simple = 0x0C
        case UInt8(ascii: "n"): simple = 0x0A
        case UInt8(ascii: "r"): simple = 0x0D
        case UInt8(ascii: "t"): simple = 0x09
        case UInt8(ascii: "u"): simple = nil
        default:
            throw JCSError(.invalidEscape, at: escape, "\\\(describeBare(position + 1)) is not a JSON escape")
        }
        if let simple {
            out.append(simple)
            position += 2
            return
        }
        var scalar = try hexEscape(at: position)
        position += 6
        switch scalar {
        case 0xD800...0xDBFF:
            // A high surrogate must be followed at once by an escaped low surrogate.
            guard position + 1 < input.count, input[position] == UInt8(ascii: "\\"),
                input[position + 1] == UInt8(ascii: "u")
            else {
                throw JCSError(
                    .loneSurrogate, at: escape,
                    "\\u\(hex4(scalar)) is a high surrogate without a low surrogate after it")
            }
            let low = try hexEscape(at: position)
            guard (0xDC00...0xDFFF).contains(low) else {
                throw JCSError(
                    .loneSurrogate, at: escape, "\\u\(hex4(scalar)) is a high surrogate followed by \\u\(hex4(low))")
            }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            position += 6
        case 0xDC00...0xDFFF:
            throw JCSError(
                .loneSurrogate, at: escape, "\\u\(hex4(scalar)) is a low surrogate without a high surrogate before it")
        default:
            break
        }
        out += Array(String(Unicode.Scalar(scalar)!).utf8)
    }

    /// The code unit of a `\uXXXX` escape starting at `offset` (the backslash).
    private func hexEscape(at offset: Int) throws -> UInt32 {
        guard offset + 6 <= input.count else { throw truncated("incomplete \\u escape") }
        var value: UInt32 = 0
        for b in input[(offset + 2)..<(offset + 6)] {
            let digit: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = b - UInt8(ascii: "A") + 10
            default: throw JCSError(.invalidEscape, at: offset, "\\u must be followed by four hex digits")
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// Length of the well-formed UTF-8 sequence at `offset` (Unicode 15 Table 3-7), whose first
    /// byte is ≥ 0x80. Surrogates encoded in UTF-8 (ED A0–BF xx) get their own code.
    private func utf8SequenceLength(at offset: Int) throws -> Int {
        let lead = input[offset]
        guard let (second, length) = UTF8Sequence.shape(lead: lead) else {
            throw JCSError(.invalidUTF8, at: offset, "byte 0x\(hex2(lead)) cannot start a UTF-8 sequence")
        }
        guard offset + length <= input.count else {
            throw JCSError(.invalidUTF8, at: offset, "UTF-8 sequence cut short by the end of input")
        }
        let continuation: ClosedRange<UInt8> = 0x80...0xBF
        if lead == 0xED && (0xA0...0xBF).contains(input[offset + 1]) {
            throw JCSError(
                .loneSurrogate, at: offset,
                "UTF-8-encoded surrogate (bytes ED \(hex2(input[offset + 1])) …); surrogates are not characters")
        }
        guard second.contains(input[offset + 1]),
            input[(offset + 2)..<(offset + length)].allSatisfy(continuation.contains)
        else {
            throw JCSError(.invalidUTF8, at: offset, "ill-formed UTF-8 sequence starting with byte 0x\(hex2(lead))")
        }
        return length
    }

    // MARK: - Whitespace and helpers

    /// RFC 8259 §2: only space, tab, LF and CR. A '/' that starts a comment gets its own code.
    private mutating func skipWhitespace() throws {
        while position < input.count {
            switch input[position] {
            case 0x20, 0x09, 0x0A, 0x0D:
                position += 1
            case UInt8(ascii: "/")
            where position + 1 < input.count
                && (input[position + 1] == UInt8(ascii: "/") || input[position + 1] == UInt8(ascii: "*")):
                throw JCSError(.comment, at: position, "comments are not JSON")
            default:
                return
            }
        }
    }

    private func truncated(_ what: String) -> JCSError {
        JCSError(.truncated, at: input.count, "input ends early: \(what)")
    }

    /// A printable description of the byte at `offset` for error messages.
    private func describe(_ offset: Int) -> String {
        "'" + describeBare(offset) + "'"
    }

    private func describeBare(_ offset: Int) -> String {
        let b = input[offset]
        return (0x21..<0x7F).contains(b) ? String(UnicodeScalar(b)) : "0x" + hex2(b)
    }

    private func hex2(_ b: UInt8) -> String {
        let s = String(b, radix: 16, uppercase: true)
        return s.count == 1 ? "0" + s : s
    }

    private func hex4(_ v: UInt32) -> String {
        let s = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - s.count)) + s
    }
}
