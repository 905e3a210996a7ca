import Foundation
import GRDB
import HarkCore
import HarkStore

#if canImport(Glibc)
import Glibc
#endif

/// The embedded default store: SQLite through GRDB, in WAL mode.
///
/// With `synchronous=FULL` (the default) a commit is durable when it returns, so a webhook answered
/// `202` after ``commit(_:at:)`` survives a crash or a power loss. Group commit (several batches per
/// transaction, see the ingestor) recovers the speed one fsync per request would cost.
public final class SQLiteInboxStore: InboxStore {
    /// How durably SQLite commits.
    public enum Synchronous: String, Sendable, Codable {
        /// fsync on every commit: acknowledged means durable (the default).
        case full
        /// fsync at checkpoints only: faster, but a power loss can lose the last commits.
        case normal
    }

    /// Options of the store.
    public struct Configuration: Sendable {
        public var path: String
        public var synchronous: Synchronous
        /// Refuse commits when the volume has less free space than this (bytes), so that the disk
        /// never fills up mid-transaction: 5% of the volume or 512 MiB, whichever is smaller.
        public var diskReserveBytes: UInt64?
        /// How long a command waits for a lock held by the daemon.
        public var busyTimeout: TimeInterval
        public var readonly: Bool

        public init(
            path: String, synchronous: Synchronous = .full, diskReserveBytes: UInt64? = nil,
            busyTimeout: TimeInterval = 5, readonly: Bool = false
        ) {
            self.path = path
            self.synchronous = synchronous
            self.diskReserveBytes = diskReserveBytes
            self.busyTimeout = busyTimeout
            self.readonly = readonly
        }
    }

    let pool: DatabasePool
    let configuration: Configuration
    /// Checkpoints the WAL off the writer; none for a read-only store.
    let checkpointer: WALCheckpointer?
    let changes: CommitCounter

    /// Changed pages a write transaction keeps in memory before it spills them to the WAL.
    static let spillPages = 8192

    /// Opens (creating if needed) the database at `configuration.path` and migrates it.
    /// - Throws: ``HarkError`` `.storage` naming the path when it cannot be opened.
    public init(_ configuration: Configuration) throws {
        self.configuration = configuration
        var config = GRDB.Configuration()
        config.label = "hark"
        config.busyMode = .timeout(configuration.busyTimeout)
        config.readonly = configuration.readonly
        let synchronous = configuration.synchronous.rawValue.uppercased()
        let checkpointer =
            configuration.readonly ? nil : WALCheckpointer(path: configuration.path, synchronous: synchronous)
        self.checkpointer = checkpointer
        let changes = CommitCounter()
        self.changes = changes
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(synchronous)")
            // Statement journals stay in memory: an insert into `mentions` fires triggers, so
            // SQLite keeps a journal of every page each such statement changes; in a file it was
            // the largest I/O of a mail backfill (about 70 KB written and deleted per message).
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
            if !db.configuration.readonly {
                // A batch keeps up to 32 MiB of changed pages in memory until it commits, rather
                // than spilling them to the WAL and reading them back (a 500-message mail batch
                // changes about 8 MiB). A larger transaction (a purge of old raw input) still
                // spills beyond that, so memory stays bounded; the cache of clean pages keeps
                // SQLite's default size.
                // (A number alone would also be read as a yes/no by its low byte: 8192 is "off".)
                try db.execute(sql: "PRAGMA cache_spill = \(Self.spillPages)")
                try db.execute(sql: "PRAGMA cache_spill = ON")
                if let checkpointer {
                    try db.execute(sql: "PRAGMA wal_autocheckpoint = \(WALCheckpointer.backstopPages)")
                    db.add(
                        transactionObserver: WriterCommitObserver(checkpointer: checkpointer, changes: changes),
                        extent: .databaseLifetime)
                }
            }
        }
        do {
            let directory = (configuration.path as NSString).deletingLastPathComponent
            if !directory.isEmpty, !configuration.readonly {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            pool = try DatabasePool(path: configuration.path, configuration: config)
            if !configuration.readonly {
                // GRDB sets `synchronous = NORMAL` on the writer when it turns WAL on, after
                // `prepareDatabase`: the configured level is set again here, once WAL is on.
                try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = \(synchronous)") }
                try SQLiteMigrations.migrator.migrate(pool)
            }
        } catch {
            throw HarkError(
                .storage, "cannot open the SQLite store at \(configuration.path): check the path and permissions",
                cause: error)
        }
    }

