import Foundation
import HarkCore
import HarkStore
import Logging
import PostgresNIO

/// The keys an ingest transaction will read: fetched in two statements before the rules run.
struct PostgresIngestKeys {
    var deliveries: Set<String> = []
    var mentionKeys: Set<String> = []

    init(_ items: [IngestItem]) {
        for item in items {
            switch item {
            case .mention(let draft, _): add(draft)
            case .quarantine(let draft): if let key = draft.deliveryKey { deliveries.insert(key.digest) }
            }
        }
    }

    init(drafts: [MentionDraft]) {
        for draft in drafts { add(draft) }
    }

    private mutating func add(_ draft: MentionDraft) {
        deliveries.insert(draft.deliveryKey.digest)
        mentionKeys.insert(draft.mentionKey.digest)
        if let claim = draft.identityClaim { mentionKeys.insert(claim.key.digest) }
    }
}

/// The ingest primitives over one PostgreSQL transaction.
///
/// ``IngestApplier``'s rules are synchronous; a round trip per read and write would also be slow.
/// So the rows the rules may read (delivery keys, mention keys, the current content of the
/// mentions those name) are fetched first, the rules run against them and against what the batch
/// itself wrote, and the writes are sent afterwards as multi-row statements. Another instance
/// committing the same keys meanwhile makes an insert fail on its unique key: the transaction
/// is then run again (``PostgresInboxStore/transaction(_:_:)``) and sees that instance's rows.
struct PostgresTransaction: IngestTransaction {
    typealias Content = (draftDigest: String, revision: MentionRevision)

    private var deliveries: [String: DeliveryRecord] = [:]
    private var mentionKeys: [String: MentionID] = [:]
    /// The current content of the mentions the keys name; absent when erased.
    private var contents: [MentionID: Content] = [:]

    private var newMentions: [(mention: Mention, contentDigest: String, raw: RawInput)] = []
    private var revisions: [Revision] = []
    private var newMentionKeys: [(key: String, source: SourceID, mention: MentionID, at: Date)] = []
    private var newDeliveries: [(key: String, source: SourceID, record: DeliveryRecord, at: Date)] = []
    private var places: [(place: String, source: SourceID, mention: MentionID, at: Date)] = []
    private var quarantines: [QuarantineRecord] = []
    private var audits: [AuditEvent] = []
    private var outbox: [OutboxMessage] = []
    private var sourceStates: [(source: SourceID, state: SourceState, at: Date)] = []

    private struct Revision {
        var id: MentionID
        var previous: MentionRevision
        var draft: MentionDraft
        var assessment: Assessment?
        var at: Date
    }

    /// Reads what the rules may ask about `keys`.
    static func prefetch(
        _ keys: PostgresIngestKeys, on connection: PostgresConnection, logger: Logger
    ) async throws -> PostgresTransaction {
        var txn = PostgresTransaction()
        if !keys.deliveries.isEmpty {
            let rows = try await connection.query(
                """
                SELECT encode(key_hash, 'hex') AS key, encode(body_digest, 'hex') AS body, mention_id, quarantine_id
                FROM delivery_keys WHERE key_hash IN (SELECT decode(k, 'hex') FROM unnest(\(Array(keys.deliveries))::text[]) AS k)
                """, logger: logger)
            for try await (key, body, mention, quarantine) in rows.decode((String, String, String?, String?).self) {
                txn.deliveries[key] = DeliveryRecord(
                    bodyDigest: body, mentionID: mention.flatMap(MentionID.init), quarantineID: quarantine)
            }
        }
        if !keys.mentionKeys.isEmpty {
            let rows = try await connection.query(
                """
                SELECT encode(key_hash, 'hex') AS key, mention_id
                FROM mention_keys WHERE key_hash IN (SELECT decode(k, 'hex') FROM unnest(\(Array(keys.mentionKeys))::text[]) AS k)
                """, logger: logger)
            for try await (key, mention) in rows.decode((String, String).self) {
                if let id = MentionID(mention) { txn.mentionKeys[key] = id }
            }
        }
        let known = Array(Set(txn.mentionKeys.values.map(\.rawValue)))
        if !known.isEmpty {
            // Locked: a revision made by another instance meanwhile waits for this one, not lost.
            let rows = try await connection.query(
                """
                SELECT id, content_digest, revisions, updated_at, subject, title, text, link,
                       author_name, author_address, author_handle
                FROM mentions WHERE id = ANY(\(known)) FOR UPDATE
                """, logger: logger)
            for try await row in rows {
                let row = row.makeRandomAccess()
                guard let id = MentionID(try row.text("id")) else { continue }
                txn.contents[id] = (
                    try row.text("content_digest"),
                    MentionRevision(
                        revision: try row.int("revisions") + 1, capturedAt: try row.date("updated_at"),
                        subject: try row.optionalText("subject"), title: try row.optionalText("title"),
                        text: try row.text("text"), link: try row.optionalText("link"),
                        author: Author(
                            name: try row.optionalText("author_name"), address: try row.optionalText("author_address"),
                            handle: try row.optionalText("author_handle")))
                )
            }
        }
        return txn
    }

