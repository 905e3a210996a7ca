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
        while true {
            let connection: DatabaseQueue? = state.withLock { state in
                guard !state.closed else { return nil }
                state.pending = false
                if state.connection == nil { state.connection = try? openConnection() }
                return state.connection
            }
            if let connection {
                // A failed checkpoint is nothing anyone can act on: the writer's own checkpoint
                // still bounds the WAL, and the next commit asks again.
                if (try? connection.writeWithoutTransaction({ db in try db.checkpoint(.passive) })) != nil {
                    runs.add(1, ordering: .relaxed)
                }
            }
            let again = state.withLock { state in
                state.running = state.pending && !state.closed
                return state.running
            }
            if !again { return }
        }
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

/// Watches the writer's commits. Each that changed something nudges the checkpointer (GRDB also
/// reports an empty transaction, an idle poll that found nothing to do, as a commit: those give the
/// checkpointer nothing to copy). Each that changed the mentions, or the work waiting on them for
/// the background services (the outbox included), is counted
/// (``SQLiteInboxStore/localChangeCount``); a lease renewed or a source's state saved is not.
final class WriterCommitObserver: TransactionObserver {
    /// The tables whose changes mean work for the search indexer, the recurrence service or the
    /// notifier.
    static let inboxTables: Set<String> = ["mentions", "fts_pending", "recurrence_pending", "outbox"]

    let checkpointer: WALCheckpointer
    let changes: CommitCounter
    // Used on the writer's queue only.
    private var rowsSeen = 0
    private var inboxChanged = false

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
        if inboxChanged {
            inboxChanged = false
            changes.note()
        }
        let rows = db.totalChangesCount
        guard rows != rowsSeen else { return }
        rowsSeen = rows
        checkpointer.noteCommit()
    }
}

/// Commits that changed the inbox, counted across the store's writer connections.
final class CommitCounter: Sendable {
    private let commits = Atomic<Int>(0)

    func note() { commits.add(1, ordering: .relaxed) }

    var count: Int { commits.load(ordering: .relaxed) }
}
