import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix

/// `evident serve`'s socket layer (SwiftNIO HTTP/1.1): decides from each request's head whether
/// to read it (authenticated, within its route's body limit and the server's buffered-bytes
/// cap), runs it on a pool of blocking worker threads (the stores are synchronous; minting waits
/// for group commit) — exports on a pool of their own, so they never hold the threads minting
/// needs — and writes the response: a file body in chunks, each written before the next is read,
/// so a slow client cannot make the server buffer a whole bundle, and within a deadline, so an
/// unread download cannot keep its staged file and export slot.
public final class LedgerHTTPServer: Sendable {
    public struct Options: Sendable {
        public var host: String
        public var port: Int
        public var eventLoops: Int
        /// Worker threads for requests (each may block on the store or on group commit).
        public var workers: Int
        /// A connection with no read or write for this long is closed.
        public var idleTimeoutSeconds: Int64
        /// A download (an export) not finished within this long is cut off and its staged file
        /// deleted.
        public var downloadDeadlineSeconds: Int64
        public init(
            host: String, port: Int, eventLoops: Int = System.coreCount, workers: Int = 64,
            idleTimeoutSeconds: Int64 = 120, downloadDeadlineSeconds: Int64 = 600
        ) {
            self.host = host
            self.port = port
            self.eventLoops = eventLoops
            self.workers = workers
            self.idleTimeoutSeconds = idleTimeoutSeconds
            self.downloadDeadlineSeconds = downloadDeadlineSeconds
        }
    }

    let service: LedgerService
    let group: MultiThreadedEventLoopGroup
    let pool: NIOThreadPool
    /// Exports and their downloads: as many threads as exports may run (Limits.maxExports).
    let exportPool: NIOThreadPool
    let channel: any Channel
    let logger: Logger

    public init(service: LedgerService, logger: Logger, options: Options) throws {
        self.service = service
        self.logger = logger
        group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, options.eventLoops))
        pool = NIOThreadPool(numberOfThreads: max(1, options.workers))
        pool.start()
        exportPool = NIOThreadPool(numberOfThreads: max(1, service.limits.maxExports))
        exportPool.start()
        let lanes = LedgerHTTPHandler.Lanes(
            requests: pool, exports: exportPool, downloadDeadline: .seconds(max(1, options.downloadDeadlineSeconds)))
        let (s, l) = (service, logger)
        do {
            channel = try HTTPBootstrap.bind(
                group: group, host: options.host, port: options.port, backlog: 512,
                idleTimeout: .seconds(max(1, options.idleTimeoutSeconds)), capacity: service.capacity
            ) {
                LedgerHTTPHandler(service: s, lanes: lanes, logger: l)
            }
        } catch {
            try? pool.syncShutdownGracefully()
            try? exportPool.syncShutdownGracefully()
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
        try? exportPool.syncShutdownGracefully()
        try? group.syncShutdownGracefully()
    }
}

