import Foundation
import HarkCore
import HarkStore
import Logging
import PostgresNIO

/// The operator's work on the store: quarantine, reassessment, the audit log, erasure and
/// retention.
extension PostgresInboxStore {
    public func quarantined(_ query: QuarantineQuery) async throws -> [QuarantineRecord] {
        var statement = PostgresStatement("SELECT \(Self.quarantineColumns) FROM quarantine")
        var clauses: [String] = []
        if let source = query.source { clauses.append("source = \(statement.bind(source.rawValue))") }
        if let status = query.status { clauses.append("status = \(statement.bind(status.rawValue))") }
        if !clauses.isEmpty { statement.append(" WHERE " + clauses.joined(separator: " AND ")) }
        statement.append(" ORDER BY id DESC LIMIT \(statement.bind(query.limit))")
        return try await rows("list quarantine", statement.query).compactMap(Self.quarantine(from:))
    }

    public func quarantineRecord(_ id: String) async throws -> QuarantineRecord? {
        guard Self.isStorableText(id) else { return nil }
        return try await rows(
            "read a quarantine record",
            "SELECT \(unescaped: Self.quarantineColumns) FROM quarantine WHERE id = \(id)"
        ).first.flatMap(Self.quarantine(from:))
    }

    /// Stores (or revises) the repaired input in one transaction with the record's new status, so
    /// that the delivery points at the mention and a re-delivery of the original bytes is a
    /// duplicate. The record is locked: two retries of one record take turns.
    public func resolveQuarantine(
        _ id: String, with item: MentionDraft, assessment: Assessment?, at now: Date
    ) async throws -> IngestReceipt {
        guard Self.isStorableText(id) else { throw HarkError(.notFound, "no quarantine record \(TextCleanup.escapedForLog(id))") }
        return try await transaction("retry a quarantined input") { connection in
            let found = try await connection.query(
                "SELECT 1 AS found FROM quarantine WHERE id = \(id) FOR UPDATE", logger: logger)
            var exists = false
            for try await _ in found { exists = true }
            guard exists else { throw HarkError(.notFound, "no quarantine record \(id)") }
            var txn = try await PostgresTransaction.prefetch(
                PostgresIngestKeys(drafts: [item]), on: connection, logger: logger)
            let receipt = try IngestApplier.storeOrRevise(item, assessment: assessment, to: &txn, at: now)
            try await txn.flush(on: connection, logger: logger)
            let mention = receipt.mentionID?.rawValue
            try await connection.query(
                "UPDATE quarantine SET status = 'retried', mention_id = \(mention) WHERE id = \(id)", logger: logger)
            try await connection.query(
                "UPDATE delivery_keys SET mention_id = \(mention) WHERE quarantine_id = \(id)", logger: logger)
            try await PostgresTransaction.insertAudit(
                [
                    AuditEvent(
                        at: now, actor: "system", action: "quarantine.retry", object: "quarantine:\(id)",
                        after: receipt.mentionID.map { "mention:\($0)" })
                ], on: connection, logger: logger)
            return receipt
        }
    }

    /// Replaces assessments in place (no revision: the text did not change), as multi-row
    /// statements. As when applied one by one, the last assessment given for a mention wins and
    /// every update of an existing mention counts.
    public func updateAssessments(_ updates: [(MentionID, Assessment)], actor: String, at now: Date) async throws -> Int {
        var latest: [MentionID: Assessment] = [:]
        var order: [MentionID] = []
        for (id, assessment) in updates {
            if latest.updateValue(assessment, forKey: id) == nil { order.append(id) }
        }
        let pending = order.compactMap { id in latest[id].map { (id, $0) } }
        return try await transaction("update assessments") { connection in
            var updated: Set<String> = []
            var index = pending.startIndex
            while index < pending.endIndex {
                var statement = PostgresStatement("UPDATE mentions AS m SET language = v.language, complaint = v.complaint, ")
                statement.append("severity = v.severity, category = v.category, brands = v.brands, cues = v.cues FROM (VALUES ")
                var values: [String] = []
                while index < pending.endIndex, values.count < 1000, statement.room > 16 {
                    let (id, assessment) = pending[index]
                    let placeholders = [
                        statement.bind(id.rawValue), statement.bind(assessment.language),
                        "\(statement.bind(assessment.complaint))::boolean", statement.bind(assessment.severity.rawValue),
                        statement.bind(assessment.category.rawValue), "\(statement.bind(assessment.brands))::text[]",
                        "\(statement.bind(assessment.cues))::text[]",
                    ]
                    values.append("(" + placeholders.joined(separator: ", ") + ")")
                    index += 1
                }
                statement.append(values.joined(separator: ", "))
                statement.append(
                    ") AS v (id, language, complaint, severity, category, brands, cues) WHERE m.id = v.id RETURNING m.id")
                for try await id in try await connection.query(statement.query, logger: logger).decode(String.self) {
                    updated.insert(id)
                }
            }
            let count = updates.filter { updated.contains($0.0.rawValue) }.count
            try await PostgresTransaction.insertAudit(
                [
                    AuditEvent(
                        at: now, actor: actor, action: "reassess", object: "mentions", after: "updated=\(count)",
                        outcome: "ok")
                ], on: connection, logger: logger)
            return count
        }
    }

