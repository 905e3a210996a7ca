import HarkCore
import Logging
import ServiceLifecycle
import Synchronization

/// Runs every polled source of the configuration (feeds, mailboxes), each on its own, and
/// replaces them when the configuration is reloaded (SIGHUP): the running polls are cancelled
/// (nothing uncommitted is kept) and the new set starts from the committed state.
final class SourceScheduler: Service, Sendable {
    private let initial: [any PolledSource]
    private let pending = Mutex<[any PolledSource]?>(nil)
    private let reloads: AsyncStream<Void>
    private let reload: AsyncStream<Void>.Continuation
    private let logger: Logger

    init(sources: [any PolledSource], logger: Logger) {
        initial = sources
        self.logger = logger
        (reloads, reload) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Replaces the running sources with `sources`.
    func replace(with sources: [any PolledSource]) {
        pending.withLock { $0 = sources }
        reload.yield()
    }

    func run() async throws {
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
                self.logger.notice("polled sources reloaded", metadata: ["hark.sources": "\(next.count)"])
                current = next
            }
        }
    }
}
