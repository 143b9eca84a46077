import ArgumentParser
import EvidentServer
import Logging

/// What the two servers (`tsa serve`, `serve`) parse alike: the listen address and the logger.
enum ServerSetup {
    /// HOST:PORT (an IPv6 host in brackets), port 0…65535.
    static func listenAddress(_ listen: String) throws -> (host: String, port: Int) {
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]),
            (0...65535).contains(port)
        else {
            throw InputError("--listen: '\(listen)' is not HOST:PORT")
        }
        return (String(listen[..<colon]).trimmingCharacters(in: ["[", "]"]), port)
    }

    /// Logs to stderr at `level`; returns the logger `label`.
    static func logger(_ label: String, level text: String) throws -> Logger {
        guard let level = Logger.Level(rawValue: text) else { throw InputError("--log-level: unknown level '\(text)'") }
        LoggingSystem.bootstrap { label in
            var h = StreamLogHandler.standardError(label: label)
            h.logLevel = level
            return h
        }
        var logger = Logger(label: label)
        logger.logLevel = level
        return logger
    }
}

/// What both servers hold at most (issue #13, item 1): connections and buffered request bytes.
struct CapacityOptions: ParsableArguments {
    @Option(
        help:
            "Most connections at once; one more is answered 503 and closed (default: the descriptor limit, raised to its hard limit, less 64)."
    )
    var maxConnections: Int?
    @Option(
        help:
            "Most request-body bytes held in memory across all connections; a body that would pass it is answered 503 (default: 256 MiB)."
    )
    var maxBufferedBytes: Int = ServerCapacity.defaultMaxBufferedBytes

    func validate() throws {
        if let maxConnections, maxConnections < 1 { throw ValidationError("--max-connections must be ≥ 1") }
        guard maxBufferedBytes >= 0 else { throw ValidationError("--max-buffered-bytes must be ≥ 0") }
    }

    var capacity: ServerCapacity {
        ServerCapacity(
            maxConnections: maxConnections ?? ServerCapacity.fromDescriptorLimit(), maxBufferedBytes: maxBufferedBytes)
    }
}
