import Dispatch
import Foundation
import GRDB
import Synchronization

/// Copies committed pages from the WAL into the database file on a connection of its own, so that
/// the writer does not.
///
/// Left to itself, SQLite checkpoints on the writer, right after the commit that takes the WAL past
/// 1,000 pages: that commit's callers wait for about 4 MiB of scattered writes and an fsync of the
/// database file before they get their answers. Under webhook load that was every fourth commit.
///
/// Here every commit only nudges the checkpointer (``noteCommit()``). It runs one `PASSIVE`
/// checkpoint at a time (that kind never waits for, nor blocks, the writer or a reader), each
/// copying what was committed since the one before; commits made while one runs start one more
/// when it ends. The writer keeps SQLite's own checkpoint as a backstop at ``backstopPages``:
/// under continuous writing the WAL can only start over after a checkpoint that the writer itself
/// runs between two of its transactions, and by then there is little left for it to copy.
final class WALCheckpointer: Sendable {
    /// WAL pages after which the writer checkpoints itself (SQLite's `wal_autocheckpoint`): 64 MiB
    /// of WAL with 4 KiB pages.
    static let backstopPages = 16_384

    private struct State {
        var connection: DatabaseQueue?
        var running = false
        var pending = false
        var closed = false
    }

    private let path: String
    private let synchronous: String
    private let state = Mutex(State())
    private let queue = DispatchQueue(label: "hark.sqlite.checkpoint", qos: .utility)
    private let runs = Atomic<Int>(0)

    init(path: String, synchronous: String) {
        self.path = path
        self.synchronous = synchronous
    }

    /// Checkpoints completed so far.
    var completedRuns: Int { runs.load(ordering: .relaxed) }

    /// Asks for a checkpoint; cheap enough to call after every commit.
    func noteCommit() {
        let start = state.withLock { state in
            guard !state.closed else { return false }
            guard !state.running else {
                state.pending = true
                return false
            }
            state.running = true
            return true
        }
        if start { queue.async { self.run() } }
    }

    /// The `synchronous` level of the checkpointer's connection, nil while it has none (for tests).
    func connectionSynchronous() -> Int? {
        queue.sync {
            try? state.withLock { $0.connection }?.read { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
        }
    }

    /// Returns when the checkpoints asked for so far are done.
    func waitUntilIdle() {
        queue.sync {}
    }

    /// Closes the checkpointer's connection when it is idle; the next checkpoint opens another.
    func releaseMemory() {
        queue.async {
            let connection = self.state.withLock { state in
                state.running ? nil : state.connection.take()
            }
            try? connection?.close()
        }
    }

    /// Waits for a checkpoint under way and closes the connection; later commits start none.
    func close() {
        state.withLock { $0.closed = true }
        queue.sync {
            try? state.withLock { $0.connection.take() }?.close()
        }
    }

    private func run() {
        // The connection is used on `queue` only; the lock guards it against `close()`.
        while state.withLock({ state in
            state.pending = false
            return !state.closed
        }) {
            var connection = state.withLock { $0.connection }
            if connection == nil {
                // Opened outside the lock: a commit's nudge never waits for a file to open.
                connection = try? openConnection()
                state.withLock { $0.connection = connection }
            }
            // A failed checkpoint is nothing anyone can act on: the writer's own checkpoint still
            // bounds the WAL, and the next commit asks again.
            if let connection, (try? connection.writeWithoutTransaction({ db in try db.checkpoint(.passive) })) != nil {
                runs.add(1, ordering: .relaxed)
            }
            let again = state.withLock { state in
                state.running = state.pending && !state.closed
                return state.running
            }
            if !again { return }
        }
        state.withLock { $0.running = false }
    }

    private func openConnection() throws -> DatabaseQueue {
        var config = Configuration()
        config.label = "hark.checkpoint"
        let synchronous = self.synchronous
        config.prepareDatabase { db in
            // The checkpoint syncs the database file as the store's level says.
            try db.execute(sql: "PRAGMA synchronous = \(synchronous)")
            // A checkpoint copies pages from file to file, past the page cache.
            try db.execute(sql: "PRAGMA cache_size = 16")
        }
        return try DatabaseQueue(path: path, configuration: config)
    }
}

/// Watches the writer's commits.
///
/// Each commit that changed the mentions, or the work waiting on them for the search indexer and
/// the recurrence service, is counted (``SQLiteInboxStore/localChangeCount``) and nudges the
/// checkpointer: those are the commits that fill the WAL. The small ones in between (a lease
/// renewed, a source's state saved, an outbox message recorded) nudge it only every
/// ``otherCommitsPerNudge``-th time, so that an idle daemon renewing its leases does not fsync
/// every few seconds; the writer's own checkpoint still bounds the WAL. GRDB also reports an empty
/// transaction (an idle poll that found nothing to do) as a commit: those are neither.
///
/// The outbox is not among the counted tables: it is a `WITHOUT ROWID` table, whose changes
/// SQLite's update hook (and so GRDB) does not report. The notifier looks at the outbox when told
/// (``NotifierService/wake()``), after its own deadline checks, and when its next attempt is due.
final class WriterCommitObserver: TransactionObserver {
    /// The tables whose changes mean work for the search indexer or the recurrence service (rowid
    /// tables: see above).
    static let inboxTables: Set<String> = ["mentions", "fts_pending", "recurrence_pending"]
    /// Other commits that changed something, per nudge of the checkpointer.
    static let otherCommitsPerNudge = 256

    let checkpointer: WALCheckpointer
    let changes: CommitCounter
    // Used on the writer's queue only.
    private var rowsSeen = 0
    private var inboxChanged = false
    private var otherCommits = 0

    init(checkpointer: WALCheckpointer, changes: CommitCounter) {
        self.checkpointer = checkpointer
        self.changes = changes
    }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool {
        Self.inboxTables.contains(eventKind.tableName)
    }

    func databaseDidChange(with event: DatabaseEvent) {
        inboxChanged = true
        // One event per transaction is enough to know.
        stopObservingDatabaseChangesUntilNextTransaction()
    }

    func databaseDidRollback(_ db: Database) {
        inboxChanged = false
    }

    func databaseDidCommit(_ db: Database) {
        let rows = db.totalChangesCount
        defer { rowsSeen = rows }
        if inboxChanged {
            inboxChanged = false
            changes.note()
            checkpointer.noteCommit()
        } else if rows != rowsSeen {
            otherCommits += 1
            if otherCommits >= Self.otherCommitsPerNudge {
                otherCommits = 0
                checkpointer.noteCommit()
            }
        }
    }
}

/// Commits that changed the inbox, counted across the store's writer connections.
final class CommitCounter: Sendable {
    private let commits = Atomic<Int>(0)

    func note() { commits.add(1, ordering: .releasing) }

    var count: Int { commits.load(ordering: .acquiring) }
}
