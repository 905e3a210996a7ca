import NIOCore
import NIOPosix
import Synchronization

/// A TCP listener that only counts the connections it accepts, then closes them: the canary of
/// the SSRF tests (reliability.md H3), bound on an address the fetcher must never reach.
public final class CanaryListener: Sendable {
    /// The address listened on (`127.0.0.2`, `::1`, ...).
    public let host: String
    /// The port listened on.
    public let port: Int
    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel
    private let counter: Counter
    private let stopped = Mutex(false)

    private init(host: String, port: Int, group: MultiThreadedEventLoopGroup, channel: any Channel, counter: Counter) {
        self.host = host
        self.port = port
        self.group = group
        self.channel = channel
        self.counter = counter
    }

    /// Starts listening on `host` and `port` (0: a free port). Throws when the address cannot be
    /// bound (e.g. `::1` on a host without IPv6), which tests turn into a skip.
    public static func start(host: String, port: Int = 0) async throws -> CanaryListener {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let counter = Counter()
        do {
            let channel = try await ServerBootstrap(group: group)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelInitializer { channel in
                    counter.count.withLock { $0 += 1 }
                    return channel.close()
                }
                .bind(host: host, port: port).get()
            guard let boundPort = channel.localAddress?.port else {
                try? await channel.close()
                throw FeedServerError(message: "the canary socket on \(host) has no port")
            }
            return CanaryListener(host: host, port: boundPort, group: group, channel: channel, counter: counter)
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
    }

    /// How many connections were accepted so far.
    public var acceptedCount: Int { counter.count.withLock { $0 } }

    /// `http://HOST:PORT` (IPv6 in brackets).
    public var baseURL: String {
        host.contains(":") ? "http://[\(host)]:\(port)" : "http://\(host):\(port)"
    }

    /// Stops listening and ends the listener's thread. Idempotent.
    public func stop() async throws {
        let alreadyStopped = stopped.withLock { stopped in
            defer { stopped = true }
            return stopped
        }
        guard !alreadyStopped else { return }
        try? await channel.close()
        try await group.shutdownGracefully()
    }

    private final class Counter: Sendable {
        let count = Mutex(0)
    }
}
