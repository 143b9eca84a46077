import EvidentCore
import EvidentCrypto
import EvidentLedger
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix

/// c2sp.org/tlog-witness over HTTP (docs/witness.md): `POST <prefix>/add-checkpoint` and the
/// monitoring `GET <prefix>/<lower-case hex SHA-256 of the origin>/checkpoint`, plus
/// `GET /healthz` and `GET /metrics`. The witness's decisions are ``Witness``'s; this maps them
/// to status codes and bodies, runs them off the event loop (they sync the state file), and
/// keeps each equivocation proof in the evidence directory, durably, before answering.
public final class WitnessHTTPServer: Sendable {
    public struct Options: Sendable {
        public var host: String
        public var port: Int
        public var threads: Int
        /// Threads that run add-checkpoint (each holds a SQLite transaction and an fsync).
        public var workers: Int
        /// The submission and monitoring prefix ("" or a path starting with "/", no trailing "/").
        public var prefix: String
        /// A connection with no read or write for this many seconds is closed.
        public var idleTimeoutSeconds: Int64
        public var capacity: ServerCapacity

        public init(
            host: String, port: Int, threads: Int = System.coreCount, workers: Int = 4, prefix: String = "",
            idleTimeoutSeconds: Int64 = 30, capacity: ServerCapacity = ServerCapacity()
        ) {
            self.host = host
            self.port = port
            self.threads = threads
            self.workers = workers
            self.prefix = prefix
            self.idleTimeoutSeconds = idleTimeoutSeconds
            self.capacity = capacity
        }
    }

    /// The equivocation proof's media type (docs/witness.md).
    public static let equivocationType = "text/x.evident.equivocation"

    let group: MultiThreadedEventLoopGroup
    let pool: NIOThreadPool
    let channel: any Channel
    let logger: Logger

    /// Binds and starts serving. `evidence`: the directory equivocation proofs are kept in.
    public init(
        witness: Witness, evidence: String, metrics: WitnessMetrics, accessLog: AccessLog?, logger: Logger,
        options: Options
    ) throws {
        self.logger = logger
        group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, options.threads))
        pool = NIOThreadPool(numberOfThreads: max(1, options.workers))
        pool.start()
        let routes = WitnessRoutes(
            witness: witness, evidence: evidence, metrics: metrics, accessLog: accessLog, logger: logger,
            prefix: options.prefix, capacity: options.capacity)
        let pool = self.pool
        do {
            channel = try HTTPBootstrap.bind(
                group: group, host: options.host, port: options.port, backlog: 256,
                idleTimeout: .seconds(options.idleTimeoutSeconds),
                capacity: options.capacity
            ) { WitnessHTTPHandler(routes: routes, pool: pool) }
        } catch {
            try? pool.syncShutdownGracefully()
            try? group.syncShutdownGracefully()
            throw error
        }
    }

    /// The bound port (port 0 in the options picks a free one).
    public var localPort: Int { channel.localAddress?.port ?? 0 }

    /// Blocks until the server channel closes (after ``shutdown()``).
    public func wait() throws { try channel.closeFuture.wait() }

    /// Stops accepting, lets in-flight requests finish, and releases the threads.
    public func shutdown() {
        logger.info("shutting down")
        try? channel.close().wait()
        try? pool.syncShutdownGracefully()
        try? group.syncShutdownGracefully()
    }
}

/// One answer: status, media type, body.
struct WitnessAnswer: Sendable {
    let status: Int
    let type: String
    let body: [UInt8]

    static func text(_ status: Int, _ message: String) -> WitnessAnswer {
        WitnessAnswer(status: status, type: "text/plain; charset=utf-8", body: Array((message + "\n").utf8))
    }
}

/// The routes, shared by every connection; ``handle(method:path:body:)`` runs on a worker thread.
struct WitnessRoutes: Sendable {
    let witness: Witness
    let evidence: String
    let metrics: WitnessMetrics
    let accessLog: AccessLog?
    let logger: Logger
    let prefix: String
    let capacity: ServerCapacity
    /// Lower-case hex SHA-256 of each known origin → the origin (the monitoring path).
    let originByHash: [String: String]

