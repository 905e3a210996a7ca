/// How a background service that writes to the store (search indexing, recurrence) shares the single
/// writer with ingest.
///
/// SQLite has one writer, and a background transaction holds it for as long as its batch takes: a
/// batch of 500 recurrence decisions or 5,000 index entries kept webhooks waiting tens of
/// milliseconds behind it. So while the ingestor is busy (committing, or committed within the last
/// second), a background service writes small batches with a pause between them (a webhook waits
/// behind at most one small transaction, and ingest gets most of the writer); when ingest is quiet
/// it writes full batches back to back and catches up. Under sustained load the backlog grows and
/// is worked off when the load ends; it is never dropped.
struct BackgroundPace: Sendable {
    /// Batch size while ingest is quiet.
    var batch: Int
    /// Batch size while ingest is busy.
    var batchUnderLoad: Int
    /// Pause after a batch written while ingest was busy.
    var pauseUnderLoad: Duration = .milliseconds(250)
    /// Whether ingest is busy: committing, or committed moments ago (``Ingestor/isBusy``).
    var ingestBusy: @Sendable () -> Bool = { false }

    /// Runs `step` (write up to the given number of items; return how many) until it finds less than
    /// a full batch to do, noting each round that did something on `work`; returns how many items
    /// were written in all.
    @discardableResult
    func drain(work: WorkMeter?, _ step: (Int) async throws -> Int) async throws -> Int {
        var total = 0
        while !Task.isCancelled {
            let busy = ingestBusy()
            let limit = busy ? batchUnderLoad : batch
            let done = try await step(limit)
            total += done
            if done > 0 { work?.note() }
            guard done >= limit else { break }
            if busy { try? await Task.sleep(for: pauseUnderLoad) }
        }
        return total
    }
}

/// Lets a background service that looks for work once a second skip the look while nothing was
/// written to the store since its last look found nothing (``HarkStore/InboxStore/localChangeCount``).
///
/// An idle daemon then does no store work: no transactions, no connections reopened after the
/// quiet trim, no code paged back in. Another process writing to the same file (a command such as
/// `hark quarantine retry`) is not seen in the count, so the service still looks every
/// ``lookAnywayEvery``. Stores that cannot count (PostgreSQL, whose other instances write too) are
/// looked at every time.
struct IdleGate {
    let changes: @Sendable () -> Int?
    var lookAnywayEvery: Duration = .seconds(30)
    private var quietAt: Int?
    private var quietSince = ContinuousClock.now

    init(changes: @escaping @Sendable () -> Int?, lookAnywayEvery: Duration = .seconds(30)) {
        self.changes = changes
        self.lookAnywayEvery = lookAnywayEvery
    }

    /// Whether to look for work now; when it says yes, pass the count it returns to
    /// ``looked(at:foundWork:)``.
    mutating func shouldLook(now: ContinuousClock.Instant = .now) -> (look: Bool, count: Int?) {
        let count = changes()
        guard let count, count == quietAt, now - quietSince < lookAnywayEvery else { return (true, count) }
        return (false, count)
    }

    /// Drains `step` through `pace` if the gate says to look now, and records the look (a failed
    /// one as one that found work, so the next is not skipped).
    mutating func drainIfChanged(
        _ pace: BackgroundPace, work: WorkMeter?, _ step: (Int) async throws -> Int
    ) async throws {
        let (look, count) = shouldLook()
        guard look else { return }
        do {
            let done = try await pace.drain(work: work, step)
            looked(at: count, foundWork: done > 0)
        } catch {
            looked(at: count, foundWork: true)
            throw error
        }
    }

    /// Records a look. One that found nothing lets the next ones be skipped until the count moves;
    /// one that found work, or failed (say `true`), does not.
    mutating func looked(at count: Int?, foundWork: Bool, now: ContinuousClock.Instant = .now) {
        if foundWork || count == nil {
            quietAt = nil
        } else {
            quietAt = count
            quietSince = now
        }
    }
}
