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
        idleTimeout: TimeAmount = defaultIdleTimeout, capacity: ServerCapacity,
        makeHandler: @escaping @Sendable () -> any ChannelHandler & Sendable
    ) throws -> any Channel {
        ServerCapacity.returnFreedMemory()
        return try ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: backlog)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            // Failed accepts (EMFILE and the like) pause accepting instead of spinning (issue #13, item 3).
            .serverChannelInitializer { channel in channel.pipeline.addHandler(AcceptBackoff(capacity: capacity)) }
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                // Over the connection cap: a 503 with Retry-After, then close (issue #13, item 1).
                guard capacity.acquireConnection() else { return channel.pipeline.addHandler(RefuseAsBusy()) }
                channel.closeFuture.whenComplete { _ in capacity.releaseConnection() }
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

/// On the listening socket (issue #13, item 3): when accept fails with a recoverable error
/// (EMFILE, ENFILE, ENOBUFS, ENOMEM, ECONNABORTED), it counts it and stops watching the socket
/// for a while — 10 ms, doubling to one second while it keeps failing — then accepts again by
/// itself; connections already open are served all along. (NIO's AcceptBackoffHandler does not
/// help here: after a failed accept the channel's read stays pending, so the backoff is never
/// consulted and the level-triggered poll spins a core.) Turning autoRead off unregisters the
/// socket from the poll; turning it on registers it again.
final class AcceptBackoff: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = NIOAny
    let capacity: ServerCapacity
    private var pause = TimeAmount.milliseconds(10)
    private var paused = false

    init(capacity: ServerCapacity) { self.capacity = capacity }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard error is IOError else { return context.fireErrorCaught(error) }
        capacity.acceptFailed()
        guard !paused else { return }
        paused = true
        let channel = context.channel
        let wait = pause
        pause = min(pause * 2, .seconds(1))
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        channel.setOption(ChannelOptions.autoRead, value: false).whenComplete { _ in
            channel.eventLoop.scheduleTask(in: wait) {
                handler.value.paused = false
                channel.setOption(ChannelOptions.autoRead, value: true).whenComplete { _ in }
            }
        }
    }

    /// An accepted connection: the descriptors are back, the next pause starts short again.
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        pause = .milliseconds(10)
        context.fireChannelRead(data)
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
