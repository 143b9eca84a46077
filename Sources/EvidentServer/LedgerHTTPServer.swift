import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix

/// `evident serve`'s socket layer (SwiftNIO HTTP/1.1): reads each request within the body limit,
/// runs it on a pool of blocking worker threads (the stores are synchronous; minting waits for
/// group commit), and writes the response — a file body in chunks, each written before the next
/// is read, so a slow client cannot make the server buffer a whole bundle.
public final class LedgerHTTPServer: Sendable {
    public struct Options: Sendable {
        public var host: String
        public var port: Int
        public var eventLoops: Int
        /// Worker threads for requests (each may block on the store or on group commit).
        public var workers: Int
        /// A connection with no read or write for this long is closed.
        public var idleTimeoutSeconds: Int64
        /// Most connections at once (nil: from the descriptor limit, ConnectionLimit).
        public var maxConnections: Int?
        public init(
            host: String, port: Int, eventLoops: Int = System.coreCount, workers: Int = 64,
            idleTimeoutSeconds: Int64 = 120, maxConnections: Int? = nil
        ) {
            self.host = host
            self.port = port
            self.eventLoops = eventLoops
            self.workers = workers
            self.idleTimeoutSeconds = idleTimeoutSeconds
            self.maxConnections = maxConnections
        }
    }

    let service: LedgerService
    let group: MultiThreadedEventLoopGroup
    let pool: NIOThreadPool
    let channel: any Channel
    let logger: Logger

    public init(service: LedgerService, logger: Logger, options: Options) throws {
        self.service = service
        self.logger = logger
        group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, options.eventLoops))
        pool = NIOThreadPool(numberOfThreads: max(1, options.workers))
        pool.start()
        let (s, p, l) = (service, pool, logger)
        do {
            channel = try HTTPBootstrap.bind(
                group: group, host: options.host, port: options.port, backlog: 512,
                idleTimeout: .seconds(max(1, options.idleTimeoutSeconds)), connections: service.connections
            ) {
                LedgerHTTPHandler(service: s, pool: p, logger: l)
            }
        } catch {
            try? pool.syncShutdownGracefully()
            try? group.syncShutdownGracefully()
            throw error
        }
    }

    public var localPort: Int { channel.localAddress?.port ?? 0 }

    public func wait() throws { try channel.closeFuture.wait() }

    /// Stops accepting, lets queued mints commit, and releases the threads.
    public func shutdown() {
        logger.info("shutting down")
        try? channel.close().wait()
        service.shutdown()
        try? pool.syncShutdownGracefully()
        try? group.syncShutdownGracefully()
    }
}