    // MARK: IngestTransaction

    func delivery(_ key: DedupKey) throws -> DeliveryRecord? {
        deliveries[key.digest]
    }

    func mentionID(forKey key: DedupKey) throws -> MentionID? {
        mentionKeys[key.digest]
    }

    func currentContent(of id: MentionID) throws -> (draftDigest: String, revision: MentionRevision)? {
        contents[id]
    }

    mutating func insertMention(_ mention: Mention, contentDigest: String, raw: RawInput) throws {
        newMentions.append((mention, contentDigest, raw))
        contents[mention.id] = (
            contentDigest,
            MentionRevision(
                revision: mention.revisions + 1, capturedAt: mention.updatedAt, subject: mention.subject,
                title: mention.title, text: mention.text, link: mention.link, author: mention.author)
        )
    }

    mutating func reviseMention(
        _ id: MentionID, keeping previous: MentionRevision, with draft: MentionDraft, assessment: Assessment?,
        at now: Date
    ) throws {
        revisions.append(Revision(id: id, previous: previous, draft: draft, assessment: assessment, at: now))
        contents[id] = (
            draft.contentDigest,
            MentionRevision(
                revision: previous.revision + 1, capturedAt: now, subject: draft.subject, title: draft.title,
                text: draft.text, link: draft.link, author: draft.author)
        )
    }

    mutating func insertMentionKey(_ key: DedupKey, source: SourceID, mention: MentionID, at now: Date) throws {
        newMentionKeys.append((key.digest, source, mention, now))
        mentionKeys[key.digest] = mention
    }

    mutating func insertDelivery(_ key: DedupKey, source: SourceID, record: DeliveryRecord, at now: Date) throws {
        newDeliveries.append((key.digest, source, record, now))
        deliveries[key.digest] = record
    }

    mutating func notePlace(_ place: String, source: SourceID, mention: MentionID, at now: Date) throws {
        places.append((place, source, mention, now))
    }

    mutating func insertQuarantine(_ record: QuarantineRecord) throws {
        quarantines.append(record)
    }

    mutating func insertAudit(_ event: AuditEvent) throws {
        audits.append(event)
    }

    mutating func enqueueOutbox(_ message: OutboxMessage) throws {
        outbox.append(message)
    }

    mutating func putSourceState(_ state: SourceState, for source: SourceID, at now: Date) throws {
        sourceStates.append((source, state, now))
    }

    // MARK: Writing

