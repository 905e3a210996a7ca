import HarkStore
import Logging
import ServiceLifecycle

/// Fills the full-text index after the ingest commits, once a second, in batches of up to 5,000
/// mentions (250 while ingest is committing, see ``BackgroundPace``): one index write per batch
/// instead of one per ingest transaction keeps the webhook path short. Searches never miss a
/// mention: the store indexes what is pending before it searches.
struct SearchIndexer: Service {
    let store: any InboxStore
    let logger: Logger
    var work: WorkMeter?
    var pace = BackgroundPace(batch: 5_000, batchUnderLoad: 250)

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await pace.drain(work: work) { limit in try await store.indexPendingSearchText(limit: limit) }
                } catch {
                    logger.warning("search indexing failed; retrying", metadata: ["hark.error": "\(error)"])
                }
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }
}
