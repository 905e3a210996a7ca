import Foundation
import HarkCore
import HarkRecurrence
import HarkStore
import Logging
import ServiceLifecycle

/// Runs the recurrence engine over newly stored mentions: a batch of up to 500 once a second,
/// batches back to back while more wait. After a crash the pending list is where it was, and a
/// decision made twice comes out the same (derived ids).
struct RecurrenceService: Service {
    let engine: RecurrenceEngine
    let clock: any WallClock
    let logger: Logger

    init(store: any InboxStore, clock: any WallClock, logger: Logger) {
        engine = RecurrenceEngine(store: store)
        self.clock = clock
        self.logger = logger
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    while try await engine.processPending(limit: 500, at: clock.now()) == 500, !Task.isCancelled {}
                } catch is CancellationError {
                    break
                } catch {
                    logger.warning("recurrence failed; retrying", metadata: ["hark.error": "\(error)"])
                }
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }
}
