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
        idleTimeout: TimeAmount = defaultIdleTimeout,
        makeHandler: @escaping @Sendable () -> any ChannelHandler & Sendable
    ) throws -> any Channel {
        try ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: backlog)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
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
