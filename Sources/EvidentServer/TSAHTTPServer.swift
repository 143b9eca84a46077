import EvidentCore
import EvidentCrypto
import EvidentTSP
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix

/// RFC 3161 §3.4 over HTTP: POST `application/timestamp-query` → `application/timestamp-reply`,
/// plus `GET /healthz` and `GET /metrics` (Prometheus). Bad HTTP gets an HTTP error; a body that
/// is not a TimeStampReq gets a rejection TimeStampResp (badDataFormat), never a token.
public final class TSAHTTPServer: Sendable {
    /// Largest request body accepted: a TimeStampReq with a SHA-512 imprint and a policy is
    /// about 100 bytes; 64 KiB leaves room for extensions and refuses floods.
    public static let maxRequestBody = 64 * 1024

    public struct Options: Sendable {
        public var host: String
        public var port: Int
        public var threads: Int
        /// The connection and buffered-bytes caps (defaults from the descriptor limit).
        public var capacity: ServerCapacity
        public init(
            host: String, port: Int, threads: Int = System.coreCount, capacity: ServerCapacity = ServerCapacity()
        ) {
            self.host = host
            self.port = port
            self.threads = threads
            self.capacity = capacity
        }
    }

    let responder: TimeStampResponder
    let metrics: TSAMetrics
    let logger: Logger
    let group: MultiThreadedEventLoopGroup
    let channel: any Channel

    /// Binds and starts serving.
    public init(responder: TimeStampResponder, metrics: TSAMetrics, logger: Logger, options: Options) throws {
        self.responder = responder
        self.metrics = metrics
        self.logger = logger
        group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, options.threads))
        let handlerResponder = responder, handlerMetrics = metrics, handlerLogger = logger
        let capacity = options.capacity
        do {
            channel = try HTTPBootstrap.bind(
                group: group, host: options.host, port: options.port, backlog: 256, capacity: capacity
            ) {
                TSAHTTPHandler(
                    responder: handlerResponder, metrics: handlerMetrics, logger: handlerLogger, capacity: capacity)
            }
        } catch {
            try? group.syncShutdownGracefully()
            throw error
        }
    }

    /// The bound address (port 0 in the options picks a free one).
    public var localPort: Int { channel.localAddress?.port ?? 0 }

    /// Blocks until the server channel closes (after ``shutdown()``).
    public func wait() throws { try channel.closeFuture.wait() }

    /// Stops accepting, lets in-flight requests finish, and releases the threads.
    public func shutdown() {
        logger.info("shutting down")
        try? channel.close().wait()
        try? group.syncShutdownGracefully()
    }
}

