import Foundation
import HarkCore
@testable import HarkDaemon
import HarkStore
import HarkTesting
import Logging
import Synchronization
import Testing

/// How background writers make way for ingest (`BackgroundPace`), how the daemon gives memory back
/// when it goes quiet (`MemoryTrimService`), and the store's `releaseMemory` on every store.
@Suite struct HousekeepingPaceTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// A backlog that a step works off: it hands out at most `limit` items per call.
    final class Backlog: Sendable {
        let left: Mutex<Int>
        let limits = Mutex<[Int]>([])
        init(_ count: Int) { left = Mutex(count) }
        func take(_ limit: Int) -> Int {
            limits.withLock { $0.append(limit) }
            return left.withLock { left in
                let taken = min(limit, left)
                left -= taken
                return taken
            }
        }
    }

    @Test func quietIngestGetsFullBatchesBackToBack() async throws {
        let backlog = Backlog(1_234)
        let work = WorkMeter()
        let pace = BackgroundPace(batch: 500, batchUnderLoad: 50, ingestBusy: { false })
        try await pace.drain(work: work) { backlog.take($0) }
        #expect(backlog.limits.withLock { $0 } == [500, 500, 500])
        #expect(backlog.left.withLock { $0 } == 0)
        #expect(work.count == 3)
    }

    @Test func busyIngestGetsSmallBatchesAndNothingIsDropped() async throws {
        let backlog = Backlog(120)
        let busy = Atomic<Bool>(true)
        let work = WorkMeter()
        let pace = BackgroundPace(
            batch: 500, batchUnderLoad: 50, pauseUnderLoad: .milliseconds(1), ingestBusy: { busy.load(ordering: .relaxed) })
        try await pace.drain(work: work) { limit in
            defer { if backlog.limits.withLock({ $0.count }) == 2 { busy.store(false, ordering: .relaxed) } }
            return backlog.take(limit)
        }
        // Two small batches while ingest commits, then the rest at once when it has gone quiet.
        #expect(backlog.limits.withLock { $0 } == [50, 50, 500])
        #expect(backlog.left.withLock { $0 } == 0)
        #expect(work.count == 3)
    }

    /// The trim gives back pages of code and read-only data of the running process (this test's,
    /// beside the other tests running in it), and everything works on as before: code, constant
    /// data and the data relocated at load time (witness tables, metadata) come back when used.
    @Test func releasedCodeAndDataComeBackWhenUsed() throws {
        func work() throws -> String {
            let encoded = try JSONEncoder().encode(["a": [1, 2, 3], "b": [4]])
            let decoded = try JSONDecoder().decode([String: [Int]].self, from: encoded)
            let values: [any CustomStringConvertible] = [decoded["a"]?.count ?? 0, 2.5, "x", Date(timeIntervalSince1970: 0)]
            return values.map(\.description).joined(separator: "|") + String(format: "%.2f", 1.0 / 3)
        }
        let before = try work()
        let released = MemoryTuning.releaseCodePages()
        #if canImport(Glibc)
        #expect(released > 0)
        #endif
        #expect(try work() == before)
        // Again, with the pages just brought back.
        MemoryTuning.releaseCodePages()
        #expect(try work() == before)
    }

    @Test func nothingToDoIsNotWork() async throws {
        let work = WorkMeter()
        try await BackgroundPace(batch: 10, batchUnderLoad: 5).drain(work: work) { _ in 0 }
        #expect(work.count == 0)
    }

    @Test(arguments: [false, true])
    func ingestorIsBusyWhileItCommitsAndForItsWindowAfter(longWindow: Bool) async throws {
        let store = MemoryInboxStore()
        // An hour stays busy however slow the machine; no window goes idle once the drain ends.
        let ingestor = Ingestor(
            store: store, clock: SystemWallClock(), logger: Logger(label: "test"),
            busyAfterCommit: longWindow ? .seconds(3_600) : .zero)
        #expect(!ingestor.isBusy, "no commit yet")
        #expect(ingestor.commitCount == 0)
        let runner = Task { try await ingestor.run() }
        defer { runner.cancel() }
        let draft = Fixtures.webhookDraft(delivery: "d1", externalID: "r1", text: "Late again")
        let receipts = try await ingestor.submit(IngestBatch(source: draft.source, items: [.mention(draft, nil)]))
        guard case .stored = receipts.first else { Issue.record("not stored: \(receipts)"); return }
        #expect(ingestor.commitCount == 1)
        // The drain loop ends just after the answer: wait for it, bounded.
        for _ in 0..<500 where ingestor.isDraining { try await Task.sleep(for: .milliseconds(10)) }
        #expect(!ingestor.isDraining)
        #expect(ingestor.isBusy == longWindow)
    }

    @Test func memoryIsGivenBackWhenWorkStops() async throws {
        let activity = Atomic<Int>(0)
        let releases = Atomic<Int>(0)
        let service = MemoryTrimService(
            activities: [{ activity.load(ordering: .relaxed) }],
            releaseCaches: { releases.add(1, ordering: .relaxed) },
            checkEvery: .milliseconds(5), trimEvery: .seconds(3_600))
        let runner = Task { await service.watch() }
        defer { runner.cancel() }
        // No work yet: nothing to give back (the ten-second round is an hour here).
        try await Task.sleep(for: .milliseconds(50))
        #expect(releases.load(ordering: .relaxed) == 0)
        // A spell of work, then quiet: the caches go once, not again while it stays quiet.
        activity.add(3, ordering: .relaxed)
        for _ in 0..<500 where releases.load(ordering: .relaxed) == 0 { try await Task.sleep(for: .milliseconds(10)) }
        #expect(releases.load(ordering: .relaxed) == 1)
        try await Task.sleep(for: .milliseconds(50))
        #expect(releases.load(ordering: .relaxed) == 1)
        activity.add(1, ordering: .relaxed)
        for _ in 0..<500 where releases.load(ordering: .relaxed) == 1 { try await Task.sleep(for: .milliseconds(10)) }
        #expect(releases.load(ordering: .relaxed) == 2)
    }

    @Test func theHeapGoesBackWhenRequestsStopWhileBackgroundWorkGoesOn() async throws {
        let requests = Atomic<Int>(0)
        // Background work that has moved at every look until told to stop: no timing involved.
        let background = Atomic<Int>(0)
        let backgroundWorks = Atomic<Bool>(true)
        let releases = Atomic<Int>(0)
        let trims = Atomic<Int>(0)
        let service = MemoryTrimService(
            activities: [
                { requests.load(ordering: .relaxed) },
                {
                    backgroundWorks.load(ordering: .relaxed)
                        ? background.add(1, ordering: .relaxed).newValue : background.load(ordering: .relaxed)
                },
            ],
            releaseCaches: { releases.add(1, ordering: .relaxed) },
            checkEvery: .milliseconds(5), trimEvery: .seconds(3_600), trim: { trims.add(1, ordering: .relaxed) })
        let runner = Task { await service.watch() }
        defer { runner.cancel() }
        // A burst of requests ends while the background goes on: the heap goes back, the caches stay.
        // (Bursts again, bounded, until one is seen: the watcher may start after the first.)
        for _ in 0..<50 where trims.load(ordering: .relaxed) == 0 {
            requests.add(1, ordering: .relaxed)
            for _ in 0..<10 where trims.load(ordering: .relaxed) == 0 { try await Task.sleep(for: .milliseconds(10)) }
        }
        #expect(trims.load(ordering: .relaxed) >= 1)
        #expect(releases.load(ordering: .relaxed) == 0, "the caches stay while background work goes on")
        // The background stops too: now the caches go, once.
        backgroundWorks.store(false, ordering: .relaxed)
        for _ in 0..<500 where releases.load(ordering: .relaxed) == 0 { try await Task.sleep(for: .milliseconds(10)) }
        #expect(releases.load(ordering: .relaxed) == 1)
    }

    @Test(arguments: StoreKind.allCases)
    func aStoreWorksOnAfterGivingMemoryBack(kind: StoreKind) async throws {
        let store = try await kind.make()
        let first = Fixtures.webhookDraft(delivery: "d1", externalID: "r1", text: "Fakturaen er feil")
        _ = try await store.commit([IngestBatch(source: first.source, items: [.mention(first, nil)])], at: now)
        #expect(try await store.mentions(MentionQuery()).items.count == 1)
        await store.releaseMemory()
        let second = Fixtures.webhookDraft(delivery: "d2", externalID: "r2", text: "Pakken kom aldri")
        let receipts = try await store.commit([IngestBatch(source: second.source, items: [.mention(second, nil)])], at: now)
        guard case .stored = receipts.first?.first else { Issue.record("not stored: \(receipts)"); return }
        #expect(try await store.mentions(MentionQuery()).items.count == 2)
        #expect(try await store.commit([IngestBatch(source: first.source, items: [.mention(first, nil)])], at: now)
            .first?.first.map { if case .duplicate = $0 { true } else { false } } == true)
    }
}