    public func appendAudit(_ event: AuditEvent) async throws {
        try await transaction("append to the audit log") { connection in
            try await PostgresTransaction.insertAudit([event], on: connection, logger: logger)
        }
    }

    public func auditLog(limit: Int) async throws -> [AuditEvent] {
        try await rows(
            "read the audit log",
            "SELECT \(unescaped: Self.auditColumns) FROM audit_log ORDER BY seq DESC LIMIT \(max(0, limit))"
        ).map(Self.auditEvent(from:))
    }

    /// Erases one person's mentions in one transaction: the mentions (their revisions, raw input,
    /// notes, places and outbox messages go with them), earlier revisions written under that
    /// author, their recurrence evidence, and issues are counted again. Counts only reach the
    /// audit record, never the address or handle.
    public func erase(_ subject: ErasureSubject, by actor: ChangeActor, at now: Date) async throws -> ErasureResult {
        // The column is one of a fixed pair, never from input; the value is bound.
        let (column, value) = (subject.column, subject.storedValue)
        return try await transaction("erase") { connection in
            // One statement: the counts read the snapshot from before the delete, whose cascade
            // (revisions, raw input, notes, places, outbox, recurrence rows) runs at its end.
            var result = ErasureResult(mentions: 0, revisions: 0, rawInputs: 0)
            var customers: Set<String> = []
            var issues: Set<String> = []
            let erased = try await connection.query(
                """
                WITH gone AS (DELETE FROM mentions WHERE \(unescaped: column) = \(value) RETURNING id, customer_id, issue_id)
                SELECT customer_id, issue_id,
                    (SELECT count(*) FROM mention_revisions r WHERE r.mention_id = gone.id) AS revisions,
                    (SELECT count(*) FROM raw_inputs i WHERE i.mention_id = gone.id) AS raw
                FROM gone
                """, logger: logger)
            for try await (customer, issue, revisions, raw) in erased.decode((String?, String?, Int, Int).self) {
                result.mentions += 1
                result.revisions += revisions
                result.rawInputs += raw
                if let customer { customers.insert(customer) }
                if let issue { issues.insert(issue) }
            }
            try await Self.eraseEvidence(subject, customers: customers.sorted(), on: connection, logger: logger)
            try await Self.recount(issues: issues, on: connection, logger: logger)
            // Earlier revisions written under another author are matched as well.
            let revisions = try await connection.query(
                """
                WITH gone AS (DELETE FROM mention_revisions WHERE \(unescaped: column) = \(value) RETURNING 1)
                SELECT count(*) FROM gone
                """, logger: logger)
            for try await count in revisions.decode(Int.self) { result.revisions += count }
            try await PostgresTransaction.insertAudit(
                [
                    AuditEvent(
                        at: now, actor: actor.name, role: actor.role, action: "erase", object: "person",
                        after: "mentions=\(result.mentions) revisions=\(result.revisions) raw=\(result.rawInputs)",
                        requestID: actor.requestID, sourceIP: actor.sourceIP)
                ], on: connection, logger: logger)
            return result
        }
    }

    public func purgeRawInput(olderThan cutoff: Date) async throws -> Int {
        try await rows(
            "purge raw input",
            """
            WITH gone AS (DELETE FROM raw_inputs WHERE received_at < \(PostgresDates.millis(cutoff)) RETURNING 1)
            SELECT count(*) AS count FROM gone
            """
        ).first?.int("count") ?? 0
    }

    // MARK: Rows

    /// The columns ``quarantine(from:)`` reads (the metadata as JSON text).
    static let quarantineColumns = """
        id, source, channel, received_at, reason, detail, status, body_digest, content_type, bytes,
        metadata::text AS metadata, mention_id
        """

    /// Decodes a row of ``quarantineColumns``; `nil` for a row this version cannot read.
    static func quarantine(from row: PostgresRandomAccessRow) throws -> QuarantineRecord? {
        guard let source = SourceID(try row.text("source")), let channel = Channel(rawValue: try row.text("channel")),
            let status = QuarantineRecord.Status(rawValue: try row.text("status"))
        else { return nil }
        return QuarantineRecord(
            id: try row.text("id"), source: source, channel: channel, receivedAt: try row.date("received_at"),
            reason: try row.text("reason"), detail: try row.text("detail"), status: status,
            bodyDigest: try row.text("body_digest"),
            raw: RawInput(contentType: try row.optionalText("content_type"), bytes: try row.bytes("bytes")),
            metadata: PostgresJSON.decode(try row.optionalText("metadata")),
            mentionID: try row.optionalText("mention_id").flatMap(MentionID.init))
    }

    /// The columns ``auditEvent(from:)`` reads.
    static let auditColumns = "seq, at, actor, role, action, object, before, after, request_id, source_ip, outcome"

    /// Decodes a row of ``auditColumns``.
    static func auditEvent(from row: PostgresRandomAccessRow) throws -> AuditEvent {
        AuditEvent(
            at: try row.date("at"), actor: try row.text("actor"), role: try row.optionalText("role"),
            action: try row.text("action"), object: try row.optionalText("object"),
            before: try row.optionalText("before"), after: try row.optionalText("after"),
            requestID: try row.optionalText("request_id"), sourceIP: try row.optionalText("source_ip"),
            outcome: try row.text("outcome"), sequence: try row.value("seq", as: Int64.self))
    }
}