    init(
        witness: Witness, evidence: String, metrics: WitnessMetrics, accessLog: AccessLog?, logger: Logger,
        prefix: String, capacity: ServerCapacity
    ) {
        self.witness = witness
        self.evidence = evidence
        self.metrics = metrics
        self.accessLog = accessLog
        self.logger = logger
        self.prefix = prefix
        self.capacity = capacity
        var map: [String: String] = [:]
        for origin in witness.logs.keys {
            if let digest = try? Digest.hash(.sha256, Array(origin.text.utf8)) { map[Hex.encode(digest)] = origin.text }
        }
        originByHash = map
    }

    var addPath: String { prefix + "/add-checkpoint" }

    /// The route name for metrics and the access log (never the raw path).
    func route(_ path: String) -> String {
        if path == addPath { return "add-checkpoint" }
        if path == "/healthz" || path == "/metrics" { return String(path.dropFirst()) }
        if monitoredOrigin(path) != nil { return "checkpoint" }
        return "other"
    }

    /// The origin of a `<prefix>/<hex>/checkpoint` path; nil for another path ("" for an
    /// unknown hash).
    func monitoredOrigin(_ path: String) -> String? {
        guard path.hasPrefix(prefix + "/"), path.hasSuffix("/checkpoint") else { return nil }
        let hex = path.dropFirst(prefix.count + 1).dropLast("/checkpoint".count)
        guard hex.utf8.count == 64, hex.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
        else { return nil }
        return originByHash[String(hex)] ?? ""
    }

    func handle(method: HTTPMethod, path: String, body: [UInt8]) -> WitnessAnswer {
        switch (method, path) {
        case (.GET, "/healthz"):
            return .text(200, "ok")
        case (.GET, "/metrics"):
            return WitnessAnswer(
                status: 200, type: "text/plain; version=0.0.4; charset=utf-8",
                body: metrics.render() + Array(capacity.prometheus(prefix: "evident_witness_").utf8))
        case (.POST, addPath):
            return addCheckpoint(body)
        case (_, addPath):
            return .text(405, "use POST")
        default:
            if let origin = monitoredOrigin(path) {
                guard method == .GET else { return .text(405, "use GET") }
                return checkpoint(origin)
            }
            return .text(404, "not found")
        }
    }

    func addCheckpoint(_ body: [UInt8]) -> WitnessAnswer {
        let response: Witness.Response
        do { response = try witness.addCheckpoint(body, now: UInt64(max(1, WallClock.seconds()))) } catch {
            logger.error("witness state", metadata: ["error": "\(error)"])
            return .text(500, "the witness state could not be read or written; nothing was cosigned")
        }
        switch response {
        case .cosigned(let lines, let record):
            metrics.counter("cosignatures").increment(by: Int64(lines.count))
            logger.debug("cosigned", metadata: ["size": "\(record.size)"])
            return WitnessAnswer(
                status: 200, type: "text/plain; charset=utf-8",
                body: Array(lines.map { $0.line + "\n" }.joined().utf8))
        case .conflict(let latest, let proof):
            metrics.counter("conflicts").increment()
            if let proof { keep(proof, reason: "a checkpoint of the cosigned size \(latest) with another root") }
            return WitnessAnswer(status: 409, type: "text/x.tlog.size", body: Array("\(latest)\n".utf8))
        case .refused(let status, let reason, let proof?):
            keep(proof, reason: reason)
            return WitnessAnswer(status: status, type: WitnessHTTPServer.equivocationType, body: proof.encode())
        case .refused(let status, let reason, nil):
            logger.info("refused", metadata: ["status": "\(status)", "reason": "\(reason)"])
            return .text(status, reason)
        }
    }

    /// Keeps an equivocation proof in the evidence directory, durably (before the answer).
    func keep(_ proof: EquivocationProof, reason: String) {
        let bytes = proof.encode()
        do {
            let name = Hex.encode(try Digest.hash(.sha256, bytes)) + ".equivocation"
            try DurableFile.write(bytes, to: evidence + "/" + name, mode: 0o644, existing: .replace)
            logger.warning("equivocation", metadata: ["reason": "\(reason)", "evidence": "\(name)"])
        } catch {
            logger.error("evidence not kept", metadata: ["error": "\(error)"])
        }
        metrics.counter("equivocations").increment()
    }

