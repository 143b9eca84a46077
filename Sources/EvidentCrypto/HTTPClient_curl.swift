internal import CCurl
import EvidentCore

/// A blocking HTTP/1.1 POST client over one libcurl easy handle. Reusing the handle reuses its
/// connections (keep-alive), so a client stamping many inputs against one TSA pays one TLS
/// handshake. Not thread-safe: use one client per worker.
public final class HTTPClient: @unchecked Sendable {
    public struct Response: Sendable {
        public let status: Int
        public let contentType: String?
        public let body: [UInt8]
    }

    public struct Options: Sendable {
        /// Whole-request timeout, seconds.
        public var timeout: Double = 30
        /// Connection timeout, seconds.
        public var connectTimeout: Double = 10
        /// Largest response body accepted; the transfer is aborted past it.
        public var maxResponseSize: Int
        /// PEM file of CA certificates for HTTPS (default: the system store).
        public var caFile: String?
        /// `user:password` for HTTP basic authentication.
        public var userPassword: String?
        /// Extra request headers, `Name: value`.
        public var headers: [String] = []
        /// Abort when fewer than `lowSpeedLimit` bytes/s arrive for `lowSpeedTime` seconds
        /// (a server that trickles bytes).
        public var lowSpeedLimit = 64
        public var lowSpeedTime = 5

        public init(maxResponseSize: Int) { self.maxResponseSize = maxResponseSize }
    }

    /// A transport failure, with libcurl's reason.
    public struct TransportError: CodedError {
        public enum Kind: String, Sendable, Hashable {
            case connectionFailed = "connection-failed", timeout, responseTooLarge = "response-too-large", tls, other =
                "transport"
        }
        public typealias Code = ErrorCode<TransportError>
        public let kind: Kind
        public let message: String
        public var code: Code { Code(kind.rawValue) }
        public var detail: String { message }
        public var description: String { message }
    }

    private let handle: UnsafeMutableRawPointer
    /// libcurl's entry points (loaded on first use: CurlLibrary).
    private let curl: evident_curl

    /// Fails when libcurl cannot be loaded (the error names the library and why).
    public init() throws {
        CryptoLibraries.initialize()
        curl = try CurlLibrary.api()
        guard let h = curl.easy_init() else { throw TransportError(kind: .other, message: "curl_easy_init failed") }
        handle = h
    }

    deinit { curl.easy_cleanup(handle) }

    /// Accumulates the body, refusing to grow past the limit.
    private final class Sink {
        var body: [UInt8] = []
        let limit: Int
        var overflowed = false
        init(limit: Int) { self.limit = limit }
    }

    /// GET, for revocation data (CRLs) during long-term validation capture.
    public func get(url: String, options: Options) throws -> Response {
        try perform(url: url, body: nil, contentType: nil, accept: "*/*", options: options)
    }

    public func post(
        url: String, body: [UInt8], contentType: String, accept: String, options: Options
    ) throws -> Response {
        try perform(url: url, body: body, contentType: contentType, accept: accept, options: options)
    }

