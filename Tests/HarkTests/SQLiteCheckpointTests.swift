import Foundation
import GRDB
import HarkCore
import HarkStore
@testable import HarkStoreSQLite
import HarkTesting
import Testing

/// The WAL is copied into the database file by the store's checkpointer, on a connection of its
/// own, not by the writer after a commit; the writer's own checkpoint is only a distant backstop.
@Suite struct SQLiteCheckpointTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func openStore(_ directory: URL) throws -> SQLiteInboxStore {
        try SQLiteInboxStore(.init(path: directory.appendingPathComponent("hark.sqlite").path))
    }

    func commit(_ store: SQLiteInboxStore, _ n: Int, prefix: String) async throws -> [MentionID] {
        var ids: [MentionID] = []
        for i in 0..<n {
            let key = "\(prefix)-\(i)"
            let draft = Fixtures.webhookDraft(delivery: key, externalID: key, text: "Late \(i)")
            let receipts = try await store.commit(
                [IngestBatch(source: draft.source, items: [.mention(draft, nil)])], at: now)
            guard case .stored(let id) = try #require(receipts.first?.first) else {
                Issue.record("not stored")
                continue
            }
            ids.append(id)
        }
        return ids
    }

    /// Mentions in the database file alone, read from a copy made without the WAL: what the
    /// checkpoints have copied there.
    func mentionsInDatabaseFile(_ directory: URL) throws -> Int {
        let copy = directory.appendingPathComponent("file-only.sqlite")
        try? FileManager.default.removeItem(at: copy)
        try FileManager.default.copyItem(at: directory.appendingPathComponent("hark.sqlite"), to: copy)
        let queue = try DatabaseQueue(path: copy.path)
        defer { try? queue.close() }
        return try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM mentions") ?? 0 }
    }

    @Test func theWriterLeavesCheckpointsToTheCheckpointer() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try openStore(directory)
        defer { try? store.close() }
        let backstop = try store.pool.write { db in try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint") }
        #expect(backstop == WALCheckpointer.backstopPages)
        // Readers do not write and get no checkpointer's nudges.
        let readerDefault = try store.pool.read { db in try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint") }
        #expect(readerDefault == 1000)
    }

    /// Runs `body` with a new store in a directory of its own, and the store's checkpointer.
    func withStore(_ body: (SQLiteInboxStore, WALCheckpointer, URL) async throws -> Void) async throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try openStore(directory)
        defer { try? store.close() }
        try await body(store, try #require(store.checkpointer), directory)
    }

    @Test func commitsReachTheDatabaseFileWhileTheStoreIsOpen() async throws {
        try await withStore { store, checkpointer, directory in
            let first = try await commit(store, 40, prefix: "a")
            checkpointer.waitUntilIdle()
            #expect(checkpointer.completedRuns > 0)
            #expect(checkpointer.connectionSynchronous() == 2, "it syncs the file at the store's level, FULL")
            // Forty small commits are far below the writer's backstop: only the checkpointer can have
            // put them into the file.
            #expect(try mentionsInDatabaseFile(directory) == first.count)

            // Its connection goes when memory is released, and the next commit opens another.
            checkpointer.releaseMemory()
            checkpointer.waitUntilIdle()
            #expect(checkpointer.connectionSynchronous() == nil)
            let runs = checkpointer.completedRuns
            let second = try await commit(store, 10, prefix: "b")
            checkpointer.waitUntilIdle()
            #expect(checkpointer.completedRuns > runs)
            #expect(try mentionsInDatabaseFile(directory) == first.count + second.count)
            #expect(try store.integrityCheck() == ["ok"])
        }
    }

    /// Small commits outside the inbox (a lease renewed every ten seconds by an idle daemon) nudge
    /// the checkpointer only now and then: each checkpoint fsyncs the database file.
    @Test func smallOtherCommitsNudgeTheCheckpointerRarely() async throws {
        try await withStore { store, checkpointer, _ in
            _ = try await commit(store, 1, prefix: "l")
            checkpointer.waitUntilIdle()
            let runs = checkpointer.completedRuns
            let now = self.now
            // Twice the count per nudge, each claim waited for: one checkpoint per claim would be
            // hundreds; one per nudge is two (one, if the migrations' commits were counted first).
            for i in 0..<(2 * WriterCommitObserver.otherCommitsPerNudge) {
                let until = now.addingTimeInterval(Double(30 + i))
                _ = try await store.claimLease("job:outbox", owner: "a", until: until, at: now)
        }
        checkpointer.waitUntilIdle()
        #expect((1...2).contains(checkpointer.completedRuns - runs), "\(checkpointer.completedRuns - runs) checkpoints")
        }
    }

    @Test func aClosedStoreStartsNoCheckpoint() async throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try openStore(directory)
        let checkpointer = try #require(store.checkpointer)
        _ = try await commit(store, 5, prefix: "c")
        try store.close()
        let runs = checkpointer.completedRuns
        checkpointer.noteCommit()
        checkpointer.waitUntilIdle()
        #expect(checkpointer.completedRuns == runs)
        // Everything is in the file (closing the last connection checkpoints too), and the store
        // opens again with it.
        #expect(try mentionsInDatabaseFile(directory) == 5)
        let reopened = try openStore(directory)
        defer { try? reopened.close() }
        #expect(try reopened.integrityCheck() == ["ok"])
    }

    @Test func aReadOnlyStoreHasNoCheckpointer() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("hark.sqlite").path
        try SQLiteInboxStore(.init(path: path)).close()
        let readonly = try SQLiteInboxStore(.init(path: path, readonly: true))
        defer { try? readonly.close() }
        #expect(readonly.checkpointer == nil)
    }
}
