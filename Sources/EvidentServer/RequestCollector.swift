import NIOHTTP1

/// Gathers one HTTP request's head and body within two limits: the request's own (per route,
/// decided from its head) and the server's budget of buffered bytes (``ServerCapacity``). It
/// decides as soon as it can: a body announced larger than allowed is refused at its head, one
/// that grows past it (chunked) at the part that does, never after reading it all. The bytes
/// it holds stay reserved until ``release()`` (the request answered, or the connection gone).
struct RequestCollector {
    enum Outcome {
        /// The whole request.
        case complete(HTTPRequestHead, [UInt8])
        /// The body is larger than `limit` bytes (413).
        case tooLarge(HTTPRequestHead, limit: Int)
        /// The server holds too many request bytes (503, Retry-After).
        case overBudget(HTTPRequestHead)
    }

    let capacity: ServerCapacity
    private var head: HTTPRequestHead?
    private var limit = 0
    private var body: [UInt8] = []
    /// Bytes taken from the budget for this request.
    private(set) var reserved = 0

    init(capacity: ServerCapacity) { self.capacity = capacity }

    /// Feeds one part; `limit` names the body limit of a request from its head. Returns the
    /// request at its end, or a refusal as soon as one is due (the caller answers it and
    /// stops reading the connection).
    mutating func consume(_ part: HTTPServerRequestPart, limit bodyLimit: (HTTPRequestHead) -> Int) -> Outcome? {
        switch part {
        case .head(let h):
            release()
            head = h
            limit = bodyLimit(h)
            if let announced = h.headers.first(name: "content-length").flatMap(Int.init) {
                guard announced <= limit else { return .tooLarge(h, limit: limit) }
                guard take(announced) else { return .overBudget(h) }
                body.reserveCapacity(announced)
            }
            return nil
        case .body(var buf):
            guard let h = head else { return nil }
            let n = buf.readableBytes
            guard body.count + n <= limit else { return .tooLarge(h, limit: limit) }
            // Chunked: reserve as the bytes come (with a length, they were reserved at the head).
            if body.count + n > reserved, !take(body.count + n - reserved) { return .overBudget(h) }
            buf.readWithUnsafeReadableBytes { raw in
                body.append(contentsOf: raw)
                return raw.count
            }
            return nil
        case .end:
            guard let h = head else { return nil }
            head = nil
            defer { body = [] }
            return .complete(h, body)
        }
    }

    private mutating func take(_ bytes: Int) -> Bool {
        guard capacity.reserve(bytes) else { return false }
        reserved += bytes
        return true
    }

    /// Gives this request's bytes back to the budget.
    mutating func release() {
        capacity.release(reserved)
        reserved = 0
        body = []
    }
}
