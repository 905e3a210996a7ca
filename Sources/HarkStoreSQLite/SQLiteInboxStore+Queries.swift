import Foundation
import GRDB
import HarkCore
import HarkStore

extension SQLiteInboxStore {
    static let mentionColumns = """
        id, source, channel, external_id, received_at, published_at, author_name, author_address, author_handle,
        subject, title, text, link, language, complaint, severity, category, brands, cues, status, assignee, flags,
        revisions, updated_at, corrected_complaint, corrected_severity, corrected_category, corrected_by,
        corrected_at, due_at, response_kind, clock_started_at, responded_at, resolved_at, follow_up_at, notes_count
        """

    /// The rows `mention(from:)` decodes with an assessment.
    static let assessed =
        "(language IS NOT NULL AND complaint IS NOT NULL AND severity IS NOT NULL AND category IS NOT NULL)"

    public func mention(_ id: MentionID) async throws -> Mention? {
        try await read { db in
            try Row.fetchOne(
                db, sql: "SELECT \(Self.mentionColumns) FROM mentions WHERE id = ?", arguments: [id.rawValue]
            ).flatMap(Self.mention(from:))
        }
    }

    public func places(of id: MentionID) async throws -> [MentionPlace] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT source, place, first_seen_at FROM mention_places WHERE mention_id = ?
                    ORDER BY first_seen_at, source, place
                    """,
                arguments: [id.rawValue]
            ).compactMap { row -> MentionPlace? in
                guard let source = SourceID(row["source"]) else { return nil }
                return MentionPlace(source: source, place: row["place"], firstSeenAt: SQLiteDates.date(row["first_seen_at"]))
            }
        }
    }

    public func mentions(_ query: MentionQuery) async throws -> MentionPage {
        guard !query.namesNothing else { return MentionPage(items: [], nextCursor: nil) }
        var clauses: [String] = []
        var arguments = StatementArguments()
        func add(_ clause: String, _ values: [(any DatabaseValueConvertible)?]) {
            clauses.append(clause)
            for value in values { _ = arguments.append(contentsOf: [value]) }
        }
        if let status = query.status { add("status = ?", [status.rawValue]) }
        // The correction wins: lists filter on what people see.
        if let severity = query.severity { add("COALESCE(corrected_severity, severity) = ?", [severity.rawValue]) }
        if let category = query.category { add("COALESCE(corrected_category, category) = ?", [category.rawValue]) }
        if let assignee = query.assignee { add("assignee = ?", [assignee]) }
        if let address = query.authorAddress { add("author_address = ?", [address]) }
        if let handle = query.authorHandle { add("author_handle = ?", [handle]) }
        if let customer = query.customerID {
            add("customer_id = coalesce((SELECT customer_id FROM customer_aliases WHERE id = ?), ?)", [customer, customer])
        }
        if let issue = query.issueID { add("issue_id = ?", [issue]) }
        if let now = query.overdueAt {
            let millis = SQLiteDates.millis(now)
            add(
                "((status IN ('new', 'reopened') AND due_at < ?) OR (status = 'resolved' AND follow_up_at < ?))",
                [millis, millis])
        }
        if let channel = query.channel { add("channel = ?", [channel.rawValue]) }
        if let source = query.source { add("source = ?", [source.rawValue]) }
        if let language = query.language { add("language = ?", [language]) }
        // Brands belong to an assessment: a row has brands only when it is assessed, exactly as
        // `mention(from:)` decodes it, so list filters and single-mention visibility agree.
        if let brand = query.brand {
            add("\(Self.assessed) AND EXISTS (SELECT 1 FROM json_each(mentions.brands) WHERE value = ?)", [brand])
        }
        if query.brandScope != nil {
            let (clause, values) = Self.scopeClause(query.brandScope)
            add(clause, values)
        }
        if let since = query.since { add("received_at >= ?", [SQLiteDates.millis(since)]) }
        if let until = query.until { add("received_at < ?", [SQLiteDates.millis(until)]) }
        if let after = query.after { add("id < ?", [after.rawValue]) }
        let terms = query.searchTerms
        if !terms.isEmpty {
            while try await indexPendingSearchText(limit: 5000) == 5000 {}
            // Each word is an FTS5 string (quotes doubled), matched as a prefix: no operator injection.
            let match = terms.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"*" }
                .joined(separator: " AND ")
            add("rowid IN (SELECT rowid FROM mentions_fts WHERE mentions_fts MATCH ?)", [match])
        }
        let whereSQL = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
        _ = arguments.append(contentsOf: [query.limit + 1])
        let sql = "SELECT \(Self.mentionColumns) FROM mentions \(whereSQL) ORDER BY id DESC LIMIT ?"
        let finalArguments = arguments
        let items = try await read { db in
            try Row.fetchAll(db, sql: sql, arguments: finalArguments).compactMap(Self.mention(from:))
        }
        let page = Array(items.prefix(query.limit))
        return MentionPage(items: page, nextCursor: items.count > query.limit ? page.last?.id : nil)
    }

    public func revisions(of id: MentionID) async throws -> [MentionRevision] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT revision, captured_at, subject, title, text, link, author_name, author_address, author_handle
                    FROM mention_revisions WHERE mention_id = ? ORDER BY revision
                    """, arguments: [id.rawValue]
            ).map { row in
                MentionRevision(
                    revision: row["revision"], capturedAt: SQLiteDates.date(row["captured_at"]), subject: row["subject"],
                    title: row["title"], text: row["text"], link: row["link"],
                    author: Author(
                        name: row["author_name"], address: row["author_address"], handle: row["author_handle"]))
            }
        }
    }

    public func rawInput(of id: MentionID) async throws -> RawInput? {
        try await read { db in
            try Row.fetchOne(
                db, sql: "SELECT content_type, bytes FROM raw_inputs WHERE mention_id = ?", arguments: [id.rawValue]
            ).map { RawInput(contentType: $0["content_type"], bytes: $0["bytes"]) }
        }
    }

    public func sourceState(_ source: SourceID) async throws -> SourceState? {
        try await read { db in
            try Row.fetchOne(
                db, sql: "SELECT version, payload FROM source_state WHERE source = ? AND version > 0",
                arguments: [source.rawValue]
            ).map { SourceState(version: $0["version"], payload: $0["payload"]) }
        }
    }

    public func indexPendingSearchText(limit: Int) async throws -> Int {
        guard !configuration.readonly else { return 0 }
        do {
            return try await pool.write { db in try Self.indexPending(db, limit: limit) }
        } catch {
            throw Self.classify(error, doing: "index search text")
        }
    }

    /// Moves up to `limit` pending mentions into the full-text index; returns how many.
    static func indexPending(_ db: Database, limit: Int) throws -> Int {
        let pending =
            try Int.fetchOne(
                db.cachedStatement(sql: "SELECT count(*) FROM (SELECT 1 FROM fts_pending LIMIT ?)"), arguments: [limit])
            ?? 0
        guard pending > 0 else { return 0 }
        try db.cachedStatement(
            sql: """
                INSERT INTO mentions_fts(rowid, subject, title, text)
                SELECT m.seq, m.subject, m.title, m.text
                FROM (SELECT mention_rowid FROM fts_pending ORDER BY mention_rowid LIMIT ?) AS p
                JOIN mentions m ON m.seq = p.mention_rowid
                """
        ).execute(arguments: [limit])
        try db.cachedStatement(
            sql: """
                DELETE FROM fts_pending WHERE mention_rowid IN
                    (SELECT mention_rowid FROM fts_pending ORDER BY mention_rowid LIMIT ?)
                """
        ).execute(arguments: [limit])
        return pending
    }

    public func statistics() async throws -> StoreStatistics {
        try await read { db in
            StoreStatistics(
                mentions: try Int.fetchOne(db, sql: "SELECT count(*) FROM mentions") ?? 0,
                quarantined: try Int.fetchOne(db, sql: "SELECT count(*) FROM quarantine") ?? 0,
                deliveries: try Int.fetchOne(db, sql: "SELECT count(*) FROM delivery_keys") ?? 0)
        }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.read(body)
        } catch {
            throw Self.classify(error, doing: "read")
        }
    }

    static func mention(from row: Row) -> Mention? {
        guard let id = MentionID(row["id"]), let source = SourceID(row["source"]),
            let channel = Channel(rawValue: row["channel"])
        else { return nil }
        var assessment: Assessment?
        if let language: String = row["language"], let complaint: Bool = row["complaint"],
            let severity = Severity(rawValue: row["severity"] ?? ""),
            let category = Category(rawValue: row["category"] ?? "")
        {
            assessment = Assessment(
                language: language, complaint: complaint, severity: severity, category: category,
                brands: SQLiteJSON.decode([String].self, row["brands"], default: []),
                cues: SQLiteJSON.decode([String].self, row["cues"], default: []))
        }
        let published: Int64? = row["published_at"]
        var mention = Mention(
            id: id, source: source, channel: channel, externalID: row["external_id"],
            receivedAt: SQLiteDates.date(row["received_at"]), publishedAt: published.map(SQLiteDates.date),
            author: Author(name: row["author_name"], address: row["author_address"], handle: row["author_handle"]),
            subject: row["subject"], title: row["title"], text: row["text"], link: row["link"], assessment: assessment,
            status: InboxStatus(rawValue: row["status"]) ?? .new, assignee: row["assignee"],
            flags: SQLiteJSON.decode([String].self, row["flags"], default: []), revisions: row["revisions"],
            updatedAt: SQLiteDates.date(row["updated_at"]))
        if let by: String = row["corrected_by"], let at: Int64 = row["corrected_at"] {
            mention.correction = Correction(
                complaint: row["corrected_complaint"], severity: (row["corrected_severity"] as String?).flatMap(Severity.init),
                category: (row["corrected_category"] as String?).flatMap(Category.init), by: by, at: SQLiteDates.date(at))
        }
        func date(_ column: String) -> Date? { (row[column] as Int64?).map(SQLiteDates.date) }
        mention.workflow = WorkflowTimes(
            dueAt: date("due_at"), responseKind: (row["response_kind"] as String?).flatMap(ResponseKind.init),
            respondedAt: date("responded_at"), resolvedAt: date("resolved_at"), followUpAt: date("follow_up_at"),
            clockStartedAt: date("clock_started_at"))
        mention.notesCount = row["notes_count"]
        return mention
    }
}
