import EvidentLedger
import Testing

/// What the strict parser refuses, each with its code and the byte offset where it starts.
@Suite struct JCSRejectionTests {
    @Test func duplicateKeys() throws {
        expectJCSRejected(#"{"a":1,"a":2}"#, .duplicateKey, at: 7)
        expectJCSRejected(#"{"a":{"b":1},"c":[{"d":1,"d":1}]}"#, .duplicateKey, at: 25)
        // The same name spelled with an escape is still the same name.
        expectJCSRejected(#"{"a":1,"\u0061":2}"#, .duplicateKey, at: 7)
        expectJCSRejected(#"{"😂":1,"\ud83d\ude02":2}"#, .duplicateKey, at: 10)
        // Canonically equivalent but different scalars are different names (no normalisation).
        #expect(throws: Never.self) { try JCS.parse(utf8("{\"\u{e9}\":1,\"e\u{301}\":2}")) }
        // Built in code, the same rule applies.
        expectCode(JCSError.Code.duplicateKey) {
            _ = try JCSObject([.init("k", .null), .init("k", .bool(true))])
        }
    }

    @Test func loneSurrogatesInEscapes() {
        expectJCSRejected(#"["\ud800"]"#, .loneSurrogate, at: 2)
        expectJCSRejected(#"["\udc00"]"#, .loneSurrogate, at: 2)
        expectJCSRejected(#"["a\ud83dx"]"#, .loneSurrogate, at: 3)
        expectJCSRejected(#"["\ud83d\u0041"]"#, .loneSurrogate, at: 2)
        expectJCSRejected(#"["\ud83d\ud83d"]"#, .loneSurrogate, at: 2)
        expectJCSRejected(#"{"\udfff":1}"#, .loneSurrogate, at: 2)
    }

    @Test func loneSurrogatesInRawUTF8() {
        // U+D800 and U+DFFF encoded as if they were characters (CESU-8 / WTF-8 style).
        expectJCSRejected([0x22, 0xED, 0xA0, 0x80, 0x22], .loneSurrogate, at: 1)
        expectJCSRejected([0x5B, 0x22, 0x61, 0xED, 0xBF, 0xBF, 0x22, 0x5D], .loneSurrogate, at: 3)
        // A surrogate pair encoded as two 3-byte sequences is not UTF-8 either.
        expectJCSRejected([0x22, 0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x82, 0x22], .loneSurrogate, at: 1)
    }

    @Test func invalidUTF8() {
        expectJCSRejected([0x22, 0x80, 0x22], .invalidUTF8, at: 1)  // lone continuation byte
        expectJCSRejected([0x22, 0xC0, 0xAF, 0x22], .invalidUTF8, at: 1)  // overlong '/'
        expectJCSRejected([0x22, 0xE0, 0x80, 0xAF, 0x22], .invalidUTF8, at: 1)  // overlong 3-byte
        expectJCSRejected([0x22, 0xF0, 0x80, 0x80, 0xAF, 0x22], .invalidUTF8, at: 1)  // overlong 4-byte
        expectJCSRejected([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], .invalidUTF8, at: 1)  // above U+10FFFF
        expectJCSRejected([0x22, 0xF5, 0x80, 0x80, 0x80, 0x22], .invalidUTF8, at: 1)
        expectJCSRejected([0x22, 0x61, 0xC3, 0x22], .invalidUTF8, at: 2)  // cut short
        expectJCSRejected([0x22, 0xE2, 0x82], .invalidUTF8, at: 1)  // cut by the end of input
        expectJCSRejected([0x22, 0xFF, 0x22], .invalidUTF8, at: 1)
        // Outside strings any non-ASCII byte is simply not JSON.
        expectJCSRejected([0x5B, 0xC3, 0xA9, 0x5D], .unexpectedCharacter, at: 1)
    }

    @Test func numbersOutsideDouble() throws {
        expectJCSRejected("1e400", .numberOutOfRange, at: 0)
        expectJCSRejected("[-1e309]", .numberOutOfRange, at: 1)
        expectJCSRejected("[1.8e308]", .numberOutOfRange, at: 1)
        expectJCSRejected(#"{"x":1e-400}"#, .numberOutOfRange, at: 5)
        expectJCSRejected("[2.4e-324]", .numberOutOfRange, at: 1)  // rounds to zero
        // Zero spelled many ways is fine, and so is the smallest subnormal.
        for zero in ["0", "-0", "0.0", "0e400", "-0.000e-999"] {
            #expect(try JCS.parse(utf8(zero)) == .number(0), "\(zero)")
        }
        #expect(try JCS.parse(utf8("2.5e-324")) == .number(.leastNonzeroMagnitude))
        #expect(try JCS.parse(utf8("1.7976931348623157e308")) == .number(.greatestFiniteMagnitude))
        // Beyond 2^53 integers lose precision; that is the double model RFC 8785 adopts.
        #expect(try canonical("9007199254740993") == "9007199254740992")
    }

    @Test func numberGrammar() {
        expectJCSRejected("01", .invalidNumber, at: 0)
        expectJCSRejected("[-01]", .invalidNumber, at: 1)
        expectJCSRejected("1.", .invalidNumber, at: 0)
        expectJCSRejected("[1.e5]", .invalidNumber, at: 1)
        expectJCSRejected(".5", .invalidNumber, at: 0)
        expectJCSRejected("+1", .invalidNumber, at: 0)
        expectJCSRejected("-", .invalidNumber, at: 0)
        expectJCSRejected("[-]", .invalidNumber, at: 1)
        expectJCSRejected("1e", .invalidNumber, at: 0)
        expectJCSRejected("1e+", .invalidNumber, at: 0)
        expectJCSRejected("0x10", .trailingData, at: 1)
        expectJCSRejected("[1 2]", .unexpectedCharacter, at: 3)
    }

    @Test func notJSON() {
        expectJCSRejected("[1,2,]", .trailingComma, at: 4)
        expectJCSRejected(#"{"a":1 , }"#, .trailingComma, at: 7)
        expectJCSRejected("[,]", .unexpectedCharacter, at: 1)
        expectJCSRejected("// hi\n1", .comment, at: 0)
        expectJCSRejected("[1 /* two */]", .comment, at: 3)
        expectJCSRejected("1 # no", .trailingData, at: 2)
        expectJCSRejected("NaN", .nonFiniteNumber, at: 0)
        expectJCSRejected("[Infinity]", .nonFiniteNumber, at: 1)
        expectJCSRejected("-Infinity", .nonFiniteNumber, at: 0)
        expectJCSRejected("nul", .invalidLiteral, at: 0)
        expectJCSRejected("True", .unexpectedCharacter, at: 0)
        expectJCSRejected("[tru]", .invalidLiteral, at: 1)
        expectJCSRejected("None", .invalidLiteral, at: 0)
        expectJCSRejected("['a']", .unexpectedCharacter, at: 1)
        expectJCSRejected("{a:1}", .nonStringKey, at: 1)
        expectJCSRejected("{1:1}", .nonStringKey, at: 1)
        expectJCSRejected(#"{"a" 1}"#, .unexpectedCharacter, at: 5)
        expectJCSRejected(#"{"a":1 "b":2}"#, .unexpectedCharacter, at: 7)
        expectJCSRejected("1 2", .trailingData, at: 2)
        expectJCSRejected("{}x", .trailingData, at: 2)
        expectJCSRejected([0xEF, 0xBB, 0xBF, 0x31], .byteOrderMark, at: 0)
        expectJCSRejected("\u{0C}1", .unexpectedCharacter, at: 0)  // form feed is not JSON whitespace
        expectJCSRejected("\u{A0}1", .unexpectedCharacter, at: 0)
    }

    @Test func stringsAndEscapes() {
        expectJCSRejected("[\"a\tb\"]", .controlCharacter, at: 3)
        expectJCSRejected("\"\n\"", .controlCharacter, at: 1)
        expectJCSRejected([0x22, 0x00, 0x22], .controlCharacter, at: 1)
        expectJCSRejected(#"["\x41"]"#, .invalidEscape, at: 2)
        expectJCSRejected(#"["\'"]"#, .invalidEscape, at: 2)
        expectJCSRejected(#"["\u00G1"]"#, .invalidEscape, at: 2)
        expectJCSRejected(#"["\u12"]"#, .invalidEscape, at: 2)
        expectJCSRejected(#"["\U0041"]"#, .invalidEscape, at: 2)
    }

    @Test func truncatedInput() {
        for (input, offset) in [
            ("", 0), ("   ", 3), ("[", 1), ("[1,", 3), (#"{"a""#, 4), (#"{"a":"#, 5), (#""abc"#, 4), (#""\"#, 2),
            (#""\u00"#, 5), ("{", 1), (#"{"a":1,"#, 7),
        ] {
            expectJCSRejected(input, .truncated, at: offset)
        }
    }

    /// Errors say what and where in one line, and never dump the input.
    @Test func errorDescription() throws {
        do {
            _ = try JCS.parse(utf8(#"{"a":1,"a":2}"#))
            Issue.record("accepted")
        } catch let error as JCSError {
            #expect(error.description == #"duplicate-key at offset 7: duplicate member name "a""#)
        }
    }
}
