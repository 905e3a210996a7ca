import HarkStore
import Logging
import ServiceLifecycle

/// Fills the full-text index after the ingest commits, in batches of up to 5,000 mentions once a
/// second: one index write per batch instead of one per ingest transaction keeps the webhook path
/// short. Searches never miss a mention: the store indexes what is pending before it searches.
struct SearchIndexer: Service {
    let store: any InboxStore
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    while try await store.indexPendingSearchText(limit: 5000) == 5000 {}
                } catch {
                    logger.warning("search indexing failed; retrying", metadata: ["hark.error": "\(error)"])
                }
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }
}
