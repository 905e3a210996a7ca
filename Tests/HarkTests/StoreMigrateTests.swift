import Foundation
import GRDB
import HarkCore
import HarkDaemon
import HarkRecurrence
import HarkStore
import HarkStorePostgres
import HarkStoreSQLite
import HarkTesting
import Logging
import Testing

/// `hark migrate`: a SQLite inbox copied into PostgreSQL answers every question as the original
/// does and checksums alike table by table, also when the copy was interrupted and run again;
/// a database holding another inbox and a file that is not a Hark store are refused clearly.
@Suite struct StoreMigrateTests {
    static var logger: Logger { PostgresTestServer.logger }

    struct Interrupted: Error {}

    @Test func copiesEveryKindOfRowAndAnswersAsTheOriginal() async throws {
        let target = try await PostgresTestServer.freshConfiguration()
        let fixture = try await MigrateFixture.make()
        defer { try? FileManager.default.removeItem(at: fixture.directory) }
        var seen: [StoreCopyProgress] = []
        let outcome = try await StoreMigration(sourcePath: fixture.path, target: target, batchSize: 50)
            .run(logger: Self.logger, progress: { seen.append($0) })
        #expect(outcome.verification.matches)
        #expect(!outcome.summary.resumed)
        #expect(outcome.verification.tables.map(\.table) == StoreCopyTable.inbox.map(\.name))
        for table in outcome.verification.tables {
            #expect(table.source.rows > 0, "the fixture fills \(table.table)")
        }
        #expect(outcome.summary.rowsCopied == outcome.verification.tables.reduce(0) { $0 + $1.source.rows })
        #expect(seen.last.map { $0.copied == $0.total } == true)
        #expect(zip(seen, seen.dropFirst()).allSatisfy { $0.copied <= $1.copied })

        let original = try await SQLiteInboxStore.openCopySource(path: fixture.path)
        defer { try? original.close() }
        let copy = try await PostgresInboxStore.open(target, logger: Self.logger)
        defer { copy.close() }
        try await fixture.expectSame(original, copy)

        // The copy goes on as a store: new rows get numbers past the copied ones, and recurrence
        // decides what was waiting in SQLite plus the new mention.
        let waiting = try await original.pendingRecurrence(limit: 1000).count
        let draft = Fixtures.webhookDraft(delivery: "after-move", externalID: "after-move", text: "Etter flyttingen")
        let receipts = try await copy.commit(
            [IngestBatch(source: draft.source, items: [.mention(draft, nil)])], at: MigrateFixture.start)
        guard case .stored = try #require(receipts.first?.first) else { throw TestingError("not stored after the copy") }
        try await copy.appendAudit(AuditEvent(at: MigrateFixture.start, actor: "cli", action: "migrate.check"))
        try await copy.recordSourcePoll(
            SourcePollReport(
                source: SourceID("news")!, kind: "feed", at: MigrateFixture.start, outcome: .success(ingested: 0),
                events: [SourceEvent(kind: "feed_gap", at: MigrateFixture.start)]))
        #expect(try await copy.pendingRecurrence(limit: 1000).count == waiting + 1)
        var decided = 0
        while case let count = try await RecurrenceEngine(store: copy).processPending(at: MigrateFixture.start), count > 0 {
            decided += count
        }
        #expect(decided == waiting + 1)
    }

    @Test func resumesAfterInterruptionsAndEndsIdentical() async throws {
        let target = try await PostgresTestServer.freshConfiguration()
        let fixture = try await MigrateFixture.make(filler: 60)
        defer { try? FileManager.default.removeItem(at: fixture.directory) }
        let migration = StoreMigration(sourcePath: fixture.path, target: target, batchSize: 9)
        // Stopped after the 1st, 13th and 30th batch of a run: inside the mentions, between tables,
        // and late in the small tables.
        for stop in [1, 13, 30] {
            var batches = 0
            do {
                _ = try await migration.run(
                    logger: Self.logger,
                    progress: { _ in
                        batches += 1
                        if batches == stop { throw Interrupted() }
                    })
                Issue.record("the copy finished before batch \(stop)")
            } catch is Interrupted {}
        }
        let resumed = try await migration.run(logger: Self.logger)
        #expect(resumed.summary.resumed)
        #expect(resumed.verification.matches)

        // An uninterrupted copy elsewhere gives the same checksums, table by table.
        let other = try await PostgresTestServer.freshConfiguration()
        let whole = try await StoreMigration(sourcePath: fixture.path, target: other).run(logger: Self.logger)
        #expect(whole.verification == resumed.verification)

        // Once complete, a run copies nothing and verifies again.
        let again = try await migration.run(logger: Self.logger)
        #expect(again.summary.rowsCopied == 0 && again.verification.matches)

        let original = try await SQLiteInboxStore.openCopySource(path: fixture.path)
        defer { try? original.close() }
        let copy = try await PostgresInboxStore.open(target, logger: Self.logger)
        defer { copy.close() }
        try await fixture.expectSame(original, copy)
    }

