import Foundation
import GRDB
@testable import HarkStoreSQLite
import Testing

/// The connection settings the SQLite store opens with: durability as configured, statement
/// journals in memory, and a bounded amount of a write transaction held before it spills.
@Suite struct SQLiteSettingsTests {
    static func withStore(
        _ synchronous: SQLiteInboxStore.Synchronous = .full, _ body: (SQLiteInboxStore) throws -> Void
    ) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hark-sqlite-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteInboxStore(
            .init(path: directory.appendingPathComponent("hark.sqlite").path, synchronous: synchronous))
        defer { try? store.close() }
        try body(store)
    }

    @Test func theWriterKeepsJournalsInMemoryAndSpillsLate() throws {
        try Self.withStore(.full) { store in
            let (journal, synchronous, spill, mode) = try store.pool.write { db in
                (
                    try Int.fetchOne(db, sql: "PRAGMA temp_store"),
                    try Int.fetchOne(db, sql: "PRAGMA synchronous"),
                    try Int.fetchOne(db, sql: "PRAGMA cache_spill"),
                    try String.fetchOne(db, sql: "PRAGMA journal_mode")
                )
            }
            #expect(journal == 2, "temp_store = MEMORY")
            #expect(synchronous == 2, "synchronous = FULL by default")
            #expect(spill == SQLiteInboxStore.spillPages)
            #expect(mode == "wal")
        }
    }

    /// GRDB turns WAL on after the connection is prepared and sets `synchronous = NORMAL` then:
    /// the configured level must be what the writer commits with.
    @Test func theConfiguredSynchronousLevelHolds() throws {
        try Self.withStore(.normal) { store in
            let level = try store.pool.write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
            #expect(level == 1)
        }
        try Self.withStore(.full) { store in
            let level = try store.pool.write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
            #expect(level == 2)
        }
    }

    @Test func readersKeepJournalsInMemoryToo() throws {
        try Self.withStore(.full) { store in
            let journal = try store.pool.read { db in try Int.fetchOne(db, sql: "PRAGMA temp_store") }
            #expect(journal == 2)
        }
    }
}
