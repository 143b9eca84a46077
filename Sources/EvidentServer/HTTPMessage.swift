import EvidentCore
import EvidentTSP
import Foundation

/// A complete HTTP request as the ledger API sees it (the body already read, within limits).
public struct HTTPRequest: Sendable {
    public var method: String
    /// The path without the query, percent-decoded.
    public var path: String
    public var query: [String: String]
    /// Header names lower-cased.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(method: String, uri: String, headers: [(name: String, value: String)], body: [UInt8]) {
        self.method = method
        let parts = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let rawPath = parts.first.map(String.init) ?? "/"
        path = rawPath.removingPercentEncoding ?? rawPath
        var q: [String: String] = [:]
        if parts.count == 2 {
            for pair in parts[1].split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let decode = { (s: Substring) in
                    s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s)
                }
                q[decode(kv[0])] = kv.count == 2 ? decode(kv[1]) : ""
            }
        }
        query = q
        self.headers = headers.map { ($0.name.lowercased(), $0.value) }
        self.body = body
    }

    public func header(_ name: String) -> String? { headers.first { $0.name == name }?.value }

    /// The media type of the body, lower-cased, without parameters.
    public var contentType: String? {
        MediaType.of(header("content-type"))
    }
}

/// A response: bytes, or a staged file streamed from disk.
public struct HTTPResponse: Sendable {
    public enum Body: Sendable {
        case bytes([UInt8])
        case file(StagedDownload)
    }

    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: Body

    public init(status: Int, headers: [(name: String, value: String)] = [], body: Body = .bytes([])) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public static func json(
        _ status: Int, _ value: JSONValue, headers: [(name: String, value: String)] = []
    ) -> HTTPResponse {
        HTTPResponse(
            status: status, headers: [("Content-Type", "application/json")] + headers,
            body: .bytes(Array((value.render(pretty: false) + "\n").utf8)))
    }

    /// The API's error shape: `{"error": {"code", "message"}}`.
    public static func error(
        _ status: Int, _ code: String, _ message: String, headers: [(name: String, value: String)] = []
    ) -> HTTPResponse {
        json(
            status, .object([("error", .object([("code", .string(code)), ("message", .string(message))]))]),
            headers: headers)
    }

    public var bodyBytes: [UInt8]? {
        if case .bytes(let b) = body { return b }
        return nil
    }
}

/// A file staged for one download (an export): removed, and what it holds released (its export
/// slot), exactly once — when the download ends, fails, or passes its deadline, or when it is
/// never sent at all.
public final class StagedDownload: @unchecked Sendable {
    public let path: String
    public let length: Int
    private let onFinish: @Sendable () -> Void
    private var finished = false
    private let lock = NSLock()

    public init(path: String, length: Int, onFinish: @escaping @Sendable () -> Void = {}) {
        self.path = path
        self.length = length
        self.onFinish = onFinish
    }

    /// Deletes the file and releases what it holds; later calls do nothing.
    public func finish() {
        guard
            lock.withLock({ () -> Bool in
                defer { finished = true }
                return !finished
            })
        else { return }
        unlink(path)
        onFinish()
    }

    public var isFinished: Bool { lock.withLock { finished } }

    deinit { finish() }
}
