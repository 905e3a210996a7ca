import Foundation
import HarkCore
import HarkRecurrence
import HarkStore
import Logging
import ServiceLifecycle

/// Runs the recurrence engine over newly stored mentions: a batch of up to 500 once a second (while
/// the store changes: see ``IdleGate``), batches back to back while more wait (50 at a time, paced,
/// while ingest is busy: see ``BackgroundPace``). After a crash the pending list is where it
/// was, and a decision made twice comes out the same (derived ids). Of several instances sharing a
/// store, the one holding the recurrence lease does it.
struct RecurrenceService: Service {
    let engine: RecurrenceEngine
    let clock: any WallClock
    let logger: Logger
    /// Whether this instance does recurrence now (it holds the job's lease).
    let isActive: @Sendable () -> Bool
    let work: WorkMeter?
    let pace: BackgroundPace
    /// The store's ``HarkStore/InboxStore/localChangeCount``.
    let changes: @Sendable () -> Int?

    init(
        store: any InboxStore, clock: any WallClock, logger: Logger, work: WorkMeter? = nil,
        ingestBusy: @escaping @Sendable () -> Bool = { false }, isActive: @escaping @Sendable () -> Bool = { true }
    ) {
        engine = RecurrenceEngine(store: store)
        changes = { store.localChangeCount }
        self.clock = clock
        self.logger = logger
        self.isActive = isActive
        self.work = work
        pace = BackgroundPace(batch: 500, batchUnderLoad: 50, ingestBusy: ingestBusy)
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            var gate = IdleGate(changes: changes)
            while !Task.isCancelled {
                guard isActive() else {
                    try? await Task.sleep(for: .seconds(1))
                    continue
                }
                do {
                    try await gate.drainIfChanged(pace, work: work) { limit in
                        try await engine.processPending(limit: limit, at: clock.now())
                    }
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
