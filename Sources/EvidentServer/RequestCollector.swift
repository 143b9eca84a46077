import NIOHTTP1

/// Gathers one HTTP request's head and body, keeping at most `limit` body bytes: a body
/// announced or found to be larger is dropped as it arrives and the request marked too large.
struct RequestCollector {
    let limit: Int
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []
    private var tooLarge = false

    init(limit: Int) { self.limit = limit }

    /// Feeds one part; returns the complete request at its end.
    mutating func consume(_ part: HTTPServerRequestPart) -> (head: HTTPRequestHead, body: [UInt8], tooLarge: Bool)? {
        switch part {
        case .head(let h):
            head = h
            body = []
            tooLarge = h.headers.first(name: "content-length").flatMap(Int.init).map { $0 > limit } ?? false
            return nil
        case .body(var buf):
            guard !tooLarge else { return nil }
            if body.count + buf.readableBytes > limit {
                tooLarge = true
                body = []
                return nil
            }
            body += buf.readBytes(length: buf.readableBytes) ?? []
            return nil
        case .end:
            guard let h = head else { return nil }
            defer {
                head = nil
                body = []
                tooLarge = false
            }
            return (h, body, tooLarge)
        }
    }
}
