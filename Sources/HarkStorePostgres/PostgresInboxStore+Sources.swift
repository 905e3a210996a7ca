import Foundation
import HarkCore
import HarkStore
import PostgresNIO

/// Source health: kept in the source's `source_state` row beside its poll state, with its recent
/// events in `source_events`.
extension PostgresInboxStore {
    /// Applies a poll's report to the source's health. The row is created when missing and then
    /// locked, so that two instances reporting on one source at once apply their reports one
    /// after the other instead of one overwriting the other. A row made here holds no poll state
    /// (version 0), exactly as the SQLite store's.
    public func recordSourcePoll(_ report: SourcePollReport) async throws {
        let source = report.source.rawValue
        try await transaction("record a source poll") { connection in
            try await connection.query(
                """
                INSERT INTO source_state (source, version, payload, updated_at)
                VALUES (\(source), 0, ''::bytea, \(PostgresDates.millis(report.at)))
                ON CONFLICT (source) DO NOTHING
                """, logger: logger)
            var status = SourceStatus(source: report.source)
            for try await row in try await connection.query(
                "SELECT \(unescaped: Self.sourceStatusColumns) FROM source_state WHERE source = \(source) FOR UPDATE",
                logger: logger)
            {
                status = try Self.sourceStatus(from: row.makeRandomAccess(), source: report.source)
            }
            status.apply(report)
            try await connection.query(
                """
                UPDATE source_state SET kind = \(status.kind),
                    last_success_at = \(status.lastSuccessAt.map(PostgresDates.millis)), last_error = \(status.lastError),
                    last_error_at = \(status.lastErrorAt.map(PostgresDates.millis)), error_streak = \(status.errorStreak),
                    items_ingested = \(status.itemsIngested), next_poll_at = \(status.nextPollAt.map(PostgresDates.millis)),
                    gone = \(status.gone), moved_to = \(status.movedTo)
                WHERE source = \(source)
                """, logger: logger)
            try await PostgresTransaction.insertRows(
                "source_events", "source, at, kind, details", report.events, on: connection, logger: logger
            ) { statement, event in
                [
                    statement.bind(source), statement.bind(PostgresDates.millis(event.at)), statement.bind(event.kind),
                    "\(statement.bind(PostgresJSON.encode(event.details)))::jsonb",
                ]
            }
        }
    }

    /// Every source's health with its `eventsPerSource` most recent events, newest first: two
    /// statements, whatever the number of sources.
    public func sourceStatuses(eventsPerSource: Int) async throws -> [SourceStatus] {
        var statuses: [SourceStatus] = []
        for row in try await rows(
            "read source health", "SELECT source, \(unescaped: Self.sourceStatusColumns) FROM source_state ORDER BY source")
        {
            guard let source = SourceID(try row.text("source")) else { continue }
            statuses.append(try Self.sourceStatus(from: row, source: source))
        }
        guard !statuses.isEmpty, eventsPerSource > 0 else { return statuses }
        var events: [String: [SourceEvent]] = [:]
        for row in try await rows(
            "read source events",
            """
            SELECT source, at, kind, details::text AS details FROM (
                SELECT source, at, kind, details, seq,
                    row_number() OVER (PARTITION BY source ORDER BY seq DESC) AS place
                FROM source_events
            ) AS recent WHERE place <= \(eventsPerSource) ORDER BY source, seq DESC
            """)
        {
            events[try row.text("source"), default: []].append(
                SourceEvent(
                    kind: try row.text("kind"), at: try row.date("at"),
                    details: PostgresJSON.decode(try row.optionalText("details"))))
        }
        for index in statuses.indices { statuses[index].recentEvents = events[statuses[index].source.rawValue] ?? [] }
        return statuses
    }

    /// The health columns of `source_state` that ``sourceStatus(from:source:)`` reads.
    static let sourceStatusColumns = """
        kind, last_success_at, last_error, last_error_at, error_streak, items_ingested, next_poll_at, gone, moved_to
        """

    static func sourceStatus(from row: PostgresRandomAccessRow, source: SourceID) throws -> SourceStatus {
        SourceStatus(
            source: source, kind: try row.optionalText("kind"), lastSuccessAt: try row.optionalDate("last_success_at"),
            lastError: try row.optionalText("last_error"), lastErrorAt: try row.optionalDate("last_error_at"),
            errorStreak: try row.int("error_streak"), nextPollAt: try row.optionalDate("next_poll_at"),
            itemsIngested: try row.int("items_ingested"), gone: try row.value("gone", as: Bool.self),
            movedTo: try row.optionalText("moved_to"))
    }
}
