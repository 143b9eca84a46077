import EvidentLedger
import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO

/// A bounded set of connections to one server, used from ordinary (blocking) threads: the ledger
/// store's API is synchronous like the SQLite one, so each call borrows a connection, runs its
/// statements, waits for the answers and gives the connection back. The I/O itself runs on
/// SwiftNIO event loops owned here, never on the caller's thread (so waiting cannot deadlock).
/// A connection that failed is dropped, never reused in an unknown state.
final class PostgresSession: @unchecked Sendable {
    let location: PostgresLocation
    let configuration: PostgresConnection.Configuration
    let group: MultiThreadedEventLoopGroup
    let logger: Logger
    private let condition = NSCondition()
    private var idle: [PostgresConnection] = []
    private var open = 0
    private var nextID = 0
    private var closed = false

    init(location: PostgresLocation) throws {
        self.location = location
        configuration = try location.configuration()
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        var logger = Logger(label: "evident.postgres")
        logger.logLevel = .critical
        self.logger = logger
    }

    deinit {
        for c in idle { let done: EventLoopFuture<Void> = c.close(); try? done.wait() }
        try? group.syncShutdownGracefully()
    }

    /// Runs `body` with a connection of its own; a failure closes that connection.
    @discardableResult
    func withConnection<T>(_ body: (Connection) throws -> T) throws -> T {
        let raw = try checkout()
        let c = Connection(raw: raw, logger: logger, location: location)
        do {
            let result = try body(c)
            checkin(raw, healthy: !c.broken)
            return result
        } catch {
            checkin(raw, healthy: false)
            throw error
        }
    }

    /// Runs `body` inside one transaction: COMMIT when it returns (durable when this returns:
    /// `synchronous_commit` is the server's, on by default), ROLLBACK when it throws.
    func transaction<T>(_ body: (Connection) throws -> T) throws -> T {
        try withConnection { c in
            try c.execute("BEGIN")
            let result: T
            do { result = try body(c) } catch {
                if !c.broken { try? c.execute("ROLLBACK") }
                throw error
            }
            try c.execute("COMMIT")
            return result
        }
    }

    private func checkout() throws -> PostgresConnection {
        condition.lock()
        while idle.isEmpty && open >= location.poolSize && !closed { condition.wait() }
        // An idle connection the server closed meanwhile (restart, idle timeout, terminated
        // backend) is dropped here rather than failing the caller's first statement.
        while let c = idle.popLast() {
            if c.isClosed {
                open -= 1
                continue
            }
            condition.unlock()
            return c
        }
        open += 1
        nextID += 1
        let id = nextID
        condition.unlock()
        do {
            return try PostgresConnection.connect(
                on: group.next(), configuration: configuration, id: id, logger: logger
            ).wait()
        } catch {
            condition.lock()
            open -= 1
            condition.signal()
            condition.unlock()
            throw LedgerStoreError(.io, "cannot connect to \(location): \(PostgresSession.describe(error))")
        }
    }

    private func checkin(_ c: PostgresConnection, healthy: Bool) {
        condition.lock()
        if healthy && !c.isClosed {
            idle.append(c)
        } else {
            open -= 1
            // The connection must outlive its close (postgres-nio asserts on it).
            let done: EventLoopFuture<Void> = c.close()
            done.whenComplete { _ in withExtendedLifetime(c) {} }
        }
        condition.signal()
        condition.unlock()
    }

    func close() {
        condition.lock()
        closed = true
        let all = idle
        idle = []
        condition.broadcast()
        condition.unlock()
        for c in all { let done: EventLoopFuture<Void> = c.close(); try? done.wait() }
    }

    /// The server's own message for server errors (PSQLError hides it from `description`).
    static func describe(_ error: any Error) -> String {
        guard let e = error as? PSQLError else { return "\(error)" }
        if let info = e.serverInfo, let message = info[.message] {
            return [info[.sqlState].map { "SQLSTATE \($0)" }, message, info[.detail]].compactMap { $0 }.joined(
                separator: ": ")
        }
        return "\(e.code)"
    }

    /// The SQLSTATE of a server error, if that is what `error` is.
    static func sqlState(_ error: any Error) -> String? { (error as? PSQLError)?.serverInfo?[.sqlState] }

    /// One borrowed connection.
    struct Connection {
        let raw: PostgresConnection
        let logger: Logger
        let location: PostgresLocation
        private let state = State()
        final class State { var broken = false }
        var broken: Bool { state.broken }

        /// Runs one statement and returns its rows.
        @discardableResult
        func query(_ q: PostgresQuery) throws -> [PostgresRow] {
            do {
                return Array(try bounded(raw.query(q, logger: logger)).wait().rows)
            } catch let e as QueryTimeout {
                state.broken = true
                throw LedgerStoreError(.io, "\(location): no answer within \(e.seconds) s (query_timeout)")
            } catch {
                // A server error (constraint, syntax) leaves the connection usable but the
                // transaction aborted; anything else (I/O) leaves it unknown. Either way the
                // caller's transaction is over, and the connection is not reused.
                if PostgresSession.sqlState(error) == nil { state.broken = true }
                throw LedgerStoreError(.io, "\(location): \(PostgresSession.describe(error))")
            }
        }

        func execute(_ sql: String) throws { try query(PostgresQuery(unsafeSQL: sql)) }

        struct QueryTimeout: Error { let seconds: Int }

        /// `future`, or a failure after the location's query timeout: a statement sent on a
        /// connection that died can otherwise wait forever (seen with postgres-nio when the
        /// server terminated the backend), and a stuck caller is worse than a failed one.
        func bounded<T: Sendable>(_ future: EventLoopFuture<T>) -> EventLoopFuture<T> {
            let loop = future.eventLoop
            let promise = loop.makePromise(of: T.self)
            let seconds = location.queryTimeoutSeconds
            loop.execute {
                let done = NIOLoopBoundBox(false, eventLoop: loop)
                let timer = loop.scheduleTask(in: .seconds(Int64(seconds))) {
                    guard !done.value else { return }
                    done.value = true
                    promise.fail(QueryTimeout(seconds: seconds))
                }
                future.whenComplete { result in
                    guard !done.value else { return }
                    done.value = true
                    timer.cancel()
                    promise.completeWith(result)
                }
            }
            return promise.futureResult
        }
    }
}

extension PostgresRow {
    /// The column `name` decoded as `T` (store corruption if it is not).
    func get<T: PostgresDecodable>(_ name: String, _ type: T.Type = T.self) throws -> T {
        do { return try makeRandomAccess()[name].decode(T.self) } catch {
            throw LedgerStoreError(.corrupt, "column \(name): \(error)")
        }
    }

    func bytes(_ name: String) throws -> [UInt8] {
        var b: ByteBuffer = try get(name)
        return b.readBytes(length: b.readableBytes) ?? []
    }

    func optionalBytes(_ name: String) throws -> [UInt8]? {
        guard var b: ByteBuffer = try get(name, ByteBuffer?.self) else { return nil }
        return b.readBytes(length: b.readableBytes) ?? []
    }
}

extension PostgresBindings {
    mutating func append(bytes: [UInt8]) { append(ByteBuffer(bytes: bytes)) }
    mutating func append(bytes: [UInt8]?) {
        if let bytes { append(ByteBuffer(bytes: bytes)) } else { appendNull() }
    }
}