    /// Sends the writes, parents before children: mentions, then their revisions, raw input,
    /// keys, places, quarantine, audit, outbox and source state.
    func flush(on connection: PostgresConnection, logger: Logger) async throws {
        try await Self.insertRows(
            "mentions", PostgresMentionRow.insertColumns, newMentions, on: connection, logger: logger
        ) { statement, item in PostgresMentionRow.values(item.mention, contentDigest: item.contentDigest, into: &statement) }
        try await Self.insertRows(
            "raw_inputs", "mention_id, received_at, content_type, bytes", newMentions, on: connection, logger: logger
        ) { statement, item in
            [
                statement.bind(item.mention.id.rawValue), statement.bind(PostgresDates.millis(item.mention.receivedAt)),
                statement.bind(item.raw.contentType), statement.bind(item.raw.bytes),
            ]
        }
        for revision in revisions { try await Self.write(revision, on: connection, logger: logger) }
        try await Self.insertRows(
            "mention_keys", "key_hash, source, mention_id, created_at", newMentionKeys, on: connection, logger: logger
        ) { statement, item in
            [
                "decode(\(statement.bind(item.key)), 'hex')", statement.bind(item.source.rawValue),
                statement.bind(item.mention.rawValue), statement.bind(PostgresDates.millis(item.at)),
            ]
        }
        try await Self.insertRows(
            "delivery_keys", "key_hash, source, body_digest, mention_id, quarantine_id, created_at", newDeliveries,
            on: connection, logger: logger
        ) { statement, item in
            [
                "decode(\(statement.bind(item.key)), 'hex')", statement.bind(item.source.rawValue),
                "decode(\(statement.bind(item.record.bodyDigest)), 'hex')", statement.bind(item.record.mentionID?.rawValue),
                statement.bind(item.record.quarantineID), statement.bind(PostgresDates.millis(item.at)),
            ]
        }
        try await Self.insertRows(
            "mention_places", "mention_id, source, place, first_seen_at", places, conflict: "ON CONFLICT DO NOTHING",
            on: connection, logger: logger
        ) { statement, item in
            [
                statement.bind(item.mention.rawValue), statement.bind(item.source.rawValue), statement.bind(item.place),
                statement.bind(PostgresDates.millis(item.at)),
            ]
        }
        try await Self.insertQuarantine(quarantines, on: connection, logger: logger)
        try await Self.insertAudit(audits, on: connection, logger: logger)
        try await Self.insertOutbox(outbox, on: connection, logger: logger)
        for (source, state, at) in sourceStates {
            try await connection.query(
                """
                INSERT INTO source_state (source, version, payload, updated_at)
                VALUES (\(source.rawValue), \(state.version), \(state.payload), \(PostgresDates.millis(at)))
                ON CONFLICT (source) DO UPDATE SET version = excluded.version, payload = excluded.payload,
                    updated_at = excluded.updated_at
                """, logger: logger)
        }
    }

    private static func write(_ revision: Revision, on connection: PostgresConnection, logger: Logger) async throws {
        let previous = revision.previous
        let draft = revision.draft
        let id = revision.id.rawValue
        try await connection.query(
            """
            INSERT INTO mention_revisions (mention_id, revision, captured_at, subject, title, text, link,
                author_name, author_address, author_handle)
            VALUES (\(id), \(previous.revision), \(PostgresDates.millis(previous.capturedAt)), \(previous.subject),
                \(previous.title), \(previous.text), \(previous.link), \(previous.author.name),
                \(previous.author.address), \(previous.author.handle))
            """, logger: logger)
        try await connection.query(
            """
            UPDATE mentions SET external_id = coalesce(\(draft.externalID), external_id),
                published_at = coalesce(\(draft.publishedAt.map(PostgresDates.millis)), published_at),
                author_name = \(draft.author.name), author_address = \(draft.author.address),
                author_handle = \(draft.author.handle), subject = \(draft.subject), title = \(draft.title),
                text = \(draft.text), link = \(draft.link), content_digest = \(draft.contentDigest),
                revisions = revisions + 1, updated_at = \(PostgresDates.millis(revision.at))
            WHERE id = \(id)
            """, logger: logger)
        if let assessment = revision.assessment {
            try await connection.query(
                """
                UPDATE mentions SET language = \(assessment.language), complaint = \(assessment.complaint),
                    severity = \(assessment.severity.rawValue), category = \(assessment.category.rawValue),
                    brands = \(assessment.brands), cues = \(assessment.cues)
                WHERE id = \(id)
                """, logger: logger)
        }
        try await connection.query(
            """
            INSERT INTO raw_inputs (mention_id, received_at, content_type, bytes)
            VALUES (\(id), \(PostgresDates.millis(revision.at)), \(draft.raw.contentType), \(draft.raw.bytes))
            ON CONFLICT (mention_id) DO UPDATE SET received_at = excluded.received_at,
                content_type = excluded.content_type, bytes = excluded.bytes
            """, logger: logger)
    }