    func checkpoint(_ origin: String) -> WitnessAnswer {
        guard !origin.isEmpty else { return .text(404, "unknown log") }
        do {
            guard let record = try witness.store.record(origin: origin) else {
                return .text(404, "no checkpoint of this log was cosigned")
            }
            return WitnessAnswer(status: 200, type: "text/plain; charset=utf-8", body: record.note)
        } catch {
            logger.error("witness state", metadata: ["error": "\(error)"])
            return .text(500, "the witness state could not be read")
        }
    }
}

/// One connection: collects a request (body limit by route), answers it from a worker thread;
/// reading pauses while a request is in flight, so pipelined requests are answered in order.
final class WitnessHTTPHandler: ChannelDuplexHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    let routes: WitnessRoutes
    let pool: NIOThreadPool
    var collector: RequestCollector
    var busy = false
    var discarding = false

    init(routes: WitnessRoutes, pool: NIOThreadPool) {
        self.routes = routes
        self.pool = pool
        collector = RequestCollector(capacity: routes.capacity)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if discarding { return }
        let addPath = routes.addPath
        let outcome = collector.consume(unwrapInboundIn(data)) { h in
            h.method == .POST && Self.path(h) == addPath ? AddCheckpointRequest.maxBodySize : 0
        }
        let start = NIODeadline.now()
        switch outcome {
        case nil:
            return
        case .tooLarge(let h, let limit)?:
            discarding = true
            collector.release()
            send(context, h, .text(413, "request body larger than \(limit) bytes"), start: start, close: true)
        case .overBudget(let h)?:
            discarding = true
            collector.release()
            send(
                context, h, .text(503, "the server holds too many request bytes; retry later"), start: start,
                close: true)
        case .complete(let h, let body)?:
            busy = true
            let routes = self.routes
            let loop = context.eventLoop
            let ctx = NIOLoopBound(context, eventLoop: loop)
            let handler = NIOLoopBound(self, eventLoop: loop)
            let path = Self.path(h)
            pool.runIfActive(eventLoop: loop) { routes.handle(method: h.method, path: path, body: body) }
                .whenComplete { result in
                    let answer: WitnessAnswer
                    switch result {
                    case .success(let a): answer = a
                    case .failure: answer = .text(503, "shutting down")
                    }
                    handler.value.collector.release()
                    handler.value.send(ctx.value, h, answer, start: start)
                    handler.value.busy = false
                    ctx.value.read()
                }
        }
    }

    /// Holds reads back while a request is in flight.
    func read(context: ChannelHandlerContext) {
        if !busy { context.read() }
    }

    func channelInactive(context: ChannelHandlerContext) {
        collector.release()
        context.fireChannelInactive()
    }

    static func path(_ h: HTTPRequestHead) -> String {
        h.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? "/"
    }

    func send(
        _ context: ChannelHandlerContext, _ request: HTTPRequestHead, _ answer: WitnessAnswer, start: NIODeadline,
        close: Bool = false
    ) {
        let route = routes.route(Self.path(request))
        routes.metrics.request(route: route, status: answer.status)
        routes.accessLog?.record(
            method: request.method.rawValue, route: route, status: answer.status, bytes: answer.body.count,
            durationNanos: UInt64(max(0, (NIODeadline.now() - start).nanoseconds)), token: nil)
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: answer.type)
        headers.add(name: "Content-Length", value: String(answer.body.count))
        headers.add(name: "Cache-Control", value: "no-store")
        if answer.status == 405 { headers.add(name: "Allow", value: route == "add-checkpoint" ? "POST" : "GET") }
        let keepAlive = request.isKeepAlive && !close
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        let head = HTTPResponseHead(
            version: request.version, status: HTTPResponseStatus(statusCode: answer.status), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        var buffer = context.channel.allocator.buffer(capacity: answer.body.count)
        buffer.writeBytes(answer.body)
        context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            let channel = context.channel
            done.whenComplete { _ in channel.close(promise: nil) }
        }
    }
}
