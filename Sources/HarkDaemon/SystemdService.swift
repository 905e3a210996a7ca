import HarkCore
import Logging
import ServiceLifecycle

/// Talks to systemd: `READY=1` once every listener serves, `WATCHDOG=1` while the store answers,
/// `STOPPING=1` when a graceful shutdown begins.
final class SystemdService: Service {
    private let notifier: SystemdNotifier
    private let listeners: Int
    private let started = AsyncStream<Void>.makeStream()
    private let isAlive: @Sendable () async -> Bool
    private let logger: Logger

    init(notifier: SystemdNotifier, listeners: Int, logger: Logger, isAlive: @escaping @Sendable () async -> Bool) {
        self.notifier = notifier
        self.listeners = listeners
        self.logger = logger
        self.isAlive = isAlive
    }

    /// Called by each HTTP listener once it is bound.
    func listenerStarted() {
        started.continuation.yield()
    }

    func run() async throws {
        await withGracefulShutdownHandler {
            var count = 0
            for await _ in started.stream {
                count += 1
                if count == listeners { break }
            }
            guard !Task.isShuttingDownGracefully else { return }
            notifier.notify("READY=1")
            // Start-up is over: the code only it ran need not stay resident.
            let released = MemoryTuning.releaseCodePages()
            logger.info(
                "ready",
                metadata: [
                    "hark.listeners": "\(listeners)", "hark.startup_code_released_kib": "\(released / 1024)",
                ])
            guard let interval = SystemdNotifier.watchdogInterval() else {
                try? await gracefulShutdown()
                return
            }
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                if await isAlive() { notifier.notify("WATCHDOG=1") }
                try? await Task.sleep(for: interval / 3)
            }
        } onGracefulShutdown: {
            self.notifier.notify("STOPPING=1")
            self.started.continuation.finish()
        }
    }
}
