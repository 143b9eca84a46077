import Foundation
import Testing

@testable import EvidentCore

/// The CLI's JSON output: strings are escaped so that a stock JSON parser reads them back exactly.
@Suite struct JSONValueTests {
    @Test func quotedStringsRoundTripThroughFoundation() throws {
        let samples = [
            "", "plain", "quote \" backslash \\ slash /", "\n\r\t", "\u{1}\u{1f}\u{7f}", "é ü ß", "日本語", "😀 \u{10FFFF}",
            #"{"v":"1.0","sig":"AAAA+/=="}"#, String((0..<128).map { Character(UnicodeScalar(UInt8($0))) }),
        ]
        for s in samples {
            let quoted = JSONValue.quote(s)
            let back = try JSONSerialization.jsonObject(with: Data(quoted.utf8), options: .fragmentsAllowed) as? String
            #expect(back == s, "\(quoted)")
        }
        #expect(JSONValue.quote("a\u{1}\u{1b}\"\\\n") == #""a\u0001\u001b\"\\\n""#)
        #expect(JSONValue.quote("\u{8}\u{c}") == #""\b\f""#)  // RFC 8785's two-character escapes
    }

    /// The layout every `--json` document has (docs/json.md's examples are in it): two-space
    /// indentation, `": "` after a key, empty containers on one line; compact without spaces.
    @Test func renderingIsTheDocumentedLayout() {
        let value = JSONValue.object([
            ("schema", .string("evident.x/v1")), ("n", .int(-3)), ("share", .double(0.5)), ("nan", .double(.nan)),
            ("ok", .bool(true)), ("none", .null), ("empty", .array([])), ("bare", .object([])),
            ("list", .array([.int(1), .object([("k", .string("v\n"))])])), ("raw", .raw(#"{"a":1}"#)),
        ])
        #expect(
            value.render() == """
                {
                  "schema": "evident.x/v1",
                  "n": -3,
                  "share": 0.5,
                  "nan": null,
                  "ok": true,
                  "none": null,
                  "empty": [],
                  "bare": {},
                  "list": [
                    1,
                    {
                      "k": "v\\n"
                    }
                  ],
                  "raw": {"a":1}
                }
                """)
        #expect(
            value.render(pretty: false)
                == #"{"schema":"evident.x/v1","n":-3,"share":0.5,"nan":null,"ok":true,"none":null,"empty":[],"bare":{},"list":[1,{"k":"v\n"}],"raw":{"a":1}}"#
        )
    }
}
