import Foundation
import HarkCore
import Logging
import ServiceLifecycle

/// One feed source as a long-running `Service`: polls at the adaptive interval until shutdown.
///
/// A failing feed only delays itself: each source runs on its own, and a fetch has its own timeouts.
public struct FeedSource: Service, PolledSource {
    public let poller: FeedPoller

    public var id: SourceID { poller.settings.id }

    public init(poller: FeedPoller) {
        self.poller = poller
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown { await self.pollUntilCancelled() }
    }

    /// Polls until the task is cancelled (shutdown, or a reload that replaces this source).
    public func pollUntilCancelled() async {
        do {
            try await loop()
        } catch {
            // Only cancellation ends the loop: what was committed stays; nothing half-done is kept.
        }
    }

    private func loop() async throws {
        let settings = poller.settings
        var memory = FeedPoller.Memory(state: try await loadState(), settings: settings)
        poller.logger.info(
            "polling feed", metadata: ["hark.source": "\(settings.id)", "feed.interval": "\(memory.interval)"])
        while !Task.isCancelled {
            let delay = try await poller.poll(&memory)
            try await Task.sleep(for: delay)
        }
    }

    /// The committed state; a store that cannot be read is retried, never skipped (a fresh state
    /// would only cost one full fetch, but the validators would be lost for nothing).
    private func loadState() async throws -> FeedState {
        var wait = Duration.seconds(1)
        while true {
            do {
                return FeedState(try await poller.ledger.sourceState(poller.settings.id))
            } catch {
                poller.logger.warning(
                    "cannot read the feed's state; retrying",
                    metadata: ["hark.source": "\(poller.settings.id)", "hark.error": "\(error)"])
                try await Task.sleep(for: wait)
                wait = min(wait * 2, .seconds(60))
            }
        }
    }
}
