import Foundation
import GRDB
import HarkCore
import HarkStore

extension SQLiteInboxStore {
    public func quarantined(_ query: QuarantineQuery) async throws -> [QuarantineRecord] {
        var clauses: [String] = []
        var arguments = StatementArguments()
        if let source = query.source {
            clauses.append("source = ?")
            _ = arguments.append(contentsOf: [source.rawValue])
        }
        if let status = query.status {
            clauses.append("status = ?")
            _ = arguments.append(contentsOf: [status.rawValue])
        }
        _ = arguments.append(contentsOf: [query.limit])
        let whereSQL = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
        let finalArguments = arguments
        return try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM quarantine \(whereSQL) ORDER BY id DESC LIMIT ?", arguments: finalArguments)
                .compactMap(Self.quarantine(from:))
        }
    }

    public func quarantineRecord(_ id: String) async throws -> QuarantineRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM quarantine WHERE id = ?", arguments: [id]).flatMap(Self.quarantine)
        }
    }

    public func resolveQuarantine(
        _ id: String, with item: MentionDraft, assessment: Assessment?, at now: Date
    ) async throws -> IngestReceipt {
        do {
            return try await pool.write { db in
                guard try Bool.fetchOne(db, sql: "SELECT 1 FROM quarantine WHERE id = ?", arguments: [id]) != nil else {
                    throw HarkError(.notFound, "no quarantine record \(id)")
                }
                var txn = SQLiteTransaction(db: db)
                let receipt = try IngestApplier.storeOrRevise(item, assessment: assessment, to: &txn, at: now)
                try db.execute(
                    sql: "UPDATE quarantine SET status = 'retried', mention_id = ? WHERE id = ?",
                    arguments: [receipt.mentionID?.rawValue, id])
                try db.execute(
                    sql: "UPDATE delivery_keys SET mention_id = ? WHERE quarantine_id = ?",
                    arguments: [receipt.mentionID?.rawValue, id])
                try txn.insertAudit(
                    AuditEvent(
                        at: now, actor: "system", action: "quarantine.retry", object: "quarantine:\(id)",
                        after: receipt.mentionID.map { "mention:\($0)" }))
                return receipt
            }
        } catch {
            throw Self.classify(error, doing: "retry a quarantined input")
        }
    }

    public func updateAssessments(_ updates: [(MentionID, Assessment)], actor: String, at now: Date) async throws -> Int {
        do {
            return try await pool.write { db in
                var count = 0
                let statement = try db.cachedStatement(
                    sql: """
                        UPDATE mentions SET language = ?, complaint = ?, severity = ?, category = ?, brands = ?, cues = ?
                        WHERE id = ?
                        """)
                for (id, assessment) in updates {
                    try statement.execute(arguments: [
                        assessment.language, assessment.complaint, assessment.severity.rawValue,
                        assessment.category.rawValue, SQLiteJSON.encode(assessment.brands),
                        SQLiteJSON.encode(assessment.cues), id.rawValue,
                    ])
                    count += db.changesCount
                }
                var txn = SQLiteTransaction(db: db)
                try txn.insertAudit(
                    AuditEvent(
                        at: now, actor: actor, action: "reassess", object: "mentions", after: "updated=\(count)",
                        outcome: "ok"))
                return count
            }
        } catch {
            throw Self.classify(error, doing: "update assessments")
        }
    }

    public func appendAudit(_ event: AuditEvent) async throws {
        do {
            try await pool.write { db in
                var txn = SQLiteTransaction(db: db)
                try txn.insertAudit(event)
            }
        } catch {
            throw Self.classify(error, doing: "append to the audit log")
        }
    }

    public func auditLog(limit: Int) async throws -> [AuditEvent] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit_log ORDER BY seq DESC LIMIT ?", arguments: [limit]).map {
                row in
                AuditEvent(
                    at: SQLiteDates.date(row["at"]), actor: row["actor"], role: row["role"], action: row["action"],
                    object: row["object"], before: row["before"], after: row["after"], requestID: row["request_id"],
                    sourceIP: row["source_ip"], outcome: row["outcome"], sequence: row["seq"])
            }
        }
    }

    public func erase(_ subject: ErasureSubject, by actor: ChangeActor, at now: Date) async throws -> ErasureResult {
        let (column, value) = (subject.column, subject.storedValue)
        do {
            return try await pool.write { db in
                let ids = try String.fetchAll(db, sql: "SELECT id FROM mentions WHERE \(column) = ?", arguments: [value])
                let customers = try String.fetchAll(
                    db, sql: "SELECT DISTINCT customer_id FROM mentions WHERE \(column) = ? AND customer_id IS NOT NULL",
                    arguments: [value])
                let issues = try String.fetchAll(
                    db, sql: "SELECT DISTINCT issue_id FROM mentions WHERE \(column) = ? AND issue_id IS NOT NULL",
                    arguments: [value])
                var result = ErasureResult(mentions: ids.count, revisions: 0, rawInputs: 0)
                for id in ids {
                    result.revisions +=
                        try Int.fetchOne(
                            db, sql: "SELECT count(*) FROM mention_revisions WHERE mention_id = ?", arguments: [id]) ?? 0
                    result.rawInputs +=
                        try Int.fetchOne(db, sql: "SELECT count(*) FROM raw_inputs WHERE mention_id = ?", arguments: [id])
                        ?? 0
                    // Revisions and raw input go with the mention (ON DELETE CASCADE); the FTS index by trigger.
                    try db.execute(sql: "DELETE FROM mentions WHERE id = ?", arguments: [id])
                }
                try Self.eraseEvidence(db, subject, customers: customers)
                try Self.recount(db, issues: Set(issues))
                // Earlier revisions written under another author are matched as well.
                try db.execute(
                    sql: "DELETE FROM mention_revisions WHERE \(column) = ?", arguments: [value])
                result.revisions += db.changesCount
                var txn = SQLiteTransaction(db: db)
                try txn.insertAudit(
                    AuditEvent(
                        at: now, actor: actor.name, role: actor.role, action: "erase", object: "person",
                        after: "mentions=\(result.mentions) revisions=\(result.revisions) raw=\(result.rawInputs)",
                        requestID: actor.requestID, sourceIP: actor.sourceIP))
                return result
            }
        } catch {
            throw Self.classify(error, doing: "erase")
        }
    }

    public func purgeRawInput(olderThan cutoff: Date) async throws -> Int {
        do {
            return try await pool.write { db in
                try db.execute(
                    sql: "DELETE FROM raw_inputs WHERE received_at < ?", arguments: [SQLiteDates.millis(cutoff)])
                return db.changesCount
            }
        } catch {
            throw Self.classify(error, doing: "purge raw input")
        }
    }

    static func quarantine(from row: Row) -> QuarantineRecord? {
        guard let source = SourceID(row["source"]), let channel = Channel(rawValue: row["channel"]),
            let status = QuarantineRecord.Status(rawValue: row["status"])
        else { return nil }
        let mention: String? = row["mention_id"]
        return QuarantineRecord(
            id: row["id"], source: source, channel: channel, receivedAt: SQLiteDates.date(row["received_at"]),
            reason: row["reason"], detail: row["detail"], status: status, bodyDigest: row["body_digest"],
            raw: RawInput(contentType: row["content_type"], bytes: row["bytes"]),
            metadata: SQLiteJSON.decode([String: String].self, row["metadata"], default: [:]),
            mentionID: mention.flatMap(MentionID.init))
    }

    /// The person's evidence goes too (the address or handle is personal data), and a customer
    /// left without mentions goes with all their evidence.
    static func eraseEvidence(_ db: Database, _ subject: ErasureSubject, customers: [String]) throws {
        let evidence = CustomerEvidence.erased(by: subject)
        try db.execute(
            sql: "DELETE FROM customer_evidence WHERE kind = ? AND value = ?",
            arguments: [evidence.kind.rawValue, evidence.value])
        for customer in customers {
            let remaining = try Int.fetchOne(db, sql: "SELECT count(*) FROM mentions WHERE customer_id = ?", arguments: [customer]) ?? 0
            if remaining == 0 { try db.execute(sql: "DELETE FROM customers WHERE id = ?", arguments: [customer]) }
        }
    }
}