    private func perform(
        url: String, body: [UInt8]?, contentType: String?, accept: String, options: Options
    ) throws -> Response {
        let h = handle
        var c = curl
        c.easy_reset(h)
        let sink = Sink(limit: options.maxResponseSize)
        let sinkPtr = Unmanaged.passUnretained(sink).toOpaque()
        var headers: UnsafeMutablePointer<curl_slist>? = nil
        defer { c.slist_free_all(headers) }
        for line in (contentType.map { ["Content-Type: \($0)"] } ?? []) + ["Accept: \(accept)", "Expect:"]
            + options.headers
        {
            headers = c.slist_append(headers, line)
        }
        var errbuf = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE))
        let payload = body ?? []
        let code: CURLcode = payload.withUnsafeBufferPointer { bodyBuf in
            errbuf.withUnsafeMutableBufferPointer { errPtr in
                _ = evident_curl_setopt_str(&c, h, CURLOPT_URL, url)
                _ = evident_curl_setopt_long(&c, h, CURLOPT_NOSIGNAL, 1)
                _ = evident_curl_setopt_str(&c, h, CURLOPT_PROTOCOLS_STR, "http,https")
                _ = evident_curl_setopt_long(&c, h, CURLOPT_FOLLOWLOCATION, 0)
                if body != nil {
                    _ = evident_curl_setopt_long(&c, h, CURLOPT_POST, 1)
                    _ = evident_curl_setopt_ptr(
                        &c, h, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: bodyBuf.baseAddress))
                    _ = evident_curl_setopt_off(&c, h, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(bodyBuf.count))
                } else {
                    _ = evident_curl_setopt_long(&c, h, CURLOPT_HTTPGET, 1)
                }
                _ = evident_curl_setopt_slist(&c, h, CURLOPT_HTTPHEADER, headers)
                _ = evident_curl_setopt_long(&c, h, CURLOPT_TIMEOUT_MS, Int(options.timeout * 1000))
                _ = evident_curl_setopt_long(&c, h, CURLOPT_CONNECTTIMEOUT_MS, Int(options.connectTimeout * 1000))
                _ = evident_curl_setopt_long(&c, h, CURLOPT_LOW_SPEED_LIMIT, options.lowSpeedLimit)
                _ = evident_curl_setopt_long(&c, h, CURLOPT_LOW_SPEED_TIME, options.lowSpeedTime)
                _ = evident_curl_setopt_off(&c, h, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(options.maxResponseSize))
                _ = evident_curl_setopt_ptr(&c, h, CURLOPT_ERRORBUFFER, errPtr.baseAddress)
                if let ca = options.caFile { _ = evident_curl_setopt_str(&c, h, CURLOPT_CAINFO, ca) }
                if let up = options.userPassword {
                    _ = evident_curl_setopt_str(&c, h, CURLOPT_USERPWD, up)
                    _ = evident_curl_setopt_long(&c, h, CURLOPT_HTTPAUTH, 1 /* CURLAUTH_BASIC */)
                }
                _ = evident_curl_setopt_writefn(&c, h) { data, size, count, userdata in
                    let sink = Unmanaged<Sink>.fromOpaque(userdata!).takeUnretainedValue()
                    let n = size * count
                    guard sink.body.count + n <= sink.limit else {
                        sink.overflowed = true
                        return 0  // aborts the transfer (CURLE_WRITE_ERROR)
                    }
                    data!.withMemoryRebound(to: UInt8.self, capacity: n) {
                        sink.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: n))
                    }
                    return n
                }
                _ = evident_curl_setopt_ptr(&c, h, CURLOPT_WRITEDATA, sinkPtr)
                return c.easy_perform(h)
            }
        }
        if sink.overflowed || code == CURLE_FILESIZE_EXCEEDED {
            throw TransportError(
                kind: .responseTooLarge, message: "response body larger than \(options.maxResponseSize) bytes")
        }
        guard code == CURLE_OK else {
            let detail = String(cString: errbuf.withUnsafeBufferPointer { $0.baseAddress! })
            let text =
                detail.isEmpty
                ? c.easy_strerror(code).map { String(cString: $0) } ?? "libcurl error \(code.rawValue)" : detail
            let kind: TransportError.Kind
            switch code {
            case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
                kind = .connectionFailed
            case CURLE_OPERATION_TIMEDOUT: kind = .timeout
            case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE: kind = .tls
            default: kind = .other
            }
            throw TransportError(kind: kind, message: text)
        }
        var status = 0
        _ = evident_curl_getinfo_long(&c, h, CURLINFO_RESPONSE_CODE, &status)
        var ctype: UnsafeMutablePointer<CChar>? = nil
        _ = evident_curl_getinfo_str(&c, h, CURLINFO_CONTENT_TYPE, &ctype)
        return Response(status: status, contentType: ctype.map { String(cString: $0) }, body: sink.body)
    }
}
