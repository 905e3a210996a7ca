import Foundation
import GRDB
import HarkCore
import HarkStore

/// The ingest primitives over one open GRDB write transaction.
struct SQLiteTransaction: IngestTransaction {
    let db: Database

    /// Runs a statement from the connection's statement cache: the ingest path prepares each of its
    /// statements once per connection, not once per row.
    private func execute(sql: String, arguments: StatementArguments) throws {
        try db.cachedStatement(sql: sql).execute(arguments: arguments)
    }

    func delivery(_ key: DedupKey) throws -> DeliveryRecord? {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT body_digest, mention_id, quarantine_id FROM delivery_keys WHERE key_hash = ?"),
                arguments: [SQLiteDigest.blob(key.digest)])
        else { return nil }
        let mention: String? = row["mention_id"]
        return DeliveryRecord(
            bodyDigest: SQLiteDigest.hex(row["body_digest"]), mentionID: mention.flatMap(MentionID.init),
            quarantineID: row["quarantine_id"])
    }

    func mentionID(forKey key: DedupKey) throws -> MentionID? {
        try String.fetchOne(
            db.cachedStatement(sql: "SELECT mention_id FROM mention_keys WHERE key_hash = ?"),
            arguments: [SQLiteDigest.blob(key.digest)])
            .flatMap(MentionID.init)
    }

    func currentContent(of id: MentionID) throws -> (draftDigest: String, revision: MentionRevision)? {
        guard
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT content_digest, revisions, updated_at, subject, title, text, link,
                           author_name, author_address, author_handle
                    FROM mentions WHERE id = ?
                    """, arguments: [id.rawValue])
        else { return nil }
        let revisions: Int = row["revisions"]
        return (
            row["content_digest"],
            MentionRevision(
                revision: revisions + 1, capturedAt: SQLiteDates.date(row["updated_at"]), subject: row["subject"],
                title: row["title"], text: row["text"], link: row["link"],
                author: Author(name: row["author_name"], address: row["author_address"], handle: row["author_handle"]))
        )
    }

    mutating func insertMention(_ mention: Mention, contentDigest: String, raw: RawInput) throws {
        let assessment = mention.assessment
        try execute(
            sql: """
                INSERT INTO mentions (id, source, channel, external_id, received_at, published_at, author_name,
                    author_address, author_handle, subject, title, text, link, content_digest, language, complaint,
                    severity, category, brands, cues, status, assignee, flags, revisions, updated_at, due_at,
                    response_kind)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                mention.id.rawValue, mention.source.rawValue, mention.channel.rawValue, mention.externalID,
                SQLiteDates.millis(mention.receivedAt), mention.publishedAt.map(SQLiteDates.millis),
                mention.author.name, mention.author.address, mention.author.handle, mention.subject, mention.title,
                mention.text, mention.link, contentDigest, assessment?.language, assessment?.complaint,
                assessment?.severity.rawValue, assessment?.category.rawValue,
                SQLiteJSON.encode(assessment?.brands ?? []), SQLiteJSON.encode(assessment?.cues ?? []),
                mention.status.rawValue, mention.assignee, SQLiteJSON.encode(mention.flags), mention.revisions,
                SQLiteDates.millis(mention.updatedAt), mention.workflow.dueAt.map(SQLiteDates.millis),
                mention.workflow.responseKind?.rawValue,
            ])
        try execute(
            sql: "INSERT INTO raw_inputs (mention_id, received_at, content_type, bytes) VALUES (?, ?, ?, ?)",
            arguments: [mention.id.rawValue, SQLiteDates.millis(mention.receivedAt), raw.contentType, raw.bytes])
    }

    mutating func reviseMention(
        _ id: MentionID, keeping previous: MentionRevision, with draft: MentionDraft, assessment: Assessment?,
        at now: Date
    ) throws {
        try execute(
            sql: """
                INSERT INTO mention_revisions (mention_id, revision, captured_at, subject, title, text, link,
                    author_name, author_address, author_handle)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                id.rawValue, previous.revision, SQLiteDates.millis(previous.capturedAt), previous.subject,
                previous.title, previous.text, previous.link, previous.author.name, previous.author.address,
                previous.author.handle,
            ])
        try execute(
            sql: """
                UPDATE mentions SET external_id = coalesce(?, external_id), published_at = coalesce(?, published_at),
                    author_name = ?, author_address = ?, author_handle = ?, subject = ?, title = ?, text = ?, link = ?,
                    content_digest = ?, revisions = revisions + 1, updated_at = ?
                WHERE id = ?
                """,
            arguments: [
                draft.externalID, draft.publishedAt.map(SQLiteDates.millis), draft.author.name,
                draft.author.address, draft.author.handle, draft.subject, draft.title, draft.text, draft.link,
                draft.contentDigest, SQLiteDates.millis(now), id.rawValue,
            ])
        if let assessment {
            try execute(
                sql: """
                    UPDATE mentions SET language = ?, complaint = ?, severity = ?, category = ?, brands = ?, cues = ?
                    WHERE id = ?
                    """,
                arguments: [
                    assessment.language, assessment.complaint, assessment.severity.rawValue,
                    assessment.category.rawValue, SQLiteJSON.encode(assessment.brands),
                    SQLiteJSON.encode(assessment.cues), id.rawValue,
                ])
        }
        try execute(
            sql: """
                INSERT INTO raw_inputs (mention_id, received_at, content_type, bytes) VALUES (?, ?, ?, ?)
                ON CONFLICT(mention_id) DO UPDATE SET received_at = excluded.received_at,
                    content_type = excluded.content_type, bytes = excluded.bytes
                """,
            arguments: [id.rawValue, SQLiteDates.millis(now), draft.raw.contentType, draft.raw.bytes])
    }

    mutating func insertMentionKey(_ key: DedupKey, source: SourceID, mention: MentionID, at now: Date) throws {
        try execute(
            sql: "INSERT INTO mention_keys (key_hash, source, mention_id, created_at) VALUES (?, ?, ?, ?)",
            arguments: [SQLiteDigest.blob(key.digest), source.rawValue, mention.rawValue, SQLiteDates.millis(now)])
    }

    mutating func notePlace(_ place: String, source: SourceID, mention: MentionID, at now: Date) throws {
        try execute(
            sql: """
                INSERT INTO mention_places (mention_id, source, place, first_seen_at) VALUES (?, ?, ?, ?)
                ON CONFLICT DO NOTHING
                """,
            arguments: [mention.rawValue, source.rawValue, place, SQLiteDates.millis(now)])
    }

    mutating func insertDelivery(_ key: DedupKey, source: SourceID, record: DeliveryRecord, at now: Date) throws {
        try execute(
            sql: """
                INSERT INTO delivery_keys (key_hash, source, body_digest, mention_id, quarantine_id, created_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                SQLiteDigest.blob(key.digest), source.rawValue, SQLiteDigest.blob(record.bodyDigest),
                record.mentionID?.rawValue, record.quarantineID,
                SQLiteDates.millis(now),
            ])
    }

    mutating func insertQuarantine(_ record: QuarantineRecord) throws {
        try execute(
            sql: """
                INSERT INTO quarantine (id, source, channel, received_at, reason, detail, status, body_digest,
                    content_type, bytes, metadata, mention_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                record.id, record.source.rawValue, record.channel.rawValue, SQLiteDates.millis(record.receivedAt),
                record.reason, record.detail, record.status.rawValue, record.bodyDigest, record.raw.contentType,
                record.raw.bytes, SQLiteJSON.encode(record.metadata), record.mentionID?.rawValue,
            ])
    }

    mutating func insertAudit(_ event: AuditEvent) throws {
        try execute(
            sql: """
                INSERT INTO audit_log (at, actor, role, action, object, before, after, request_id, source_ip, outcome)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                SQLiteDates.millis(event.at), event.actor, event.role, event.action, event.object, event.before,
                event.after, event.requestID, event.sourceIP, event.outcome,
            ])
    }

    mutating func enqueueOutbox(_ message: OutboxMessage) throws {
        try execute(
            sql: """
                INSERT INTO outbox (id, target, kind, mention_id, payload, recipient, created_at, next_attempt_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING
                """,
            arguments: [
                message.id, message.target, message.kind.rawValue, message.mentionID?.rawValue, message.payload,
                message.recipient, SQLiteDates.millis(message.createdAt), SQLiteDates.millis(message.nextAttemptAt),
            ])
    }

    mutating func putSourceState(_ state: SourceState, for source: SourceID, at now: Date) throws {
        try execute(
            sql: """
                INSERT INTO source_state (source, version, payload, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT(source) DO UPDATE SET version = excluded.version, payload = excluded.payload,
                    updated_at = excluded.updated_at
                """,
            arguments: [source.rawValue, state.version, state.payload, SQLiteDates.millis(now)])
    }
}

/// SHA-256 digests are stored as 32-byte blobs: half the size of hex text in the unique indexes
/// that every ingest probes.
enum SQLiteDigest {
    static func blob(_ hex: String) -> Data { Data(hexDigits: hex) }

    static func hex(_ blob: Data) -> String { blob.hexString }
}

enum SQLiteDates {
    static func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
    static func date(_ millis: Int64) -> Date { Date(timeIntervalSince1970: Double(millis) / 1000) }
}

enum SQLiteJSON {
    static func encode(_ value: [String]) -> String {
        value.isEmpty ? "[]" : encodeValue(value)
    }

    static func encode(_ value: [String: String]) -> String {
        value.isEmpty ? "{}" : encodeValue(value)
    }

    private static func encodeValue<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(value) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String?, default value: T) -> T {
        guard let text, let decoded = try? JSONDecoder().decode(T.self, from: Data(text.utf8)) else { return value }
        return decoded
    }
}