    /// The names of the migrations applied, in order.
    public func appliedMigrations() throws -> [String] {
        try pool.read { db in try SQLiteMigrations.migrator.appliedMigrations(db) }
    }

    public func commit(_ batches: [IngestBatch], at now: Date) async throws -> [[IngestReceipt]] {
        try checkDiskReserve()
        do {
            CrashPoint.pass("before_begin")
            return try await pool.write { db in
                var txn = SQLiteTransaction(db: db)
                let receipts = try batches.map { try IngestApplier.apply($0, to: &txn, at: now) }
                CrashPoint.pass("after_insert")
                CrashPoint.pass("before_commit")
                return receipts
            }
        } catch {
            throw Self.classify(error, doing: "commit a batch")
        }
    }

    /// Writes a consistent copy of the database to `path` (SQLite's online backup), safe beside a
    /// running daemon.
    public func backup(to path: String) throws {
        do {
            let target = try DatabaseQueue(path: path)
            try pool.backup(to: target)
            try target.close()
        } catch {
            throw HarkError(.storage, "backup to \(path) failed", cause: error)
        }
    }

    /// `PRAGMA integrity_check`, plus the full-text index checked against the mentions:
    /// `["ok"]` when the file is sound.
    public func integrityCheck() throws -> [String] {
        let result = try pool.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
        guard result == ["ok"], !configuration.readonly else { return result }
        do {
            // Index what is pending first, so the index can be compared with every mention.
            try pool.write { db in
                _ = try Self.indexPending(db, limit: Int(Int32.max))
                try db.execute(sql: "INSERT INTO mentions_fts(mentions_fts, rank) VALUES ('integrity-check', 1)")
            }
        } catch {
            return ["search index: \(error)"]
        }
        return result
    }

    public func checkReadable() async throws {
        do {
            _ = try await pool.read { db in try Int.fetchOne(db, sql: "SELECT 1") }
        } catch {
            throw Self.classify(error, doing: "read")
        }
    }

    /// Closes the idle readers (a reader at work closes when it is done) and empties the writer's
    /// page cache, waiting for the writer rather than blocking a thread: a few MiB that a quiet
    /// daemon need not hold.
    public func releaseMemory() async {
        pool.releaseMemoryEventually()
        checkpointer?.releaseMemory()
        // The writer's share is queued on the writer: wait for it, so the heap trim that follows
        // finds its pages free.
        _ = try? await pool.writeWithoutTransaction { _ in }
    }

    /// Commits of this process that changed the mentions or the work waiting on them (other
    /// processes' commits are not seen); nil for a read-only store, which does not commit.
    public var localChangeCount: Int? { checkpointer == nil ? nil : changes.count }

    /// Closes the database files.
    public func close() throws {
        checkpointer?.close()
        try pool.close()
    }

    private func checkDiskReserve() throws {
        guard let reserve = configuration.diskReserveBytes else { return }
        let directory = (configuration.path as NSString).deletingLastPathComponent
        var stats = statvfs()
        guard statvfs(directory.isEmpty ? "." : directory, &stats) == 0 else { return }
        let free = UInt64(stats.f_bavail) * UInt64(stats.f_frsize)
        let total = UInt64(stats.f_blocks) * UInt64(stats.f_frsize)
        let needed = min(reserve, total / 20)
        if free < needed {
            throw HarkError(
                .unavailable,
                "the disk holding the store is nearly full (\(free / 1_048_576) MiB free, reserve \(needed / 1_048_576) MiB)"
            )
        }
    }

    /// Maps SQLite errors: full disk, I/O errors, locks and read-only files are temporary
    /// (`.unavailable`, answered 503); anything else is a storage error.
    static func classify(_ error: any Error, doing what: String) -> HarkError {
        if let error = error as? HarkError { return error }
        if let error = error as? DatabaseError {
            switch error.resultCode {
            case .SQLITE_FULL, .SQLITE_IOERR, .SQLITE_BUSY, .SQLITE_LOCKED, .SQLITE_READONLY, .SQLITE_CANTOPEN,
                .SQLITE_NOMEM, .SQLITE_INTERRUPT:
                return HarkError(.unavailable, "the store could not \(what) (\(error.resultCode))", cause: error)
            default:
                return HarkError(.storage, "the store could not \(what) (\(error.resultCode))", cause: error)
            }
        }
        return HarkError(.storage, "the store could not \(what)", cause: error)
    }
}
