import Foundation
import HarkCore
import HarkStore
import PostgresNIO

extension PostgresInboxStore {
    public func mention(_ id: MentionID) async throws -> Mention? {
        try await rows("read a mention", "SELECT \(unescaped: PostgresMentionRow.columns) FROM mentions WHERE id = \(id.rawValue)")
            .first.flatMap(PostgresMentionRow.mention(from:))
    }

    public func places(of id: MentionID) async throws -> [MentionPlace] {
        try await rows(
            "read a mention's places",
            """
            SELECT source, place, first_seen_at FROM mention_places WHERE mention_id = \(id.rawValue)
            ORDER BY first_seen_at, source, place
            """
        ).compactMap { row in
            guard let source = SourceID(try row.text("source")) else { return nil }
            return MentionPlace(source: source, place: try row.text("place"), firstSeenAt: try row.date("first_seen_at"))
        }
    }

    public func mentions(_ query: MentionQuery) async throws -> MentionPage {
        guard !query.namesNothing else { return MentionPage(items: [], nextCursor: nil) }
        var statement = PostgresStatement("SELECT \(PostgresMentionRow.columns) FROM mentions")
        var clauses: [String] = []
        if let status = query.status { clauses.append("status = \(statement.bind(status.rawValue))") }
        // The correction wins: lists filter on what people see.
        if let severity = query.severity { clauses.append("effective_severity = \(statement.bind(severity.rawValue))") }
        if let category = query.category { clauses.append("effective_category = \(statement.bind(category.rawValue))") }
        if let assignee = query.assignee { clauses.append("assignee = \(statement.bind(assignee))") }
        if let address = query.authorAddress { clauses.append("author_address = \(statement.bind(address))") }
        if let handle = query.authorHandle { clauses.append("author_handle = \(statement.bind(handle))") }
        if let customer = query.customerID {
            let mark = statement.bind(customer)
            clauses.append("customer_id = coalesce((SELECT customer_id FROM customer_aliases WHERE id = \(mark)), \(mark))")
        }
        if let issue = query.issueID { clauses.append("issue_id = \(statement.bind(issue))") }
        if let now = query.overdueAt {
            let mark = statement.bind(PostgresDates.millis(now))
            clauses.append(
                "((status IN ('new', 'reopened') AND due_at < \(mark)) OR (status = 'resolved' AND follow_up_at < \(mark)))")
        }
        if let channel = query.channel { clauses.append("channel = \(statement.bind(channel.rawValue))") }
        if let source = query.source { clauses.append("source = \(statement.bind(source.rawValue))") }
        if let language = query.language { clauses.append("language = \(statement.bind(language))") }
        // Brands belong to an assessment: a row has brands only when it is assessed, exactly as
        // `mention(from:)` decodes it, so list filters and single-mention visibility agree.
        if let brand = query.brand {
            clauses.append("\(PostgresMentionRow.assessed) AND brands @> ARRAY[\(statement.bind(brand))]::text[]")
        }
        if let scope = query.brandScope {
            clauses.append("\(PostgresMentionRow.assessed) AND brands && \(statement.bind(scope))::text[]")
        }
        if let since = query.since { clauses.append("received_at >= \(statement.bind(PostgresDates.millis(since)))") }
        if let until = query.until { clauses.append("received_at < \(statement.bind(PostgresDates.millis(until)))") }
        if let after = query.after { clauses.append("id < \(statement.bind(after.rawValue))") }
        if let search = Self.searchQuery(query.searchTerms, into: &statement) { clauses.append("search @@ \(search)") }
        if !clauses.isEmpty { statement.append(" WHERE " + clauses.joined(separator: " AND ")) }
        statement.append(" ORDER BY id DESC LIMIT \(statement.bind(query.limit + 1))")
        let items = try await rows("list mentions", statement.query).compactMap(PostgresMentionRow.mention(from:))
        let page = Array(items.prefix(query.limit))
        return MentionPage(items: page, nextCursor: items.count > query.limit ? page.last?.id : nil)
    }

    /// The text-search query of the search words: every word must match, as a prefix of a word as
    /// written or as a stem in one of the four languages. Words are reduced to letters and digits
    /// and passed as values, so no search text is read as query syntax; `nil` when no word is left.
    static func searchQuery(_ terms: [String], into statement: inout PostgresStatement) -> String? {
        let words = terms.flatMap { term in
            term.split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
        }.prefix(16)
        guard !words.isEmpty else { return nil }
        return "(" + words.map { word in
            let mark = statement.bind(word)
            let prefix = statement.bind(word + ":*")
            return "(to_tsquery('simple', \(prefix)) || plainto_tsquery('english', \(mark))"
                + " || plainto_tsquery('danish', \(mark)) || plainto_tsquery('norwegian', \(mark))"
                + " || plainto_tsquery('swedish', \(mark)))"
        }.joined(separator: " && ") + ")"
    }

    public func revisions(of id: MentionID) async throws -> [MentionRevision] {
        try await rows(
            "read revisions",
            """
            SELECT revision, captured_at, subject, title, text, link, author_name, author_address, author_handle
            FROM mention_revisions WHERE mention_id = \(id.rawValue) ORDER BY revision
            """
        ).map { row in
            MentionRevision(
                revision: try row.int("revision"), capturedAt: try row.date("captured_at"),
                subject: try row.optionalText("subject"), title: try row.optionalText("title"),
                text: try row.text("text"), link: try row.optionalText("link"),
                author: Author(
                    name: try row.optionalText("author_name"), address: try row.optionalText("author_address"),
                    handle: try row.optionalText("author_handle")))
        }
    }

    public func rawInput(of id: MentionID) async throws -> RawInput? {
        try await rows("read raw input", "SELECT content_type, bytes FROM raw_inputs WHERE mention_id = \(id.rawValue)")
            .first.map { RawInput(contentType: try $0.optionalText("content_type"), bytes: try $0.bytes("bytes")) }
    }

    public func sourceState(_ source: SourceID) async throws -> SourceState? {
        try await rows(
            "read source state", "SELECT version, payload FROM source_state WHERE source = \(source.rawValue) AND version > 0"
        ).first.map { SourceState(version: try $0.int("version"), payload: try $0.bytes("payload")) }
    }

    /// PostgreSQL indexes the search text in the ingest transaction itself (a generated column
    /// and its GIN index): nothing is ever pending.
    public func indexPendingSearchText(limit: Int) async throws -> Int { 0 }

    public func statistics() async throws -> StoreStatistics {
        let row = try await rows(
            "count",
            """
            SELECT (SELECT count(*) FROM mentions) AS mentions, (SELECT count(*) FROM quarantine) AS quarantined,
                (SELECT count(*) FROM delivery_keys) AS deliveries
            """
        ).first
        return StoreStatistics(
            mentions: try row?.int("mentions") ?? 0, quarantined: try row?.int("quarantined") ?? 0,
            deliveries: try row?.int("deliveries") ?? 0)
    }
}
