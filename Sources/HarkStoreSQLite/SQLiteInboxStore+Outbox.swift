import Foundation
import GRDB
import HarkCore
import HarkStore

extension SQLiteInboxStore {
    public func enqueue(_ messages: [OutboxMessage], audit: [AuditEvent]) async throws -> [String] {
        try await write("enqueue outbox messages") { db in
            var txn = SQLiteTransaction(db: db)
            var added: [String] = []
            for message in messages {
                try txn.enqueueOutbox(message)
                if db.changesCount > 0 { added.append(message.id) }
            }
            for event in audit { try txn.insertAudit(event) }
            return added
        }
    }

    public func dueOutboxMessages(at now: Date, limit: Int) async throws -> [OutboxMessage] {
        try await read { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT * FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ?
                        ORDER BY next_attempt_at, id LIMIT ?
                        """),
                arguments: [SQLiteDates.millis(now), max(0, limit)]
            ).compactMap(Self.outboxMessage(from:))
        }
    }

    public func nextOutboxAttempt() async throws -> Date? {
        try await read { db in
            try Int64.fetchOne(
                db.cachedStatement(
                    sql: "SELECT min(next_attempt_at) FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL")
            ).map(SQLiteDates.date)
        }
    }

    public func recordOutboxDelivery(_ id: String, at now: Date, audit: [AuditEvent]) async throws {
        try await write("record an outbox delivery") { db in
            try db.execute(
                sql: "UPDATE outbox SET attempts = attempts + 1, delivered_at = ?, last_error = NULL WHERE id = ?",
                arguments: [SQLiteDates.millis(now), id])
            var txn = SQLiteTransaction(db: db)
            for event in audit { try txn.insertAudit(event) }
        }
    }

    public func recordOutboxFailure(
        _ id: String, error: String, retryAt: Date?, at now: Date, audit: [AuditEvent]
    ) async throws {
        let error = TextCleanup.line(error)
        try await write("record an outbox failure") { db in
            if let retryAt {
                try db.execute(
                    sql: "UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?",
                    arguments: [error, SQLiteDates.millis(retryAt), id])
            } else {
                try db.execute(
                    sql: "UPDATE outbox SET attempts = attempts + 1, last_error = ?, failed_at = ? WHERE id = ?",
                    arguments: [error, SQLiteDates.millis(now), id])
            }
            var txn = SQLiteTransaction(db: db)
            for event in audit { try txn.insertAudit(event) }
        }
    }

    public func outboxMessage(_ id: String) async throws -> OutboxMessage? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM outbox WHERE id = ?", arguments: [id]).flatMap(Self.outboxMessage)
        }
    }

    public func outboxMessages(about mention: MentionID) async throws -> [OutboxMessage] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM outbox WHERE mention_id = ? ORDER BY created_at, id", arguments: [mention.rawValue]
            ).compactMap(Self.outboxMessage(from:))
        }
    }

    public func outboxCounts() async throws -> OutboxCounts {
        try await read { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT
                        count(*) FILTER (WHERE delivered_at IS NULL AND failed_at IS NULL) AS pending,
                        count(delivered_at) AS delivered,
                        count(*) FILTER (WHERE delivered_at IS NULL AND failed_at IS NOT NULL) AS failed,
                        min(created_at) FILTER (WHERE delivered_at IS NULL AND failed_at IS NULL) AS oldest
                    FROM outbox
                    """)
            guard let row else { return OutboxCounts() }
            return OutboxCounts(
                pending: row["pending"], delivered: row["delivered"], failed: row["failed"],
                oldestPendingAt: (row["oldest"] as Int64?).map(SQLiteDates.date))
        }
    }

    /// Runs `body` in a write transaction, errors classified for the caller.
    func write<T: Sendable>(
        _ what: String, _ body: @escaping @Sendable (Database) throws -> T
    ) async throws -> T {
        do {
            return try await pool.write(body)
        } catch {
            throw Self.classify(error, doing: what)
        }
    }

    static func outboxMessage(from row: Row) -> OutboxMessage? {
        guard let kind = OutboxKind(rawValue: row["kind"]) else { return nil }
        let mention: String? = row["mention_id"]
        return OutboxMessage(
            id: row["id"], target: row["target"], kind: kind, mentionID: mention.flatMap(MentionID.init),
            payload: row["payload"], recipient: row["recipient"], createdAt: SQLiteDates.date(row["created_at"]),
            attempts: row["attempts"], nextAttemptAt: SQLiteDates.date(row["next_attempt_at"]),
            deliveredAt: (row["delivered_at"] as Int64?).map(SQLiteDates.date),
            failedAt: (row["failed_at"] as Int64?).map(SQLiteDates.date), lastError: row["last_error"])
    }
}
