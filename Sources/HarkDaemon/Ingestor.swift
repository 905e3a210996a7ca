import Foundation
import HarkCore
import HarkStore
import Logging
import Metrics
import ServiceLifecycle
import Synchronization

/// The single writer: commits what sources hand it, with group commit.
///
/// Requests that arrive while a commit runs wait and go together into the next transaction (at most
/// ``maximumBatchItems`` items), so an idle daemon commits at once, with no timer wait, and a busy one
/// pays one fsync for many requests. Each caller is answered only after its transaction committed.
public final class Ingestor: MentionSink, Service {
    private struct Pending {
        var batch: IngestBatch
        var continuation: CheckedContinuation<[IngestReceipt], any Error>
    }

    private struct Queue {
        var pending: [Pending] = []
        var closed = false
    }

    private let store: any InboxStore
    private let clock: any WallClock
    private let logger: Logger
    /// Upper bound of items in one transaction.
    public let maximumBatchItems: Int
    private let queue = Mutex(Queue())
    private let wakeups: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation
    private let healthy = Mutex(true)
    private let assessment = Mutex<MentionAssessment.Assess?>(nil)
    private let storedHandler = Mutex<(@Sendable () -> Void)?>(nil)
    private let commitsStarted = Atomic<Int>(0)
    private let draining = Atomic<Bool>(false)
    /// When the last commit ended, in milliseconds since `epoch`.
    private let lastCommitEnded = Atomic<Int>(Int.min / 2)
    private let epoch = ContinuousClock.now
    /// How long after a commit the ingestor still counts as busy (``isBusy``).
    private let busyAfterCommit: Duration

    private let commitTimer = Timer(label: "hark_commit_duration_seconds")
    private let batchSize = Recorder(label: "hark_commit_batch_requests")
    private let commitFailures = Counter(label: "hark_commit_failures_total")

    public init(
        store: any InboxStore, clock: any WallClock, logger: Logger, maximumBatchItems: Int = 500,
        busyAfterCommit: Duration = .seconds(1)
    ) {
        self.busyAfterCommit = busyAfterCommit
        self.store = store
        self.clock = clock
        self.logger = logger
        self.maximumBatchItems = max(1, maximumBatchItems)
        (wakeups, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Whether the last commit succeeded and the ingestor is accepting work.
    public var isHealthy: Bool {
        healthy.withLock { $0 } && !queue.withLock { $0.closed }
    }

    /// Whether the ingestor is committing now (requests are waiting for their transaction), or
    /// committed within the last `busyAfterCommit`. Background writers make way while it is
    /// (``BackgroundPace``). Under load the queue runs empty for moments between commits, while the
    /// next requests are read and assessed; the window keeps those moments from looking idle.
    public var isBusy: Bool {
        if isDraining { return true }
        let since = milliseconds(ContinuousClock.now - epoch) - lastCommitEnded.load(ordering: .relaxed)
        return since < milliseconds(busyAfterCommit)
    }

    /// Whether the drain loop is running (a commit in progress or about to start). Acquiring: a
    /// drain seen ended has its end time (`lastCommitEnded`) seen too.
    var isDraining: Bool {
        draining.load(ordering: .acquiring)
    }

    private func milliseconds(_ duration: Duration) -> Int {
        Int(duration.components.seconds) * 1_000 + Int(duration.components.attoseconds / 1_000_000_000_000_000)
    }

    /// How many commits the ingestor has started: a count that moves while work comes in.
    public var commitCount: Int {
        commitsStarted.load(ordering: .relaxed)
    }

    /// Assesses every mention submitted from now on that carries no assessment, in the
    /// submitting task (never on the single writer); `nil` stores mentions unassessed.
    public func useAssessment(_ assess: MentionAssessment.Assess?) {
        assessment.withLock { $0 = assess }
    }

    /// Calls `handler` after each commit that stored a new mention (the notifier looks at its
    /// outbox then).
    func onStored(_ handler: @escaping @Sendable () -> Void) {
        storedHandler.withLock { $0 = handler }
    }

    public func assessment(of draft: MentionDraft) -> Assessment? {
        assessment.withLock { $0 }?(draft)
    }

    public func submit(_ batch: IngestBatch) async throws -> [IngestReceipt] {
        let batch = MentionAssessment.apply(assessment.withLock { $0 }, to: batch)
        return try await withCheckedThrowingContinuation { continuation in
            let accepted = queue.withLock { queue -> Bool in
                guard !queue.closed else { return false }
                queue.pending.append(Pending(batch: batch, continuation: continuation))
                return true
            }
            if accepted {
                wake.yield()
            } else {
                continuation.resume(throwing: HarkError(.unavailable, "the daemon is shutting down"))
            }
        }
    }

    public func run() async throws {
        await withGracefulShutdownHandler {
            for await _ in wakeups {
                await drain()
            }
            // Closed: commit what is still queued, then stop.
            await drain()
        } onGracefulShutdown: {
            self.queue.withLock { $0.closed = true }
            self.wake.finish()
        }
    }

    private func drain() async {
        draining.store(true, ordering: .relaxed)
        defer {
            lastCommitEnded.store(milliseconds(ContinuousClock.now - epoch), ordering: .relaxed)
            draining.store(false, ordering: .releasing)
        }
        while true {
            let work = queue.withLock { queue -> [Pending] in
                var taken: [Pending] = []
                var items = 0
                while let next = queue.pending.first,
                    taken.isEmpty || items + next.batch.items.count <= maximumBatchItems
                {
                    taken.append(next)
                    items += next.batch.items.count
                    queue.pending.removeFirst()
                }
                return taken
            }
            guard !work.isEmpty else { return }
            await commit(work)
        }
    }

    private func commit(_ work: [Pending]) async {
        commitsStarted.add(1, ordering: .relaxed)
        batchSize.record(work.count)
        let started = ContinuousClock.now
        do {
            let receipts = try await store.commit(work.map(\.batch), at: clock.now())
            commitTimer.record(duration: ContinuousClock.now - started)
            healthy.withLock { $0 = true }
            for (pending, receipt) in zip(work, receipts) {
                pending.continuation.resume(returning: receipt)
            }
            if receipts.contains(where: { $0.contains { if case .stored = $0 { true } else { false } } }) {
                storedHandler.withLock { $0 }?()
            }
        } catch {
            // A store that works but refuses this batch (one input it cannot hold) must not fail
            // the requests that came with it: each is committed alone, and only the culprit fails.
            if work.count > 1, (error as? HarkError)?.code != .unavailable {
                logger.warning(
                    "a batch was refused; committing its requests one by one",
                    metadata: ["hark.requests": "\(work.count)", "hark.error": "\(error)"])
                for pending in work { await commit([pending]) }
                return
            }
            commitFailures.increment()
            healthy.withLock { $0 = false }
            logger.error(
                "commit failed; answering 503",
                metadata: ["hark.requests": "\(work.count)", "hark.error": "\(error)"])
            let failure = (error as? HarkError)?.code == .unavailable
                ? error : HarkError(.unavailable, "the store could not commit", cause: error)
            for pending in work {
                pending.continuation.resume(throwing: failure)
            }
        }
    }
}
