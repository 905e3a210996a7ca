import Foundation
import GRDB
import HarkCore
import HarkStore

/// People's work on mentions: changes (``WorkflowApplier``), notes and history.
extension SQLiteInboxStore {
    public func change(
        _ id: MentionID, _ change: MentionChange, by actor: ChangeActor, at now: Date, serviceLevels: ServiceLevelPolicy
    ) async throws -> Mention {
        do {
            return try await pool.write { db in
                guard
                    let current = try Row.fetchOne(
                        db, sql: "SELECT \(Self.mentionColumns) FROM mentions WHERE id = ?", arguments: [id.rawValue]
                    ).flatMap(Self.mention(from:))
                else { throw HarkError(.notFound, "no such mention") }
                let (updated, audit) = try WorkflowApplier.apply(
                    change, to: current, by: actor, at: now, serviceLevels: serviceLevels)
                let correction = updated.correction
                let times = updated.workflow
                try db.execute(
                    sql: """
                        UPDATE mentions SET status = ?, assignee = ?, corrected_complaint = ?, corrected_severity = ?,
                            corrected_category = ?, corrected_by = ?, corrected_at = ?, due_at = ?, response_kind = ?,
                            clock_started_at = ?, responded_at = ?, resolved_at = ?, follow_up_at = ?, updated_at = ?
                        WHERE id = ?
                        """,
                    arguments: [
                        updated.status.rawValue, updated.assignee,
                        correction == nil ? nil : updated.effectiveAssessment?.complaint,
                        Self.correctedValue(updated, \.severity.rawValue),
                        Self.correctedValue(updated, \.category.rawValue), correction?.by,
                        correction.map { SQLiteDates.millis($0.at) }, times.dueAt.map(SQLiteDates.millis),
                        times.responseKind?.rawValue, times.clockStartedAt.map(SQLiteDates.millis),
                        times.respondedAt.map(SQLiteDates.millis), times.resolvedAt.map(SQLiteDates.millis),
                        times.followUpAt.map(SQLiteDates.millis), SQLiteDates.millis(now), id.rawValue,
                    ])
                var txn = SQLiteTransaction(db: db)
                for event in audit { try txn.insertAudit(event) }
                return updated
            }
        } catch {
            throw Self.classify(error, doing: "change a mention")
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
        do {
            return try await pool.write { db in
                try db.execute(
                    sql: "UPDATE mentions SET notes_count = notes_count + 1, updated_at = ? WHERE id = ?",
                    arguments: [SQLiteDates.millis(now), id.rawValue])
                guard db.changesCount == 1 else { throw HarkError(.notFound, "no such mention") }
                try db.execute(
                    sql: "INSERT INTO mention_notes (id, mention_id, author, text, at) VALUES (?, ?, ?, ?, ?)",
                    arguments: [note.id, id.rawValue, note.author, note.text, SQLiteDates.millis(now)])
                var txn = SQLiteTransaction(db: db)
                try txn.insertAudit(
                    AuditEvent(
                        at: now, actor: actor.name, role: actor.role, action: "mention.note", object: id.rawValue,
                        after: note.id, requestID: actor.requestID, sourceIP: actor.sourceIP))
                return note
            }
        } catch {
            throw Self.classify(error, doing: "add a note")
        }
    }

    public func notes(of id: MentionID) async throws -> [MentionNote] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT id, author, text, at FROM mention_notes WHERE mention_id = ? ORDER BY at, id",
                arguments: [id.rawValue]
            ).map { row in
                MentionNote(id: row["id"], mentionID: id, author: row["author"], text: row["text"], at: SQLiteDates.date(row["at"]))
            }
        }
    }

    public func history(of id: MentionID) async throws -> [AuditEvent] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM audit_log WHERE object = ? ORDER BY seq", arguments: [id.rawValue]
            ).map { row in
                AuditEvent(
                    at: SQLiteDates.date(row["at"]), actor: row["actor"], role: row["role"], action: row["action"],
                    object: row["object"], before: row["before"], after: row["after"], requestID: row["request_id"],
                    sourceIP: row["source_ip"], outcome: row["outcome"], sequence: row["seq"])
            }
        }
    }
}
