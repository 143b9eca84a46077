import NIOCore
import NIOHTTP1
import NIOPosix

/// The listening socket both HTTP servers use: HTTP/1.1 with NIO's error handling, TCP_NODELAY,
/// SO_REUSEADDR, and one `makeHandler()` per connection.
enum HTTPBootstrap {
    static func bind(group: MultiThreadedEventLoopGroup, host: String, port: Int, backlog: Int32,
                     makeHandler: @escaping @Sendable () -> any ChannelHandler & Sendable) throws -> any Channel {
        try ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: backlog)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline(withErrorHandling: true).flatMap {
                    channel.pipeline.addHandler(makeHandler())
                }
            }
            .bind(host: host, port: port).wait()
    }
}