    @Test func refusesADatabaseHoldingAnotherInbox() async throws {
        let target = try await PostgresTestServer.freshConfiguration()
        let foreign = try await PostgresInboxStore.open(target, logger: Self.logger)
        let draft = Fixtures.webhookDraft(delivery: "theirs", externalID: "theirs", text: "Another inbox")
        _ = try await foreign.commit([IngestBatch(source: draft.source, items: [.mention(draft, nil)])], at: MigrateFixture.start)
        let fixture = try await MigrateFixture.make(filler: 3)
        defer { try? FileManager.default.removeItem(at: fixture.directory) }
        do {
            _ = try await StoreMigration(sourcePath: fixture.path, target: target).run(logger: Self.logger)
            Issue.record("copied into a database holding another inbox")
        } catch let error as HarkError {
            #expect(error.code == .conflict)
            #expect(error.message.hasPrefix("refusing to copy into"), "\(error.message)")
            #expect(!error.message.contains("\n"))
        }
        #expect(try await foreign.statistics().mentions == 1, "nothing was written")
        foreign.close()
    }

    /// What the file holds, and the start of the message `hark migrate` answers with.
    enum HostileSource: String, CaseIterable, CustomTestStringConvertible {
        case missing, directory, garbage, text, empty, foreignSQLite, olderHark, newerHark
        var testDescription: String { rawValue }

        var expected: String {
            switch self {
            case .missing, .directory: "no SQLite store file at"
            case .garbage, .text: "is not a SQLite database"
            case .empty, .foreignSQLite: "is a SQLite database but not a Hark store"
            case .olderHark: "is a Hark store of an older version (without 0002-source-health)"
            case .newerHark: "was written by a newer version of hark"
            }
        }

        func make(at path: String) throws {
            switch self {
            case .missing: return
            case .directory: try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
            case .garbage: try Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) }).write(to: URL(fileURLWithPath: path))
            case .text: try Data("mentions,text\n1,hello\n".utf8).write(to: URL(fileURLWithPath: path))
            case .empty: try Data().write(to: URL(fileURLWithPath: path))
            case .foreignSQLite:
                try DatabaseQueue(path: path).write { try $0.execute(sql: "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)") }
            case .olderHark:
                try DatabaseQueue(path: path).write { db in
                    try db.execute(
                        sql: """
                            CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
                            INSERT INTO grdb_migrations VALUES ('0001-inbox');
                            CREATE TABLE mentions (seq INTEGER PRIMARY KEY, id TEXT);
                            """)
                }
            case .newerHark:
                try SQLiteInboxStore(.init(path: path)).close()
                try DatabaseQueue(path: path).write { try $0.execute(sql: "INSERT INTO grdb_migrations VALUES ('0099-future')") }
            }
        }
    }

    /// No server is needed: the file is checked before the database is opened, and left unchanged.
    @Test(arguments: HostileSource.allCases)
    func aFileThatIsNotAHarkStoreIsRefusedClearly(source: HostileSource) async throws {
        let directory = try Fixtures.temporaryDirectory("hark-migrate-hostile")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("inbox.sqlite").path
        try source.make(at: path)
        let before = FileManager.default.contents(atPath: path)
        let nowhere = PostgresStoreConfiguration(host: "127.0.0.1", port: 9, username: "hark", database: "unused", tls: .disable)
        do {
            _ = try await StoreMigration(sourcePath: path, target: nowhere).run(logger: Self.logger)
            Issue.record("copied from \(source)")
        } catch let error as HarkError {
            #expect(error.code == .invalidInput)
            #expect(error.message.contains(source.expected), "\(error.message)")
            #expect(!error.message.contains("\n"))
        }
        #expect(FileManager.default.contents(atPath: path) == before, "the file is not written to")
    }
}
