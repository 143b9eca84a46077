import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// The listening socket both HTTP servers use: HTTP/1.1 with NIO's error handling, TCP_NODELAY,
/// SO_REUSEADDR, an idle timeout (a connection with no read or write for `idleTimeout` is
/// closed, so idle or stalled clients cannot hold sockets forever), and one `makeHandler()` per
/// connection.
enum HTTPBootstrap {
    static let defaultIdleTimeout = TimeAmount.seconds(120)

    static func bind(
        group: MultiThreadedEventLoopGroup, host: String, port: Int, backlog: Int32,
        idleTimeout: TimeAmount = defaultIdleTimeout, connections: ConnectionLimit = ConnectionLimit(),
        makeHandler: @escaping @Sendable () -> any ChannelHandler & Sendable
    ) throws -> any Channel {
        try ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: backlog)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                // Over the connection cap: a 503 with Retry-After, then close (issue #13, item 1).
                guard connections.acquire() else { return channel.pipeline.addHandler(RefuseAsBusy()) }
                channel.closeFuture.whenComplete { _ in connections.release() }
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(IdleStateHandler(allTimeout: idleTimeout))
                    try channel.pipeline.syncOperations.addHandler(CloseWhenIdle())
                }.flatMap {
                    channel.pipeline.configureHTTPServerPipeline(withErrorHandling: true)
                }.flatMap {
                    channel.pipeline.addHandler(CloseOnProtocolError())
                }.flatMap {
                    channel.pipeline.addHandler(makeHandler())
                }
            }
            .bind(host: host, port: port).wait()
    }
}

/// A connection over the cap: once active, it is answered 503 with Retry-After and closed,
/// whatever it sends.
final class RefuseAsBusy: ChannelInboundHandler, Sendable {
    typealias InboundIn = NIOAny
    typealias OutboundOut = ByteBuffer

    func channelActive(context: ChannelHandlerContext) {
        let busy =
            "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: busy))).whenComplete { _ in
            channel.close(promise: nil)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}
}

/// Closes the connection on the idle event of the IdleStateHandler before it.
final class CloseWhenIdle: ChannelInboundHandler, Sendable {
    typealias InboundIn = NIOAny

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }
}

/// After a protocol error NIO's error handler answers 400 with `Connection: close`; this closes
/// the connection then, instead of leaving it open until the idle timeout (issue #13, item 7).
final class CloseOnProtocolError: ChannelInboundHandler, Sendable {
    typealias InboundIn = NIOAny

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if error is HTTPParserError {
            context.close(promise: nil)
        } else {
            context.fireErrorCaught(error)
        }
    }
}

/// The most connections a server holds at once (issue #13, item 1): one over it is answered 503
/// with Retry-After and closed, so descriptors and per-connection memory stay bounded. The
/// default leaves room below the process's descriptor limit (``ConnectionLimit/fromDescriptorLimit()``).
public final class ConnectionLimit: @unchecked Sendable {
    public let maximum: Int
    private var open = 0
    private var refusedCount = 0
    private let lock = NSLock()

    public init(maximum: Int = ConnectionLimit.fromDescriptorLimit()) { self.maximum = max(1, maximum) }

    /// Raises the soft descriptor limit to the hard one and leaves 64 descriptors for files,
    /// the store and the listener: the default cap.
    public static func fromDescriptorLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 960 }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
        }
        return max(16, Int(min(limit.rlim_cur, 1 << 20)) - 64)
    }

    func acquire() -> Bool {
        lock.withLock {
            guard open < maximum else {
                refusedCount += 1
                return false
            }
            open += 1
            return true
        }
    }

    func release() { lock.withLock { open -= 1 } }

    /// Connections open now, and refused at the cap so far.
    public var counts: (open: Int, refused: Int) { lock.withLock { (open, refusedCount) } }
}
