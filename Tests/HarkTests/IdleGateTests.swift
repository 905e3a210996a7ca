import Foundation
import GRDB
import HarkCore
@testable import HarkDaemon
import HarkStore
@testable import HarkStoreSQLite
import HarkTesting
import Synchronization
import Testing

/// An idle daemon does no store work: background services skip their once-a-second look while the
/// store reports no change (`IdleGate`), and the SQLite store counts only the changes that can mean
/// work for them, not a lease renewed or a poll that found nothing.
@Suite struct IdleGateTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func aStoreThatCannotCountIsLookedAtEveryTime() {
        var gate = IdleGate(changes: { nil })
        for _ in 0..<3 {
            let (look, count) = gate.shouldLook()
            #expect(look && count == nil)
            gate.looked(at: count, foundWork: false)
        }
    }

    @Test func nothingFoundAtAStillCountSkipsUntilTheCountMoves() {
        let changes = Atomic<Int>(7)
        let start = ContinuousClock.now
        var gate = IdleGate(changes: { changes.load(ordering: .relaxed) }, lookAnywayEvery: .seconds(30))
        var (look, count) = gate.shouldLook(now: start)
        #expect(look, "the first time, always")
        gate.looked(at: count, foundWork: false, now: start)
        (look, count) = gate.shouldLook(now: start + .seconds(1))
        #expect(!look, "nothing was written since nothing was found")
        changes.store(8, ordering: .relaxed)
        (look, count) = gate.shouldLook(now: start + .seconds(2))
        #expect(look && count == 8)
        // Work found: the service's own writes follow, so it looks again whatever the count says.
        gate.looked(at: count, foundWork: true, now: start + .seconds(2))
        (look, count) = gate.shouldLook(now: start + .seconds(3))
        #expect(look)
        gate.looked(at: count, foundWork: false, now: start + .seconds(3))
        #expect(!gate.shouldLook(now: start + .seconds(32)).look)
        // Another process may have written to the same file: a look anyway, now and then.
        #expect(gate.shouldLook(now: start + .seconds(33)).look)
    }

    /// What the services call: the step runs only when the gate says to look, and a failed drain
    /// is tried again the next time.
    @Test func drainIfChangedSkipsAndRetriesAsTheGateSays() async throws {
        struct Failure: Error {}
        var gate = IdleGate(changes: { 3 })
        let pace = BackgroundPace(batch: 10, batchUnderLoad: 5)
        let calls = Atomic<Int>(0)
        try await gate.drainIfChanged(pace, work: nil) { _ in calls.add(1, ordering: .relaxed); return 0 }
        try await gate.drainIfChanged(pace, work: nil) { _ in calls.add(1, ordering: .relaxed); return 0 }
        #expect(calls.load(ordering: .relaxed) == 1, "nothing found, nothing written: the second look is skipped")
        var gate2 = IdleGate(changes: { 3 })
        await #expect(throws: Failure.self) {
            try await gate2.drainIfChanged(pace, work: nil) { _ in throw Failure() }
        }
        try await gate2.drainIfChanged(pace, work: nil) { _ in calls.add(1, ordering: .relaxed); return 0 }
        #expect(calls.load(ordering: .relaxed) == 2, "after a failure the next look happens")
    }

    @Test func aFailedLookIsTriedAgain() {
        var gate = IdleGate(changes: { 1 })
        let (_, count) = gate.shouldLook()
        gate.looked(at: count, foundWork: true)
        #expect(gate.shouldLook().look)
    }

    @Test func theSQLiteStoreCountsInboxChangesNotLeasesOrEmptyPolls() async throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteInboxStore(.init(path: directory.appendingPathComponent("hark.sqlite").path))
        defer { try? store.close() }
        let start = try #require(store.localChangeCount)

        // A lease renewed and an empty transaction (an idle poll) are not inbox changes.
        _ = try await store.claimLease("job:recurrence", owner: "a", until: now.addingTimeInterval(30), at: now)
        _ = try await store.indexPendingSearchText(limit: 10)
        #expect(store.localChangeCount == start)

        // A stored mention is.
        let draft = Fixtures.webhookDraft(delivery: "g1", externalID: "g1", text: "Late again")
        _ = try await store.commit([IngestBatch(source: draft.source, items: [.mention(draft, nil)])], at: now)
        let afterMention = try #require(store.localChangeCount)
        #expect(afterMention > start)
        // So is the work it left for the indexer being done, and then nothing is left to count.
        #expect(try await store.indexPendingSearchText(limit: 10) == 1)
        let afterIndex = try #require(store.localChangeCount)
        #expect(afterIndex > afterMention)
        #expect(try await store.indexPendingSearchText(limit: 10) == 0)
        #expect(store.localChangeCount == afterIndex)
        // A rolled-back change is not counted.
        await #expect(throws: (any Error).self) {
            try await store.pool.write { db in
                try db.execute(sql: "INSERT INTO fts_pending (mention_rowid) VALUES (424242)")
                try db.execute(sql: "INSERT INTO mentions (id) VALUES (NULL)")  // fails: NOT NULL
            }
        }
        #expect(store.localChangeCount == afterIndex)
    }

    @Test func theMemoryStoreCannotCount() {
        #expect(MemoryInboxStore().localChangeCount == nil)
    }
}
