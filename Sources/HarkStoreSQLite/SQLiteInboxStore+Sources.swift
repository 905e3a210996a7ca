import Foundation
import GRDB
import HarkCore
import HarkStore

extension SQLiteInboxStore {
    public func recordSourcePoll(_ report: SourcePollReport) async throws {
        guard !configuration.readonly else { throw HarkError(.unavailable, "the store is open read-only") }
        do {
            try await pool.write { db in
                var status = try Self.status(db, report.source) ?? SourceStatus(source: report.source)
                status.apply(report)
                try db.execute(
                    sql: """
                        INSERT INTO source_state (source, version, payload, updated_at, kind, last_success_at,
                            last_error, last_error_at, error_streak, items_ingested, next_poll_at, gone, moved_to)
                        VALUES (?, 0, x'', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT(source) DO UPDATE SET kind = excluded.kind,
                            last_success_at = excluded.last_success_at, last_error = excluded.last_error,
                            last_error_at = excluded.last_error_at, error_streak = excluded.error_streak,
                            items_ingested = excluded.items_ingested, next_poll_at = excluded.next_poll_at,
                            gone = excluded.gone, moved_to = excluded.moved_to
                        """,
                    arguments: [
                        report.source.rawValue, SQLiteDates.millis(report.at), status.kind,
                        status.lastSuccessAt.map(SQLiteDates.millis), status.lastError,
                        status.lastErrorAt.map(SQLiteDates.millis), status.errorStreak, status.itemsIngested,
                        status.nextPollAt.map(SQLiteDates.millis), status.gone, status.movedTo,
                    ])
                for event in report.events {
                    try db.execute(
                        sql: "INSERT INTO source_events (source, at, kind, details) VALUES (?, ?, ?, ?)",
                        arguments: [
                            report.source.rawValue, SQLiteDates.millis(event.at), event.kind,
                            SQLiteJSON.encode(event.details),
                        ])
                }
            }
        } catch {
            throw Self.classify(error, doing: "record a source poll")
        }
    }

    public func sourceStatuses(eventsPerSource: Int) async throws -> [SourceStatus] {
        try await read { db in
            let ids = try String.fetchAll(db, sql: "SELECT source FROM source_state ORDER BY source")
            return try ids.compactMap(SourceID.init).compactMap { id in
                guard var status = try Self.status(db, id) else { return nil }
                status.recentEvents = try Row.fetchAll(
                    db, sql: "SELECT at, kind, details FROM source_events WHERE source = ? ORDER BY seq DESC LIMIT ?",
                    arguments: [id.rawValue, max(0, eventsPerSource)]
                ).map { row in
                    SourceEvent(
                        kind: row["kind"], at: SQLiteDates.date(row["at"]),
                        details: SQLiteJSON.decode([String: String].self, row["details"], default: [:]))
                }
                return status
            }
        }
    }

    static func status(_ db: Database, _ source: SourceID) throws -> SourceStatus? {
        guard
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT kind, last_success_at, last_error, last_error_at, error_streak, items_ingested,
                        next_poll_at, gone, moved_to FROM source_state WHERE source = ?
                    """, arguments: [source.rawValue])
        else { return nil }
        return SourceStatus(
            source: source, kind: row["kind"], lastSuccessAt: (row["last_success_at"] as Int64?).map(SQLiteDates.date),
            lastError: row["last_error"], lastErrorAt: (row["last_error_at"] as Int64?).map(SQLiteDates.date),
            errorStreak: row["error_streak"], nextPollAt: (row["next_poll_at"] as Int64?).map(SQLiteDates.date),
            itemsIngested: row["items_ingested"], gone: row["gone"], movedTo: row["moved_to"])
    }
}