/// One connection's request handling.
final class TSAHTTPHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let responder: TimeStampResponder
    let metrics: TSAMetrics
    let logger: Logger
    var collector: RequestCollector
    /// Set once a request was refused before its body was read: the rest is dropped unread and
    /// the connection closes after the answer.
    var discarding = false

    init(responder: TimeStampResponder, metrics: TSAMetrics, logger: Logger, capacity: ServerCapacity) {
        self.responder = responder
        self.metrics = metrics
        self.logger = logger
        collector = RequestCollector(capacity: capacity)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if discarding { return }
        // Only a time-stamp request has a body (64 KiB at most); the server's buffered-bytes cap
        // applies across connections (issue #13, item 1).
        let outcome = collector.consume(unwrapInboundIn(data)) { h in
            h.method == .POST && TSAHTTPHandler.isTimeStampPath(TSAHTTPHandler.path(h.uri))
                ? TSAHTTPServer.maxRequestBody : 0
        }
        switch outcome {
        case nil: return
        case .complete(let h, let body)?:
            handle(context: context, head: h, body: body)
            collector.release()
        case .tooLarge(let h, let limit)?:
            discarding = true
            collector.release()
            metrics.refused("too_large")
            send(
                context, h, .payloadTooLarge, "text/plain", Array("request body larger than \(limit) bytes\n".utf8),
                close: true)
        case .overBudget(let h)?:
            discarding = true
            collector.release()
            metrics.refused("busy")
            var extra = HTTPHeaders()
            extra.add(name: "Retry-After", value: "1")
            send(
                context, h, .serviceUnavailable, "text/plain",
                Array("the server holds too many request bytes; retry later\n".utf8), headers: extra, close: true)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        collector.release()
        context.fireChannelInactive()
    }

    func handle(context: ChannelHandlerContext, head h: HTTPRequestHead, body: [UInt8]) {
        let path = TSAHTTPHandler.path(h.uri)
        switch (h.method, path) {
        case (.GET, "/healthz"):
            send(context, h, .ok, "text/plain; charset=utf-8", Array("ok\n".utf8))
        case (.GET, "/metrics"):
            send(
                context, h, .ok, "text/plain; version=0.0.4; charset=utf-8",
                metrics.render() + Array(collector.capacity.prometheus(prefix: "evident_tsa_").utf8))
        case (.POST, "/"), (.POST, "/tsa"):
            guard MediaType.matches(h.headers.first(name: "content-type"), "application/timestamp-query") else {
                metrics.refused("content_type")
                return send(
                    context, h, .unsupportedMediaType, "text/plain",
                    Array("Content-Type must be application/timestamp-query\n".utf8))
            }
            let start = NIODeadline.now()
            let now = WallClock.millis()
            let (reply, outcome) = responder.respond(to: body, now: (now / 1000, Int(now % 1000)))
            let elapsed = (NIODeadline.now() - start).nanoseconds
            metrics.record(outcome: outcome.label, nanoseconds: elapsed)
            switch outcome {
            case .granted(let serial):
                logger.debug("granted", metadata: ["serial": "\(serial.hexString)", "micros": "\(elapsed / 1000)"])
            case .rejected(let failure, let why):
                logger.info(
                    "rejected",
                    metadata: [
                        "failInfo": "\(failure)", "reason": "\(why)",
                        "remote": "\(context.remoteAddress?.description ?? "?")",
                    ])
            }
            send(context, h, .ok, "application/timestamp-reply", reply)
        case (_, "/"), (_, "/tsa"):
            metrics.refused("method")
            var extra = HTTPHeaders()
            extra.add(name: "Allow", value: "POST")
            send(
                context, h, .methodNotAllowed, "text/plain", Array("use POST with application/timestamp-query\n".utf8),
                headers: extra)
        case (_, "/healthz"), (_, "/metrics"):
            metrics.refused("method")
            var extra = HTTPHeaders()
            extra.add(name: "Allow", value: "GET")
            send(context, h, .methodNotAllowed, "text/plain", Array("use GET\n".utf8), headers: extra)
        default:
            metrics.refused("not_found")
            send(context, h, .notFound, "text/plain", Array("not found\n".utf8))
        }
    }

    /// The request target's path (before any query).
    static func path(_ uri: String) -> Substring {
        uri.utf8.firstIndex(of: UInt8(ascii: "?")).map { uri[..<$0] } ?? uri[...]
    }

    static func isTimeStampPath(_ path: Substring) -> Bool { path == "/" || path == "/tsa" }

    func send(
        _ context: ChannelHandlerContext, _ request: HTTPRequestHead, _ status: HTTPResponseStatus, _ type: String,
        _ body: [UInt8],
        headers extra: HTTPHeaders = HTTPHeaders(), close: Bool = false
    ) {
        var headers = extra
        headers.add(name: "Content-Type", value: type)
        headers.add(name: "Content-Length", value: String(body.count))
        headers.add(name: "Cache-Control", value: "no-store")
        let keepAlive = request.isKeepAlive && !close
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: request.version, status: status, headers: headers))),
            promise: nil)
        var buffer = context.channel.allocator.buffer(capacity: body.count)
        buffer.writeBytes(body)
        context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            let channel = context.channel
            done.whenComplete { _ in channel.close(promise: nil) }
        }
    }
}
