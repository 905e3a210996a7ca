import HarkStore
import Logging
import ServiceLifecycle

/// Fills the full-text index after the ingest commits, once a second (while the store changes: see
/// ``IdleGate``), in batches of up to 5,000 mentions (250 while ingest is busy, see
/// ``BackgroundPace``): one index write per batch instead of one per ingest transaction keeps the
/// webhook path short. Searches never miss a
/// mention: the store indexes what is pending before it searches.
struct SearchIndexer: Service {
    let store: any InboxStore
    let logger: Logger
    let work: WorkMeter?
    let pace: BackgroundPace

    init(
        store: any InboxStore, logger: Logger, work: WorkMeter? = nil,
        ingestBusy: @escaping @Sendable () -> Bool = { false }
    ) {
        self.store = store
        self.logger = logger
        self.work = work
        pace = BackgroundPace(batch: 5_000, batchUnderLoad: 250, ingestBusy: ingestBusy)
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            var gate = IdleGate(changes: { store.localChangeCount })
            while !Task.isCancelled {
                do {
                    try await gate.drainIfChanged(pace, work: work) { limit in
                        try await store.indexPendingSearchText(limit: limit)
                    }
                } catch {
                    logger.warning("search indexing failed; retrying", metadata: ["hark.error": "\(error)"])
                }
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }
}
