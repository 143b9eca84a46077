import Testing

@testable import EvidentServer

/// The TSA handler's request matching, written on bytes (issue #19). Its Content-Type is read
/// by `MediaType` (MediaTypeTests).
@Suite struct TSAHTTPHandlerTests {
    @Test func thePathIsTheTargetBeforeAnyQuery() {
        #expect(TSAHTTPHandler.path("/") == "/")
        #expect(TSAHTTPHandler.path("/tsa?x=1") == "/tsa")
        #expect(TSAHTTPHandler.path("?") == "")
        #expect(TSAHTTPHandler.isTimeStampPath(TSAHTTPHandler.path("/?a")))
        #expect(!TSAHTTPHandler.isTimeStampPath(TSAHTTPHandler.path("/tsa/")))
    }
}