    static func insertQuarantine(
        _ records: [QuarantineRecord], on connection: PostgresConnection, logger: Logger
    ) async throws {
        try await Self.insertRows(
            "quarantine",
            "id, source, channel, received_at, reason, detail, status, body_digest, content_type, bytes, metadata, mention_id",
            records, on: connection, logger: logger
        ) { statement, record in
            [
                statement.bind(record.id), statement.bind(record.source.rawValue), statement.bind(record.channel.rawValue),
                statement.bind(PostgresDates.millis(record.receivedAt)), statement.bind(record.reason),
                statement.bind(record.detail), statement.bind(record.status.rawValue), statement.bind(record.bodyDigest),
                statement.bind(record.raw.contentType), statement.bind(record.raw.bytes),
                "\(statement.bind(PostgresJSON.encode(record.metadata)))::jsonb", statement.bind(record.mentionID?.rawValue),
            ]
        }
    }

    static func insertAudit(_ events: [AuditEvent], on connection: PostgresConnection, logger: Logger) async throws {
        try await Self.insertRows(
            "audit_log", "at, actor, role, action, object, before, after, request_id, source_ip, outcome", events,
            on: connection, logger: logger
        ) { statement, event in
            [
                statement.bind(PostgresDates.millis(event.at)), statement.bind(event.actor), statement.bind(event.role),
                statement.bind(event.action), statement.bind(event.object), statement.bind(event.before),
                statement.bind(event.after), statement.bind(event.requestID), statement.bind(event.sourceIP),
                statement.bind(event.outcome),
            ]
        }
    }

    /// Adds the messages whose ids are new (a message enqueued twice keeps the first); returns the
    /// ids added.
    @discardableResult
    static func insertOutbox(
        _ messages: [OutboxMessage], on connection: PostgresConnection, logger: Logger
    ) async throws -> [String] {
        try await Self.insertRows(
            "outbox", "id, target, kind, mention_id, payload, recipient, created_at, next_attempt_at", messages,
            conflict: "ON CONFLICT (id) DO NOTHING RETURNING id", on: connection, logger: logger
        ) { statement, message in
            [
                statement.bind(message.id), statement.bind(message.target), statement.bind(message.kind.rawValue),
                statement.bind(message.mentionID?.rawValue), statement.bind(message.payload),
                statement.bind(message.recipient), statement.bind(PostgresDates.millis(message.createdAt)),
                statement.bind(PostgresDates.millis(message.nextAttemptAt)),
            ]
        }
    }

    /// Inserts `items` as multi-row statements, as many rows per statement as the bind limit
    /// allows; returns the first column of what a `RETURNING` clause in `conflict` returns.
    @discardableResult
    static func insertRows<Item>(
        _ table: String, _ columns: String, _ items: [Item], conflict: String = "", on connection: PostgresConnection,
        logger: Logger, _ values: (inout PostgresStatement, Item) -> [String]
    ) async throws -> [String] {
        var returned: [String] = []
        var index = items.startIndex
        while index < items.endIndex {
            var statement = PostgresStatement("INSERT INTO \(table) (\(columns)) VALUES ")
            var first = true
            // 1,000 rows or the bind limit, whichever comes first.
            var rows = 0
            while index < items.endIndex, rows < 1000, statement.room > 64 {
                let placeholders = values(&statement, items[index])
                statement.append((first ? "" : ", ") + "(" + placeholders.joined(separator: ", ") + ")")
                first = false
                rows += 1
                index += 1
            }
            if !conflict.isEmpty { statement.append(" " + conflict) }
            let result = try await connection.query(statement.query, logger: logger)
            if conflict.contains("RETURNING") {
                for try await value in result.decode(String.self) { returned.append(value) }
            }
        }
        return returned
    }
}
