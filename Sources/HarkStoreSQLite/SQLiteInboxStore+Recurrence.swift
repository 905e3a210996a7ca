import Foundation
import GRDB
import HarkCore
import HarkStore

extension SQLiteInboxStore {
    public func pendingRecurrence(limit: Int) async throws -> [RecurrenceInput] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT m.id, m.received_at, m.source, m.channel, m.author_name, m.author_address, m.author_handle,
                        m.subject, m.title, m.text, m.effective_complaint, m.effective_category, m.brands, p.version
                    FROM recurrence_pending p JOIN mentions m ON m.seq = p.mention_seq
                    ORDER BY p.mention_seq LIMIT ?
                    """,
                arguments: [max(0, limit)]
            ).compactMap { row -> RecurrenceInput? in
                guard let id = MentionID(row["id"]), let source = SourceID(row["source"]),
                    let channel = Channel(rawValue: row["channel"])
                else { return nil }
                let parts: [String?] = [row["title"], row["subject"], row["text"]]
                return RecurrenceInput(
                    mentionID: id, receivedAt: SQLiteDates.date(row["received_at"]), source: source, channel: channel,
                    author: Author(name: row["author_name"], address: row["author_address"], handle: row["author_handle"]),
                    text: parts.compactMap { $0 }.joined(separator: "\n"),
                    complaint: (row["effective_complaint"] as Int?) == 1,
                    category: (row["effective_category"] as String?).flatMap(Category.init(rawValue:)),
                    brands: SQLiteJSON.decode([String].self, row["brands"], default: []), pendingVersion: row["version"])
            }
        }
    }

    public func fingerprintMatches(bandKeys: [Int64], limit: Int) async throws -> [FingerprintMatch] {
        guard !bandKeys.isEmpty else { return [] }
        // Each key's posting list is read newest first and capped (a very common band says
        // little), so a lookup reads at most 16 × `perKey` index entries however large the store.
        let perKey = 100
        let keys = Array(Set(bandKeys))
        let postings = Array(
            repeating: "SELECT * FROM (SELECT mention_seq FROM similarity_bands WHERE band_key = ? ORDER BY mention_seq DESC LIMIT \(perKey))",
            count: keys.count
        ).joined(separator: " UNION ALL ")
        // From the connection's statement cache: the recurrence engine asks this once per mention,
        // and compiling the 16-way union each time was about a third of its cost under load.
        return try await read { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                    WITH hits AS (
                        SELECT mention_seq, count(*) AS n FROM (\(postings))
                        GROUP BY mention_seq ORDER BY n DESC, mention_seq DESC LIMIT ?
                    )
                    SELECT m.id, m.fingerprint, m.issue_id, m.effective_category, hits.n
                    FROM hits JOIN mentions m ON m.seq = hits.mention_seq
                    WHERE m.fingerprint IS NOT NULL
                    ORDER BY hits.n DESC, hits.mention_seq DESC
                    """),
                arguments: StatementArguments(keys) + [max(0, limit)]
            ).compactMap { row -> FingerprintMatch? in
                guard let id = MentionID(row["id"]), let bytes: Data = row["fingerprint"] else { return nil }
                return FingerprintMatch(
                    mentionID: id, fingerprint: Array(bytes), issueID: row["issue_id"],
                    category: (row["effective_category"] as String?).flatMap(Category.init(rawValue:)), bandHits: row["n"])
            }
        }
    }

    public func customerIDs(for evidence: [CustomerEvidence]) async throws -> [CustomerEvidence: String] {
        guard !evidence.isEmpty else { return [:] }
        return try await read { db in
            var found: [CustomerEvidence: String] = [:]
            let statement = try db.cachedStatement(
                sql: "SELECT customer_id FROM customer_evidence WHERE kind = ? AND value = ?")
            for item in evidence {
                if let id = try String.fetchOne(statement, arguments: [item.kind.rawValue, item.value]) {
                    found[item] = id
                }
            }
            return found
        }
    }

    public func issueRecords(_ ids: [String]) async throws -> [String: IssueRecord] {
        guard !ids.isEmpty else { return [:] }
        let marks = Array(repeating: "?", count: ids.count).joined(separator: ", ")
        return try await read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM issues WHERE id IN (\(marks))", arguments: StatementArguments(ids))
            return Dictionary(uniqueKeysWithValues: rows.map { row in
                let issue = Self.issue(from: row)
                return (issue.id, issue)
            })
        }
    }

    static func issue(from row: Row) -> IssueRecord {
        IssueRecord(
            id: row["id"], label: row["label"], category: (row["category"] as String?).flatMap(Category.init(rawValue:)),
            terms: row["terms"], brands: SQLiteJSON.decode([String].self, row["brands"], default: []),
            firstSeenAt: SQLiteDates.date(row["first_seen_at"]), lastSeenAt: SQLiteDates.date(row["last_seen_at"]),
            occurrences: row["occurrences"])
    }

    public func applyRecurrence(_ updates: [RecurrenceUpdate], at now: Date) async throws {
        guard !updates.isEmpty else { return }
        try await write("record recurrence") { db in
            // Prepared once per batch: a rebuild writes a million of these.
            let millis = SQLiteDates.millis(now)
            let findMention = try db.cachedStatement(
                sql: "SELECT seq, issue_id, fingerprint IS NOT NULL AS indexed FROM mentions WHERE id = ?")
            let alias = try db.cachedStatement(sql: "SELECT customer_id FROM customer_aliases WHERE id = ?")
            let dropBands = try db.cachedStatement(sql: "DELETE FROM similarity_bands WHERE mention_seq = ?")
            let addCustomer = try db.cachedStatement(
                sql: "INSERT INTO customers (id, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING")
            let addEvidence = try db.cachedStatement(
                sql: "INSERT INTO customer_evidence (kind, value, customer_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
            let saveIssue = try db.cachedStatement(
                sql: """
                    INSERT INTO issues (id, label, category, terms, brands, first_seen_at, last_seen_at, occurrences)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET label = excluded.label, terms = excluded.terms,
                        brands = excluded.brands, first_seen_at = excluded.first_seen_at,
                        last_seen_at = excluded.last_seen_at, occurrences = excluded.occurrences
                    """)
            let updateMention = try db.cachedStatement(
                // A mention decided again keeps its customer: a person may have put it there (a split).
                sql: """
                    UPDATE mentions SET fingerprint = ?, customer_id = coalesce(customer_id, ?),
                        customer_evidence = CASE WHEN customer_id IS NULL THEN ? ELSE customer_evidence END, issue_id = ?
                    WHERE seq = ?
                    """)
            let addBand = try db.cachedStatement(
                sql: "INSERT INTO similarity_bands (band_key, mention_seq) VALUES (?, ?) ON CONFLICT DO NOTHING")
            let done = try db.cachedStatement(sql: "DELETE FROM recurrence_pending WHERE mention_seq = ? AND version = ?")
            // An issue joined by several mentions of the batch carries the same final state in each.
            var savedIssues: Set<String> = []
            var touched: Set<String> = []
            for update in updates {
                guard let current = try Row.fetchOne(findMention, arguments: [update.mentionID.rawValue]) else {
                    continue  // erased meanwhile
                }
                let seq: Int64 = current["seq"]
                // Decided again: out of its old issue and the index, before the new decision goes in.
                if let old: String = current["issue_id"] { touched.insert(old) }
                if current["indexed"] == true { try dropBands.execute(arguments: [seq]) }
                var update = update
                if let merged = try update.customerID.flatMap({ try String.fetchOne(alias, arguments: [$0]) }) {
                    update.customerID = merged
                }
                if let customer = update.customerID {
                    try addCustomer.execute(arguments: [customer, millis])
                    for claim in update.claims {
                        try addEvidence.execute(arguments: [claim.kind.rawValue, claim.value, customer])
                    }
                }
                if let issue = update.issue { touched.insert(issue.id) }
                if let issue = update.issue, savedIssues.insert(issue.id).inserted {
                    try saveIssue.execute(arguments: [
                        issue.id, issue.label, issue.category?.rawValue, issue.terms, SQLiteJSON.encode(issue.brands),
                        SQLiteDates.millis(issue.firstSeenAt), SQLiteDates.millis(issue.lastSeenAt), issue.occurrences,
                    ])
                }
                try updateMention.execute(arguments: [
                    update.fingerprint.map { Data($0) }, update.customerID, update.evidence?.kind.rawValue, update.issue?.id,
                    seq,
                ])
                for key in update.bandKeys { try addBand.execute(arguments: [key, seq]) }
                try done.execute(arguments: [seq, update.pendingVersion])
            }
            try Self.recount(db, issues: touched)
        }
    }

    /// Counts issues from their members (the mentions linked to them); an issue without any goes.
    static func recount(_ db: Database, issues: Set<String>) throws {
        let totals = try db.cachedStatement(
            sql: "SELECT count(*) AS n, min(received_at) AS first, max(received_at) AS last FROM mentions WHERE issue_id = ?")
        let update = try db.cachedStatement(
            sql: "UPDATE issues SET occurrences = ?, first_seen_at = ?, last_seen_at = ? WHERE id = ?")
        let drop = try db.cachedStatement(sql: "DELETE FROM issues WHERE id = ?")
        for id in issues {
            guard let row = try Row.fetchOne(totals, arguments: [id]), let count: Int = row["n"], count > 0 else {
                try drop.execute(arguments: [id])
                continue
            }
            try update.execute(arguments: [count, row["first"], row["last"], id])
        }
    }

    public func recurrenceSummaries(of ids: [MentionID]) async throws -> [MentionID: RecurrenceSummary] {
        guard !ids.isEmpty else { return [:] }
        let marks = Array(repeating: "?", count: ids.count).joined(separator: ", ")
        return try await read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT m.id, m.customer_id, m.customer_evidence,
                        (SELECT count(*) FROM mentions p WHERE p.customer_id = m.customer_id
                            AND p.received_at < m.received_at AND p.effective_complaint = 1) AS prior,
                        (SELECT max(p.received_at) FROM mentions p WHERE p.customer_id = m.customer_id
                            AND p.received_at < m.received_at AND p.effective_complaint = 1) AS last_prior,
                        i.id AS issue, i.label, i.occurrences, i.first_seen_at
                    FROM mentions m LEFT JOIN issues i ON i.id = m.issue_id
                    WHERE m.id IN (\(marks)) AND (m.customer_id IS NOT NULL OR m.issue_id IS NOT NULL)
                    """,
                arguments: StatementArguments(ids.map(\.rawValue)))
            var summaries: [MentionID: RecurrenceSummary] = [:]
            for row in rows {
                guard let id = MentionID(row["id"]) else { continue }
                var summary = RecurrenceSummary()
                if let customer: String = row["customer_id"] {
                    summary.customer = .init(
                        id: customer, priorComplaints: row["prior"],
                        lastComplaintAt: (row["last_prior"] as Int64?).map(SQLiteDates.date),
                        evidence: (row["customer_evidence"] as String?).flatMap(CustomerEvidence.Kind.init(rawValue:)))
                }
                if let issue: String = row["issue"] {
                    summary.issue = .init(
                        id: issue, label: row["label"], occurrences: row["occurrences"],
                        firstSeenAt: SQLiteDates.date(row["first_seen_at"]))
                }
                summaries[id] = summary
            }
            return summaries
        }
    }

    public func resetRecurrence() async throws {
        try await write("reset recurrence") { db in
            try db.execute(
                sql: """
                    DELETE FROM similarity_bands;
                    UPDATE mentions SET fingerprint = NULL, customer_id = NULL, customer_evidence = NULL, issue_id = NULL
                        WHERE fingerprint IS NOT NULL OR customer_id IS NOT NULL OR issue_id IS NOT NULL;
                    DELETE FROM customer_evidence WHERE manual = 0;
                    DELETE FROM customers WHERE id NOT IN (SELECT customer_id FROM customer_evidence);
                    DELETE FROM issues;
                    INSERT OR IGNORE INTO recurrence_pending (mention_seq) SELECT seq FROM mentions;
                    """)
        }
    }
}