final class LedgerHTTPHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// Where requests run: minting and reads on `requests`, exports (staging and reading the
    /// staged file) on `exports`; a download ends by `downloadDeadline`.
    struct Lanes: Sendable {
        let requests: NIOThreadPool
        let exports: NIOThreadPool
        let downloadDeadline: TimeAmount
    }

    let service: LedgerService
    let lanes: Lanes
    let logger: Logger
    var collector: RequestCollector
    /// The current request is an export (decided from its head).
    var isExport = false
    var busy = false
    /// Set once a request was refused before its body was read: the rest of what the client
    /// sends is dropped unread, and the connection closes after the answer.
    var discarding = false
    /// The download in progress, finished if the connection goes away.
    var download: StagedDownload?

    init(service: LedgerService, lanes: Lanes, logger: Logger) {
        collector = RequestCollector(capacity: service.capacity)
        self.service = service
        self.lanes = lanes
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if discarding { return }
        let service = self.service
        // Authenticate from the head, before buffering a body, and take the route's body limit
        // (issue #13, item 1).
        var refusedAtHead: HTTPResponse?
        let outcome = collector.consume(unwrapInboundIn(data)) { h in
            switch service.decide(
                HTTPRequest(
                    method: h.method.rawValue, uri: h.uri, headers: h.headers.map { ($0.name, $0.value) }, body: []))
            {
            case .refuse(let response):
                refusedAtHead = response
                return 0
            case .read(let limit, let export):
                self.isExport = export
                return limit
            }
        }
        // Refused from its head: answered now, whatever the body would have been (it is never read).
        if let refusedAtHead, case .head(let head) = unwrapInboundIn(data) {
            return refuse(context, head, refusedAtHead, countAs: nil)
        }
        let h: HTTPRequestHead, requestBody: [UInt8]
        switch outcome {
        case nil:
            return
        case .tooLarge(let head, let limit)?:
            return refuse(
                context, head, .error(413, "too-large", "request body larger than \(limit) bytes"), countAs: 413)
        case .overBudget(let head)?:
            return refuse(
                context, head,
                .error(
                    503, "busy",
                    "the server holds too many request bytes (\(service.capacity.maxBufferedBytes)); retry later",
                    headers: [("Retry-After", "1")]),
                countAs: 503)
        case .complete(let head, let body)?:
            (h, requestBody) = (head, body)
        }
        let request = HTTPRequest(
            method: h.method.rawValue, uri: h.uri, headers: h.headers.map { ($0.name, $0.value) }, body: requestBody)
        let loop = context.eventLoop
        let ctx = NIOLoopBound(context, eventLoop: loop)
        let handler = NIOLoopBound(self, eventLoop: loop)
        // Pipelined requests are answered in order: reading pauses while one is in flight
        // (`read(context:)` holds reads back until `resume`).
        busy = true
        (isExport ? lanes.exports : lanes.requests).runIfActive(eventLoop: loop) { service.handle(request) }
            .whenComplete { result in
                let response: HTTPResponse
                switch result {
                case .success(let r): response = r
                case .failure(let e): response = .error(503, "unavailable", "\(e)")
                }
                handler.value.collector.release()
                handler.value.finish(ctx.value, h, response)
            }
    }

    /// Answers a request refused before it was dispatched and closes the connection; what the
    /// client sends after it is never read. `countAs`: the status to count in metrics (a
    /// refusal at the head was counted when it was decided).
    func refuse(_ context: ChannelHandlerContext, _ h: HTTPRequestHead, _ response: HTTPResponse, countAs: Int?) {
        discarding = true
        collector.release()
        if let countAs { service.metrics.request(route: "any", status: countAs) }
        write(context, h, response, close: true)
    }

    func finish(_ context: ChannelHandlerContext, _ h: HTTPRequestHead, _ response: HTTPResponse) {
        switch response.body {
        case .bytes:
            write(context, h, response)
            resume(context)
        case .file(let staged):
            streamFile(context, h, response, staged)
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

    /// Sends a staged file in 1 MiB chunks, reading the next chunk (on the export lane) only
    /// after the previous one was written to the socket. The file is deleted and its export slot
    /// released when the download ends, fails, the connection closes, or the deadline passes
    /// (then the connection is closed: the client got a short body and knows it).
    func streamFile(_ context: ChannelHandlerContext, _ h: HTTPRequestHead, _ r: HTTPResponse, _ staged: StagedDownload)
    {
        guard let file = FileHandle(forReadingAtPath: staged.path) else {
            staged.finish()
            write(context, h, .error(500, "internal", "the export file vanished"))
            resume(context)
            return
        }
        download = staged
        let channel = context.channel
        let loop = context.eventLoop
        let pool = lanes.exports
        let handler = NIOLoopBound(self, eventLoop: loop)
        let ctx = NIOLoopBound(context, eventLoop: loop)
        let cleanup: @Sendable () -> Void = {
            try? file.close()
            staged.finish()
        }
        let deadline = loop.scheduleTask(in: lanes.downloadDeadline) {
            guard !staged.isFinished else { return }
            handler.value.logger.info("download deadline passed; closing", metadata: ["bytes": "\(staged.length)"])
            cleanup()
            channel.close(promise: nil)
        }
        context.writeAndFlush(
            wrapOutboundOut(.head(responseHead(h, r, length: staged.length, close: false))), promise: nil)
        @Sendable func next() {
            pool.runIfActive(eventLoop: loop) { () -> [UInt8] in
                staged.isFinished ? [] : [UInt8](file.readData(ofLength: 1 << 20))
            }
            .whenComplete { result in
                switch result {
                case .success(let chunk) where !chunk.isEmpty:
                    var buffer = channel.allocator.buffer(capacity: chunk.count)
                    buffer.writeBytes(chunk)
                    channel.writeAndFlush(HTTPServerResponsePart.body(.byteBuffer(buffer))).whenComplete { written in
                        if case .failure = written {
                            deadline.cancel()
                            cleanup()
                            channel.close(promise: nil)
                        } else {
                            next()
                        }
                    }
                case .success where !staged.isFinished:
                    deadline.cancel()
                    cleanup()
                    handler.value.download = nil
                    channel.writeAndFlush(HTTPServerResponsePart.end(nil)).whenComplete { _ in
                        if !h.isKeepAlive { channel.close(promise: nil) }
                    }
                    handler.value.resume(ctx.value)
                case .success, .failure:
                    // Finished by the deadline, or the file could not be read.
                    deadline.cancel()
                    cleanup()
                    channel.close(promise: nil)
                }
            }
        }
        next()
    }

    /// The connection is gone: a download in progress ends (file deleted, slot released) and
    /// the bytes of a half-read request go back to the budget.
    func channelInactive(context: ChannelHandlerContext) {
        download?.finish()
        download = nil
        collector.release()
        context.fireChannelInactive()
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        context.flush()
    }

    func read(context: ChannelHandlerContext) {
        if !busy { context.read() }
    }
}
