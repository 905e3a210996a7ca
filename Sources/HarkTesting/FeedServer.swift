import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A real HTTP/1.1 server on loopback that serves feeds, for tests of the fetcher and of the feed
/// poller: routes by path, records every request, and can misbehave on purpose (slow drips,
/// endless bodies, `Content-Length` lies, stalls; see ``Behaviour``).
///
/// ```swift
/// let server = try await FeedServer.start()
/// server.route("/feed.xml") { _ in .feed(xml, etag: "\"v1\"") }
/// // ... fetch server.baseURL + "/feed.xml" ...
/// try await server.stop()
/// ```
/// Every server must be stopped (or use ``withFeedServer(host:_:)``): its event-loop thread lives
/// until ``stop()``.
public final class FeedServer: Sendable {
    /// A route's handler: a response value for each request.
    public typealias Handler = @Sendable (Request) -> Response

    struct State {
        var routes: [String: Handler] = [:]
        var requests: [String: [Request]] = [:]
        var stopped = false
    }

    /// The address the server listens on (`127.0.0.1`, `::1`, ...).
    public let host: String
    /// The TCP port the system chose.
    public let port: Int
    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel
    let state: Mutex<State>

    private init(host: String, port: Int, group: MultiThreadedEventLoopGroup, channel: any Channel) {
        self.host = host
        self.port = port
        self.group = group
        self.channel = channel
        self.state = Mutex(State())
    }

    /// Starts a server on `host` and a free port, on its own event-loop thread.
    public static func start(host: String = "127.0.0.1") async throws -> FeedServer {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let routes = FeedServerRouter()
        do {
            let channel = try await ServerBootstrap(group: group)
                .serverChannelOption(.backlog, value: 256)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline(
                            withPipeliningAssistance: false,
                            withErrorHandling: true
                        )
                        try channel.pipeline.syncOperations.addHandler(FeedServerHandler(router: routes))
                    }
                }
                .bind(host: host, port: 0).get()
            guard let port = channel.localAddress?.port else {
                try? await channel.close()
                throw FeedServerError(message: "the server socket on \(host) has no port")
            }
            let server = FeedServer(host: host, port: port, group: group, channel: channel)
            routes.server.withLock { $0 = server }
            return server
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
    }

    /// `http://HOST:PORT` (IPv6 hosts in brackets), without a trailing slash.
    public var baseURL: String {
        host.contains(":") ? "http://[\(host)]:\(port)" : "http://\(host):\(port)"
    }

    /// `baseURL` followed by `path` (which starts with `/`).
    public func url(_ path: String) -> String { baseURL + path }

    /// `host:port` as an allow-list entry (`127.0.0.1:8081`, `[::1]:8081`) for the address policy.
    public var allowEntry: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// Answers requests for `path` (without the query; the query is ignored when matching) with
    /// `handler`, replacing an earlier route for the same path. Unknown paths get `404`.
    public func route(_ path: String, _ handler: @escaping Handler) {
        state.withLock { $0.routes[path] = handler }
    }

    /// Answers `path` always with `response`.
    public func route(_ path: String, _ response: Response) {
        route(path) { _ in response }
    }

    /// The requests received for `path` (matched without the query), oldest first.
    public func requests(_ path: String) -> [Request] {
        state.withLock { $0.requests[path] ?? [] }
    }

    /// How many requests arrived for `path` (matched without the query).
    public func requestCount(_ path: String) -> Int {
        state.withLock { $0.requests[path]?.count ?? 0 }
    }

    /// How many requests arrived in all, for any path.
    public var totalRequestCount: Int {
        state.withLock { $0.requests.values.reduce(0) { $0 + $1.count } }
    }

    /// Closes the listener and every open connection and ends the server's thread. Idempotent.
    public func stop() async throws {
        let alreadyStopped = state.withLock { state in
            defer { state.stopped = true }
            return state.stopped
        }
        guard !alreadyStopped else { return }
        try? await channel.close()
        try await group.shutdownGracefully()
    }

    /// Records `request` and picks the response its route gives (404 when none).
    func respond(to request: Request) -> Response {
        let key = request.pathWithoutQuery
        let handler = state.withLock { state -> Handler? in
            state.requests[key, default: []].append(request)
            return state.routes[key]
        }
        guard let handler else {
            return .status(404, headers: [("Content-Type", "text/plain")], body: Data("no route for \(key)\n".utf8))
        }
        return handler(request)
    }
}

/// Starts a ``FeedServer``, runs `body` with it and stops it, also when `body` throws.
public func withFeedServer<T: Sendable>(
    host: String = "127.0.0.1",
    _ body: (FeedServer) async throws -> T
) async throws -> T {
    let server = try await FeedServer.start(host: host)
    do {
        let result = try await body(server)
        try await server.stop()
        return result
    } catch {
        try? await server.stop()
        throw error
    }
}

/// The server could not start.
public struct FeedServerError: Error, Sendable, CustomStringConvertible {
    /// What failed.
    public var message: String
    public var description: String { message }
}

/// Hands the connection handlers their server once it exists (the bootstrap's initializer is
/// created before the server value).
final class FeedServerRouter: Sendable {
    let server = Mutex<FeedServer?>(nil)

    func respond(to request: FeedServer.Request) -> FeedServer.Response {
        guard let server = server.withLock({ $0 }) else { return .status(503) }
        return server.respond(to: request)
    }
}
