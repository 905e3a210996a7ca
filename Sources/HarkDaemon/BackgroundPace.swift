/// How a background service that writes to the store (search indexing, recurrence) shares the single
/// writer with ingest.
///
/// SQLite has one writer, and a background transaction holds it for as long as its batch takes: a
/// batch of 500 recurrence decisions or 5,000 index entries kept webhooks waiting tens of
/// milliseconds behind it. So while the ingestor is committing, a background service writes small
/// batches with a pause between them (a webhook waits behind at most one small transaction, and
/// ingest gets most of the writer); when ingest is quiet it writes full batches back to back and
/// catches up. Under sustained load the backlog grows and is worked off when the load ends; it is
/// never dropped.
struct BackgroundPace: Sendable {
    /// Batch size while ingest is quiet.
    var batch: Int
    /// Batch size while ingest is committing.
    var batchUnderLoad: Int
    /// Pause after a batch written while ingest was committing.
    var pauseUnderLoad: Duration = .milliseconds(250)
    /// Whether ingest is committing now (``Ingestor/isBusy``).
    var ingestBusy: @Sendable () -> Bool = { false }

    /// Runs `step` (write up to the given number of items; return how many) until it finds less than
    /// a full batch to do, noting each round that did something on `work`.
    func drain(work: WorkMeter?, _ step: (Int) async throws -> Int) async throws {
        while !Task.isCancelled {
            let busy = ingestBusy()
            let limit = busy ? batchUnderLoad : batch
            let done = try await step(limit)
            if done > 0 { work?.note() }
            guard done >= limit else { return }
            if busy { try? await Task.sleep(for: pauseUnderLoad) }
        }
    }
}
