import Foundation
import HarkCore
import HarkStore
import Logging
import ServiceLifecycle

/// Deletes raw input older than the configured number of days, at start and then hourly.
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
                try? await Task.sleep(for: .seconds(3_600))
            }
        }
    }
}