final class LedgerHTTPHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let service: LedgerService
    let pool: NIOThreadPool
    let logger: Logger
    var collector: RequestCollector
    var busy = false
    /// Set once a request was refused from its head: the rest of what the client sends is
    /// dropped unread, and the connection closes after the answer.
    var discarding = false

    init(service: LedgerService, pool: NIOThreadPool, logger: Logger) {
        collector = RequestCollector(limit: service.limits.maxBody)
        self.service = service
        self.pool = pool
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        if discarding { return }
        // Authenticate from the head, before buffering a body (issue #13, item 1).
        if case .head(let h) = part,
            let refused = service.refuseBeforeBody(
                HTTPRequest(
                    method: h.method.rawValue, uri: h.uri, headers: h.headers.map { ($0.name, $0.value) }, body: []))
        {
            discarding = true
            write(context, h, refused, close: true)
            return
        }
        guard let (h, requestBody, tooLarge) = collector.consume(part) else { return }
        if tooLarge {
            service.metrics.request(route: "any", status: 413)
            write(
                context, h, .error(413, "too-large", "request body larger than \(service.limits.maxBody) bytes"),
                close: true)
            return
        }
        let request = HTTPRequest(
            method: h.method.rawValue, uri: h.uri, headers: h.headers.map { ($0.name, $0.value) }, body: requestBody)
        let service = self.service
        let loop = context.eventLoop
        let ctx = NIOLoopBound(context, eventLoop: loop)
        let handler = NIOLoopBound(self, eventLoop: loop)
        // Pipelined requests are answered in order: reading pauses while one is in flight
        // (`read(context:)` holds reads back until `resume`).
        busy = true
        pool.runIfActive(eventLoop: loop) { service.handle(request) }.whenComplete { result in
            let response: HTTPResponse
            switch result {
            case .success(let r): response = r
            case .failure(let e): response = .error(503, "unavailable", "\(e)")
            }
            handler.value.finish(ctx.value, h, response)
        }
    }

    func finish(_ context: ChannelHandlerContext, _ h: HTTPRequestHead, _ response: HTTPResponse) {
        switch response.body {
        case .bytes:
            write(context, h, response)
            resume(context)
        case .file(let path, let length, let deleteAfter):
            streamFile(context, h, response, path: path, length: length, deleteAfter: deleteAfter)
        }
    }

    func resume(_ context: ChannelHandlerContext) {
        busy = false
        context.read()
    }

    func responseHead(_ h: HTTPRequestHead, _ r: HTTPResponse, length: Int, close: Bool) -> HTTPResponseHead {
        var headers = HTTPHeaders()
        for (n, v) in r.headers { headers.add(name: n, value: v) }
        headers.replaceOrAdd(name: "Content-Length", value: String(length))
        if !headers.contains(name: "Cache-Control") { headers.add(name: "Cache-Control", value: "no-store") }
        if close || !h.isKeepAlive { headers.add(name: "Connection", value: "close") }
        return HTTPResponseHead(version: h.version, status: HTTPResponseStatus(statusCode: r.status), headers: headers)
    }

    func write(_ context: ChannelHandlerContext, _ h: HTTPRequestHead, _ r: HTTPResponse, close: Bool = false) {
        let bytes = r.bodyBytes ?? []
        context.write(wrapOutboundOut(.head(responseHead(h, r, length: bytes.count, close: close))), promise: nil)
        var buffer = context.channel.allocator.buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if close || !h.isKeepAlive {
            let channel = context.channel
            done.whenComplete { _ in channel.close(promise: nil) }
        }
    }

    /// Sends a file in 1 MiB chunks, reading the next chunk (on a worker) only after the
    /// previous one was written to the socket.
    func streamFile(
        _ context: ChannelHandlerContext, _ h: HTTPRequestHead, _ r: HTTPResponse, path: String, length: Int,
        deleteAfter: Bool
    ) {
        guard let file = FileHandle(forReadingAtPath: path) else {
            write(context, h, .error(500, "internal", "the export file vanished"))
            resume(context)
            return
        }
        let channel = context.channel
        let loop = context.eventLoop
        let pool = self.pool
        let handler = NIOLoopBound(self, eventLoop: loop)
        let ctx = NIOLoopBound(context, eventLoop: loop)
        let cleanup: @Sendable () -> Void = {
            try? file.close()
            if deleteAfter { unlink(path) }
        }
        context.writeAndFlush(wrapOutboundOut(.head(responseHead(h, r, length: length, close: false))), promise: nil)
        @Sendable func next() {
            pool.runIfActive(eventLoop: loop) { () -> [UInt8] in [UInt8](file.readData(ofLength: 1 << 20)) }
                .whenComplete { result in
                    switch result {
                    case .success(let chunk) where !chunk.isEmpty:
                        var buffer = channel.allocator.buffer(capacity: chunk.count)
                        buffer.writeBytes(chunk)
                        channel.writeAndFlush(HTTPServerResponsePart.body(.byteBuffer(buffer))).whenComplete {
                            written in
                            if case .failure = written {
                                cleanup()
                                channel.close(promise: nil)
                            } else {
                                next()
                            }
                        }
                    case .success:
                        cleanup()
                        channel.writeAndFlush(HTTPServerResponsePart.end(nil)).whenComplete { _ in
                            if !h.isKeepAlive { channel.close(promise: nil) }
                        }
                        handler.value.resume(ctx.value)
                    case .failure:
                        cleanup()
                        channel.close(promise: nil)
                    }
                }
        }
        next()
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        context.flush()
    }

    func read(context: ChannelHandlerContext) {
        if !busy { context.read() }
    }
}
