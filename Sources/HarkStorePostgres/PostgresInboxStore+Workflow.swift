import Foundation
import HarkCore
import HarkStore
import PostgresNIO

/// People's work on mentions: changes (``WorkflowApplier``), notes and history.
extension PostgresInboxStore {
    /// Reads the mention locked (`FOR UPDATE`), so that two people changing it at once on two
    /// instances apply their changes one after the other, each to what the other left.
    public func change(
        _ id: MentionID, _ change: MentionChange, by actor: ChangeActor, at now: Date, serviceLevels: ServiceLevelPolicy
    ) async throws -> Mention {
        try await transaction("change a mention") { connection in
            var current: Mention?
            for try await row in try await connection.query(
                "SELECT \(unescaped: PostgresMentionRow.columns) FROM mentions WHERE id = \(id.rawValue) FOR UPDATE",
                logger: logger)
            {
                current = try PostgresMentionRow.mention(from: row.makeRandomAccess())
            }
            guard let current else { throw HarkError(.notFound, "no such mention") }
            let (updated, audit) = try WorkflowApplier.apply(
                change, to: current, by: actor, at: now, serviceLevels: serviceLevels)
            let correction = updated.correction
            let times = updated.workflow
            let correctedComplaint = correction == nil ? nil : updated.effectiveAssessment?.complaint
            try await connection.query(
                """
                UPDATE mentions SET status = \(updated.status.rawValue), assignee = \(updated.assignee),
                    corrected_complaint = \(correctedComplaint),
                    corrected_severity = \(Self.correctedValue(updated, \.severity.rawValue)),
                    corrected_category = \(Self.correctedValue(updated, \.category.rawValue)),
                    corrected_by = \(correction?.by), corrected_at = \(correction.map { PostgresDates.millis($0.at) }),
                    due_at = \(times.dueAt.map(PostgresDates.millis)), response_kind = \(times.responseKind?.rawValue),
                    clock_started_at = \(times.clockStartedAt.map(PostgresDates.millis)),
                    responded_at = \(times.respondedAt.map(PostgresDates.millis)),
                    resolved_at = \(times.resolvedAt.map(PostgresDates.millis)),
                    follow_up_at = \(times.followUpAt.map(PostgresDates.millis)), updated_at = \(PostgresDates.millis(now))
                WHERE id = \(id.rawValue)
                """, logger: logger)
            try await PostgresTransaction.insertAudit(audit, on: connection, logger: logger)
            return updated
        }
    }

    /// The effective value of a corrected field (so lists filter on it), or NULL when uncorrected.
    static func correctedValue(_ mention: Mention, _ field: KeyPath<Assessment, String>) -> String? {
        guard mention.correction != nil, let effective = mention.effectiveAssessment else { return nil }
        return effective[keyPath: field]
    }

    public func addNote(to id: MentionID, text: String, by actor: ChangeActor, at now: Date) async throws -> MentionNote {
        let cleaned = try WorkflowApplier.noteText(text)
        let note = MentionNote(id: UUID().uuidString.lowercased(), mentionID: id, author: actor.name, text: cleaned, at: now)
        let at = PostgresDates.millis(now)
        return try await transaction("add a note") { connection in
            var found = false
            for try await _ in try await connection.query(
                "UPDATE mentions SET notes_count = notes_count + 1, updated_at = \(at) WHERE id = \(id.rawValue) RETURNING id",
                logger: logger)
            {
                found = true
            }
            guard found else { throw HarkError(.notFound, "no such mention") }
            try await connection.query(
                """
                INSERT INTO mention_notes (id, mention_id, author, text, at)
                VALUES (\(note.id), \(id.rawValue), \(note.author), \(note.text), \(at))
                """, logger: logger)
            try await PostgresTransaction.insertAudit(
                [
                    AuditEvent(
                        at: now, actor: actor.name, role: actor.role, action: "mention.note", object: id.rawValue,
                        after: note.id, requestID: actor.requestID, sourceIP: actor.sourceIP)
                ], on: connection, logger: logger)
            return note
        }
    }

    public func notes(of id: MentionID) async throws -> [MentionNote] {
        try await rows(
            "read notes", "SELECT id, author, text, at FROM mention_notes WHERE mention_id = \(id.rawValue) ORDER BY at, id"
        ).map { row in
            MentionNote(
                id: try row.text("id"), mentionID: id, author: try row.text("author"), text: try row.text("text"),
                at: try row.date("at"))
        }
    }

    public func history(of id: MentionID) async throws -> [AuditEvent] {
        try await rows(
            "read a mention's history",
            "SELECT \(unescaped: Self.auditColumns) FROM audit_log WHERE object = \(id.rawValue) ORDER BY seq"
        ).map(Self.auditEvent(from:))
    }
}
