import Testing

@testable import EvidentServer

/// The TSA handler's request matching, written on bytes (issue #19): the same answers the
/// split-filter-lowercase it replaced gave.
@Suite struct TSAHTTPHandlerTests {
    @Test func contentTypeIsMatchedByMediaTypeCaseInsensitively() {
        for yes in [
            "application/timestamp-query", "Application/TimeStamp-Query", "application/timestamp-query; charset=x",
            " application/timestamp-query ", "application/timestamp-query\t;a=b", "application/ timestamp-query",
        ] {
            #expect(TSAHTTPHandler.isTimeStampQuery(yes), "\(yes)")
        }
        for no in [
            nil, "", "text/plain", "application/timestamp-quer", "application/timestamp-queryx",
            "application/timestamp-reply", ";application/timestamp-query", "application/timestamp-query-x; a",
            "applicationxtimestamp-query", "ǎpplication/timestamp-query",
        ] {
            #expect(!TSAHTTPHandler.isTimeStampQuery(no), "\(no ?? "nil")")
        }
    }

    @Test func thePathIsTheTargetBeforeAnyQuery() {
        #expect(TSAHTTPHandler.path("/") == "/")
        #expect(TSAHTTPHandler.path("/tsa?x=1") == "/tsa")
        #expect(TSAHTTPHandler.path("?") == "")
        #expect(TSAHTTPHandler.isTimeStampPath(TSAHTTPHandler.path("/?a")))
        #expect(!TSAHTTPHandler.isTimeStampPath(TSAHTTPHandler.path("/tsa/")))
    }
}
