import Logging
import ServiceLifecycle
import Synchronization

/// Runs every feed source of the configuration, each as its own ``FeedSource``, and replaces them
/// when the configuration is reloaded (SIGHUP): the running polls are cancelled (nothing
/// uncommitted is kept) and the new set starts from the committed state.
public final class FeedScheduler: Service, Sendable {
    private let initial: [FeedSource]
    private let pending = Mutex<[FeedSource]?>(nil)
    private let reloads: AsyncStream<Void>
    private let reload: AsyncStream<Void>.Continuation
    private let logger: Logger

    public init(sources: [FeedSource], logger: Logger) {
        initial = sources
        self.logger = logger
        (reloads, reload) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Replaces the running feed sources with `sources`.
    public func replace(with sources: [FeedSource]) {
        pending.withLock { $0 = sources }
        reload.yield()
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            var current = self.initial
            var signals = self.reloads.makeAsyncIterator()
            while !Task.isCancelled {
                await withTaskGroup(of: Void.self) { group in
                    for source in current {
                        group.addTask { await source.pollUntilCancelled() }
                    }
                    // Wait here for a reload (or shutdown) while the sources poll.
                    _ = await signals.next()
                    group.cancelAll()
                }
                guard !Task.isCancelled, let next = self.pending.withLock({ $0.take() }) else { continue }
                self.logger.notice("feed sources reloaded", metadata: ["hark.feeds": "\(next.count)"])
                current = next
            }
        }
    }
}
