import EvidentCore
import Testing

/// The one reading of a Content-Type field (RFC 9110 §8.3.1) the servers and clients share.
@Suite struct MediaTypeTests {
    @Test func theMediaTypeIsBeforeAnyParameterWithoutSurroundingWhitespaceInLowerCase() {
        let cases: [(String?, String?)] = [
            (nil, nil), ("", ""), ("application/json", "application/json"),
            ("Application/JSON; charset=utf-8", "application/json"), (" \tapplication/json \t;a=b", "application/json"),
            ("text/x.tlog.size", "text/x.tlog.size"), (";application/json", ""),
            ("application/ json", "application/ json"),  // Only ASCII letters are folded.
            ("ǍPPLICATION/json", "Ǎpplication/json"),
        ]
        for (field, want) in cases {
            #expect(MediaType.of(field) == want, "\(field ?? "nil")")
        }
    }

    @Test func matchingIsTheSameReadingWithoutAllocating() {
        for yes in [
            "application/timestamp-query", "Application/TimeStamp-Query", "application/timestamp-query; charset=x",
            " application/timestamp-query ", "application/timestamp-query\t;a=b", "\tAPPLICATION/TIMESTAMP-QUERY;",
        ] {
            #expect(MediaType.matches(yes, "application/timestamp-query"), "\(yes)")
            #expect(MediaType.of(yes) == "application/timestamp-query", "\(yes)")
        }
        for no in [
            nil, "", "text/plain", "application/timestamp-quer", "application/timestamp-queryx",
            "application/timestamp-reply", ";application/timestamp-query", "application/timestamp-query-x; a",
            "applicationxtimestamp-query", "ǎpplication/timestamp-query",
            // Whitespace inside the type is not optional whitespace (RFC 9110 tokens have none).
            "application/ timestamp-query", "application /timestamp-query", "application/timestamp- query",
        ] {
            #expect(!MediaType.matches(no, "application/timestamp-query"), "\(no ?? "nil")")
            #expect(MediaType.of(no) != "application/timestamp-query", "\(no ?? "nil")")
        }
    }
}
