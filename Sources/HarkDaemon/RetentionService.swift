import Foundation
import HarkCore
import HarkStore
import Logging
import ServiceLifecycle

/// Deletes raw input older than the configured number of days, at start and then hourly, and
/// every ten seconds hands unused heap (cheap with two arenas) and resident code pages back to the
/// system: code in use comes back at its next call (a minor fault per 64 KiB, a few hundred in all,
/// well under a millisecond), code that ran once (start-up, a rare path) stops counting.
struct RetentionService: Service {
    let store: any InboxStore
    let clock: any WallClock
    let days: Int
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let cutoff = clock.now().addingTimeInterval(-Double(days) * 86_400)
                do {
                    let purged = try await store.purgeRawInput(olderThan: cutoff)
                    if purged > 0 { logger.info("raw input purged", metadata: ["hark.count": "\(purged)"]) }
                } catch {
                    logger.warning("raw input purge failed", metadata: ["hark.error": "\(error)"])
                }
                for _ in 0..<360 where !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(10))
                    MemoryTuning.trim()
                    MemoryTuning.releaseCodePages()
                }
            }
        }
    }
}
