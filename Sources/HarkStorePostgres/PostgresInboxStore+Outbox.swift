import Foundation
import HarkCore
import HarkStore
import PostgresNIO

/// The notifier's durable outbox.
extension PostgresInboxStore {
    /// Adds the new messages and `audit` in one transaction; returns the ids added, in the order
    /// given (a message enqueued twice, here or before, keeps the first).
    public func enqueue(_ messages: [OutboxMessage], audit: [AuditEvent]) async throws -> [String] {
        try await transaction("enqueue outbox messages") { connection in
            let inserted = Set(try await PostgresTransaction.insertOutbox(messages, on: connection, logger: logger))
            try await PostgresTransaction.insertAudit(audit, on: connection, logger: logger)
            var added: [String] = []
            for message in messages where inserted.contains(message.id) && !added.contains(message.id) {
                added.append(message.id)
            }
            return added
        }
    }

    public func dueOutboxMessages(at now: Date, limit: Int) async throws -> [OutboxMessage] {
        try await rows(
            "read due outbox messages",
            """
            SELECT \(unescaped: Self.outboxColumns) FROM outbox
            WHERE delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at <= \(PostgresDates.millis(now))
            ORDER BY next_attempt_at, id LIMIT \(max(0, limit))
            """
        ).compactMap(Self.outboxMessage(from:))
    }

    public func nextOutboxAttempt() async throws -> Date? {
        try await rows(
            "read the next outbox attempt",
            "SELECT min(next_attempt_at) AS next FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL"
        ).first?.optionalDate("next")
    }

    public func recordOutboxDelivery(_ id: String, at now: Date, audit: [AuditEvent]) async throws {
        try await transaction("record an outbox delivery") { connection in
            try await connection.query(
                """
                UPDATE outbox SET attempts = attempts + 1, delivered_at = \(PostgresDates.millis(now)), last_error = NULL
                WHERE id = \(id)
                """, logger: logger)
            try await PostgresTransaction.insertAudit(audit, on: connection, logger: logger)
        }
    }

    public func recordOutboxFailure(
        _ id: String, error: String, retryAt: Date?, at now: Date, audit: [AuditEvent]
    ) async throws {
        let error = TextCleanup.line(error)
        try await transaction("record an outbox failure") { connection in
            if let retryAt {
                try await connection.query(
                    """
                    UPDATE outbox SET attempts = attempts + 1, last_error = \(error),
                        next_attempt_at = \(PostgresDates.millis(retryAt))
                    WHERE id = \(id)
                    """, logger: logger)
            } else {
                try await connection.query(
                    """
                    UPDATE outbox SET attempts = attempts + 1, last_error = \(error), failed_at = \(PostgresDates.millis(now))
                    WHERE id = \(id)
                    """, logger: logger)
            }
            try await PostgresTransaction.insertAudit(audit, on: connection, logger: logger)
        }
    }

    public func outboxMessage(_ id: String) async throws -> OutboxMessage? {
        guard Self.isStorableText(id) else { return nil }
        return try await rows("read an outbox message", "SELECT \(unescaped: Self.outboxColumns) FROM outbox WHERE id = \(id)")
            .first.flatMap(Self.outboxMessage(from:))
    }

    public func outboxMessages(about mention: MentionID) async throws -> [OutboxMessage] {
        try await rows(
            "read a mention's outbox messages",
            "SELECT \(unescaped: Self.outboxColumns) FROM outbox WHERE mention_id = \(mention.rawValue) ORDER BY created_at, id"
        ).compactMap(Self.outboxMessage(from:))
    }

    public func outboxCounts() async throws -> OutboxCounts {
        guard
            let row = try await rows(
                "count outbox messages",
                """
                SELECT
                    count(*) FILTER (WHERE delivered_at IS NULL AND failed_at IS NULL) AS pending,
                    count(delivered_at) AS delivered,
                    count(*) FILTER (WHERE delivered_at IS NULL AND failed_at IS NOT NULL) AS failed,
                    min(created_at) FILTER (WHERE delivered_at IS NULL AND failed_at IS NULL) AS oldest
                FROM outbox
                """
            ).first
        else { return OutboxCounts() }
        return OutboxCounts(
            pending: try row.int("pending"), delivered: try row.int("delivered"), failed: try row.int("failed"),
            oldestPendingAt: try row.optionalDate("oldest"))
    }

    /// The columns ``outboxMessage(from:)`` reads.
    static let outboxColumns = """
        id, target, kind, mention_id, payload, recipient, created_at, attempts, next_attempt_at, delivered_at,
        failed_at, last_error
        """

    /// Decodes a row of ``outboxColumns``; `nil` for a kind this version does not know.
    static func outboxMessage(from row: PostgresRandomAccessRow) throws -> OutboxMessage? {
        guard let kind = OutboxKind(rawValue: try row.text("kind")) else { return nil }
        return OutboxMessage(
            id: try row.text("id"), target: try row.text("target"), kind: kind,
            mentionID: try row.optionalText("mention_id").flatMap(MentionID.init), payload: try row.bytes("payload"),
            recipient: try row.optionalText("recipient"), createdAt: try row.date("created_at"),
            attempts: try row.int("attempts"), nextAttemptAt: try row.date("next_attempt_at"),
            deliveredAt: try row.optionalDate("delivered_at"), failedAt: try row.optionalDate("failed_at"),
            lastError: try row.optionalText("last_error"))
    }
}
