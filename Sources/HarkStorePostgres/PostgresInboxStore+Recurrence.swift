import Foundation
import HarkCore
import HarkStore
import Logging
import PostgresNIO

extension PostgresInboxStore {
    /// Streams the rows rather than holding them: a rebuild reads every mention at once.
    public func pendingRecurrence(limit: Int) async throws -> [RecurrenceInput] {
        let limit = Int64(max(0, limit))
        do {
            var inputs: [RecurrenceInput] = []
            let rows = try await client.query(
                """
                SELECT m.id, m.received_at, m.source, m.channel, m.author_name, m.author_address, m.author_handle,
                    m.subject, m.title, m.text, m.effective_complaint, m.effective_category, m.brands, p.version
                FROM recurrence_pending p JOIN mentions m ON m.seq = p.mention_seq
                ORDER BY p.mention_seq LIMIT \(limit)
                """, logger: logger)
            for try await row in rows {
                let row = row.makeRandomAccess()
                guard let id = MentionID(try row.text("id")), let source = SourceID(try row.text("source")),
                    let channel = Channel(rawValue: try row.text("channel"))
                else { continue }
                let parts = [try row.optionalText("title"), try row.optionalText("subject"), try row.optionalText("text")]
                inputs.append(
                    RecurrenceInput(
                        mentionID: id, receivedAt: try row.date("received_at"), source: source, channel: channel,
                        author: Author(
                            name: try row.optionalText("author_name"), address: try row.optionalText("author_address"),
                            handle: try row.optionalText("author_handle")),
                        text: parts.compactMap { $0 }.joined(separator: "\n"),
                        complaint: try row.optional("effective_complaint", as: Bool.self) == true,
                        category: try row.optionalText("effective_category").flatMap(Category.init(rawValue:)),
                        brands: try row.strings("brands"), pendingVersion: try row.int("version")))
            }
            return inputs
        } catch {
            throw Self.classify(error, doing: "read the mentions pending recurrence")
        }
    }

    public func fingerprintMatches(bandKeys: [Int64], limit: Int) async throws -> [FingerprintMatch] {
        guard !bandKeys.isEmpty else { return [] }
        // Each key's posting list is read newest first and capped (a very common band says
        // little), so a lookup reads at most 16 × `perKey` index entries however large the store:
        // a backward scan of the primary key per key.
        let perKey: Int64 = 100
        let keys = Array(Set(bandKeys))
        return try await rows(
            "find similar mentions",
            """
            WITH hits AS (
                SELECT b.mention_seq, count(*) AS n
                FROM unnest(\(keys)::bigint[]) AS k(band_key)
                CROSS JOIN LATERAL (
                    SELECT s.mention_seq FROM similarity_bands s WHERE s.band_key = k.band_key
                    ORDER BY s.mention_seq DESC LIMIT \(perKey)
                ) AS b
                GROUP BY b.mention_seq ORDER BY n DESC, b.mention_seq DESC LIMIT \(Int64(max(0, limit)))
            )
            SELECT m.id, m.fingerprint, m.issue_id, m.effective_category, hits.n
            FROM hits JOIN mentions m ON m.seq = hits.mention_seq
            WHERE m.fingerprint IS NOT NULL
            ORDER BY hits.n DESC, hits.mention_seq DESC
            """
        ).compactMap { row in
            guard let id = MentionID(try row.text("id")) else { return nil }
            return FingerprintMatch(
                mentionID: id, fingerprint: Array(try row.bytes("fingerprint")), issueID: try row.optionalText("issue_id"),
                category: try row.optionalText("effective_category").flatMap(Category.init(rawValue:)),
                bandHits: try row.int("n"))
        }
    }

    /// One statement for the whole batch (a rebuild asks about every piece of evidence at once).
    public func customerIDs(for evidence: [CustomerEvidence]) async throws -> [CustomerEvidence: String] {
        guard !evidence.isEmpty else { return [:] }
        let asked = Array(Set(evidence.filter { Self.isStorableText($0.value) }))
        guard !asked.isEmpty else { return [:] }
        let found = try await rows(
            "read customers by evidence",
            """
            SELECT e.kind, e.value, e.customer_id
            FROM unnest(\(asked.map(\.kind.rawValue))::text[], \(asked.map(\.value))::text[]) AS q(kind, value)
            JOIN customer_evidence e ON e.kind = q.kind AND e.value = q.value
            """)
        var owners: [CustomerEvidence: String] = [:]
        for row in found {
            guard let kind = CustomerEvidence.Kind(rawValue: try row.text("kind")) else { continue }
            owners[CustomerEvidence(kind: kind, value: try row.text("value"))] = try row.text("customer_id")
        }
        return owners
    }

    public func issueRecords(_ ids: [String]) async throws -> [String: IssueRecord] {
        let ids = ids.filter(Self.isStorableText)
        guard !ids.isEmpty else { return [:] }
        let issues = try await rows(
            "read issues", "SELECT \(unescaped: Self.issueColumns) FROM issues WHERE id = ANY(\(Array(Set(ids))))"
        ).map(Self.issueRecord(from:))
        return Dictionary(issues.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Set-based: the batch's mentions are read (and locked) in one statement, and each kind of
    /// write goes out as one statement over arrays, so a batch costs about ten round trips
    /// whatever its size. The decisions are folded per mention first, so the result is what
    /// writing them one by one in order would leave.
    public func applyRecurrence(_ updates: [RecurrenceUpdate], at now: Date) async throws {
        guard !updates.isEmpty else { return }
        let millis = PostgresDates.millis(now)
        try await transaction("record recurrence") { connection in
            try await Self.apply(updates, at: millis, on: connection, logger: logger)
        }
    }

    private static func apply(
        _ updates: [RecurrenceUpdate], at millis: Int64, on connection: PostgresConnection, logger: Logger
    ) async throws {
        // Locked in seq order: a change to one of them made meanwhile waits and puts it back
        // pending after this commits, and two instances deciding overlapping batches queue.
        var current: [String: (seq: Int64, issue: String?, indexed: Bool)] = [:]
        for try await (id, seq, issue, indexed) in try await connection.query(
            """
            SELECT id, seq, issue_id, fingerprint IS NOT NULL FROM mentions
            WHERE id = ANY(\(Array(Set(updates.map(\.mentionID.rawValue))))) ORDER BY seq FOR UPDATE
            """, logger: logger
        ).decode((String, Int64, String?, Bool).self) {
            current[id] = (seq, issue, indexed)
        }
        // Erased meanwhile: nothing of its decision is written.
        let live = updates.filter { current[$0.mentionID.rawValue] != nil }
        guard !live.isEmpty else { return }
        // A customer merged meanwhile is written as the customer it became.
        var aliases: [String: String] = [:]
        let named = Array(Set(live.compactMap(\.customerID)))
        if !named.isEmpty {
            for try await (alias, customer) in try await connection.query(
                "SELECT id, customer_id FROM customer_aliases WHERE id = ANY(\(named))", logger: logger
            ).decode((String, String).self) {
                aliases[alias] = customer
            }
        }
        var plan = RecurrencePlan()
        for update in live {
            guard let mention = current[update.mentionID.rawValue] else { continue }
            plan.add(update, mention: mention, customer: update.customerID.map { aliases[$0] ?? $0 })
        }
        try await plan.write(at: millis, on: connection, logger: logger)
        try await recount(issues: plan.touched, on: connection, logger: logger)
    }

    /// Counts issues from their members (the mentions linked to them); an issue without any goes.
    /// Per issue through the `(issue_id, received_at)` index (an index-only scan), so the cost
    /// follows the members of the issues touched, not the size of the store.
    static func recount(issues: Set<String>, on connection: PostgresConnection, logger: Logger) async throws {
        guard !issues.isEmpty else { return }
        let ids = Array(issues)
        try await connection.query(
            """
            UPDATE issues SET occurrences = t.n, first_seen_at = t.first, last_seen_at = t.last
            FROM unnest(\(ids)::text[]) AS k(id) CROSS JOIN LATERAL (
                SELECT count(*)::integer AS n, min(received_at) AS first, max(received_at) AS last
                FROM mentions WHERE issue_id = k.id
            ) AS t
            WHERE issues.id = k.id AND t.n > 0
            """, logger: logger)
        try await connection.query(
            """
            DELETE FROM issues
            WHERE id = ANY(\(ids)) AND NOT EXISTS (SELECT 1 FROM mentions m WHERE m.issue_id = issues.id)
            """, logger: logger)
    }

    public func recurrenceSummaries(of ids: [MentionID]) async throws -> [MentionID: RecurrenceSummary] {
        guard !ids.isEmpty else { return [:] }
        let found = try await rows(
            "read recurrence summaries",
            """
            SELECT m.id, m.customer_id, m.customer_evidence, prior.n AS prior, prior.last AS last_prior,
                i.id AS issue, i.label, i.occurrences, i.first_seen_at
            FROM mentions m
            LEFT JOIN issues i ON i.id = m.issue_id
            CROSS JOIN LATERAL (
                SELECT count(*) AS n, max(p.received_at) AS last FROM mentions p
                WHERE p.customer_id = m.customer_id AND p.received_at < m.received_at AND p.effective_complaint
            ) AS prior
            WHERE m.id = ANY(\(Array(Set(ids.map(\.rawValue))))) AND (m.customer_id IS NOT NULL OR m.issue_id IS NOT NULL)
            """)
        var summaries: [MentionID: RecurrenceSummary] = [:]
        for row in found {
            guard let id = MentionID(try row.text("id")) else { continue }
            var summary = RecurrenceSummary()
            if let customer = try row.optionalText("customer_id") {
                summary.customer = .init(
                    id: customer, priorComplaints: try row.int("prior"), lastComplaintAt: try row.optionalDate("last_prior"),
                    evidence: try row.optionalText("customer_evidence").flatMap(CustomerEvidence.Kind.init(rawValue:)))
            }
            if let issue = try row.optionalText("issue") {
                summary.issue = .init(
                    id: issue, label: try row.text("label"), occurrences: try row.int("occurrences"),
                    firstSeenAt: try row.date("first_seen_at"))
            }
            summaries[id] = summary
        }
        return summaries
    }

    public func resetRecurrence() async throws {
        try await transaction("reset recurrence") { connection in
            for statement: PostgresQuery in [
                "DELETE FROM similarity_bands",
                """
                UPDATE mentions SET fingerprint = NULL, customer_id = NULL, customer_evidence = NULL, issue_id = NULL
                WHERE fingerprint IS NOT NULL OR customer_id IS NOT NULL OR issue_id IS NOT NULL
                """,
                // What people decided (a merge, a split) stays, with its customers.
                "DELETE FROM customer_evidence WHERE NOT manual",
                "DELETE FROM customers WHERE id NOT IN (SELECT customer_id FROM customer_evidence)",
                "DELETE FROM issues",
                "INSERT INTO recurrence_pending (mention_seq) SELECT seq FROM mentions ON CONFLICT DO NOTHING",
            ] {
                try await connection.query(statement, logger: logger)
            }
        }
    }
}

/// A batch of recurrence decisions folded into the writes they make, as writing them one by one
/// in order would leave the rows: the first claim of a piece of evidence wins, an issue is saved
/// as its first decision in the batch carries it, and a mention decided twice keeps the customer
/// it got first (or had) and the fingerprint, issue and bands of its last decision.
private struct RecurrencePlan {
    /// One mention's writes.
    struct Decided {
        var seq: Int64
        var indexed: Bool
        var fingerprint: [UInt8]?
        /// Written only where the mention has no customer yet (a person may have put it there).
        var customer: String?
        var evidence: String?
        var claimed = false
        var issue: String?
        var dropBands = false
        var bands: Set<Int64> = []
        var versions: [Int] = []
    }

    var mentions: [String: Decided] = [:]
    var order: [String] = []
    var customers: Set<String> = []
    var claims: [CustomerEvidence: String] = [:]
    var claimOrder: [CustomerEvidence] = []
    var issues: [String: IssueRecord] = [:]
    var issueOrder: [String] = []
    var touched: Set<String> = []

    mutating func add(
        _ update: RecurrenceUpdate, mention current: (seq: Int64, issue: String?, indexed: Bool), customer: String?
    ) {
        let key = update.mentionID.rawValue
        var mention: Decided
        if let known = mentions[key] {
            mention = known
        } else {
            order.append(key)
            mention = Decided(seq: current.seq, indexed: current.indexed, issue: current.issue)
        }
        // Decided again: out of its old issue and the index, before the new decision goes in.
        if let old = mention.issue { touched.insert(old) }
        if mention.indexed {
            mention.dropBands = true
            mention.bands = []
        }
        if let customer {
            customers.insert(customer)
            for claim in update.claims where claims[claim] == nil {
                claims[claim] = customer
                claimOrder.append(claim)
            }
        }
        if let issue = update.issue {
            touched.insert(issue.id)
            if issues[issue.id] == nil {
                issues[issue.id] = issue
                issueOrder.append(issue.id)
            }
        }
        mention.fingerprint = update.fingerprint
        mention.indexed = update.fingerprint != nil
        if !mention.claimed {
            mention.evidence = update.evidence?.kind.rawValue
            mention.customer = customer
            mention.claimed = customer != nil
        }
        mention.issue = update.issue?.id
        mention.bands.formUnion(update.bandKeys)
        mention.versions.append(update.pendingVersion)
        mentions[key] = mention
    }

    /// The writes, each one statement over arrays (issues as multi-row inserts: their brands are
    /// arrays themselves). Absent values travel as empty ones and are read back as NULL: no
    /// customer id, evidence kind, issue id or fingerprint is ever empty.
    func write(at millis: Int64, on connection: PostgresConnection, logger: Logger) async throws {
        let rows = order.compactMap { mentions[$0] }
        let dropped = rows.filter(\.dropBands).map(\.seq)
        if !dropped.isEmpty {
            try await connection.query("DELETE FROM similarity_bands WHERE mention_seq = ANY(\(dropped))", logger: logger)
        }
        if !customers.isEmpty {
            try await connection.query(
                """
                INSERT INTO customers (id, created_at) SELECT unnest(\(Array(customers))::text[]), \(millis)
                ON CONFLICT DO NOTHING
                """, logger: logger)
        }
        if !claimOrder.isEmpty {
            try await connection.query(
                """
                INSERT INTO customer_evidence (kind, value, customer_id)
                SELECT * FROM unnest(\(claimOrder.map(\.kind.rawValue))::text[], \(claimOrder.map(\.value))::text[],
                    \(claimOrder.map { claims[$0] ?? "" })::text[])
                ON CONFLICT DO NOTHING
                """, logger: logger)
        }
        try await PostgresTransaction.insertRows(
            "issues", "id, label, category, terms, brands, first_seen_at, last_seen_at, occurrences",
            issueOrder.compactMap { issues[$0] },
            conflict: """
                ON CONFLICT (id) DO UPDATE SET label = excluded.label, terms = excluded.terms,
                    brands = excluded.brands, first_seen_at = excluded.first_seen_at,
                    last_seen_at = excluded.last_seen_at, occurrences = excluded.occurrences
                """, on: connection, logger: logger
        ) { statement, issue in
            [
                statement.bind(issue.id), statement.bind(issue.label), statement.bind(issue.category?.rawValue),
                statement.bind(issue.terms), "\(statement.bind(issue.brands))::text[]",
                statement.bind(PostgresDates.millis(issue.firstSeenAt)),
                statement.bind(PostgresDates.millis(issue.lastSeenAt)), statement.bind(issue.occurrences),
            ]
        }
        try await connection.query(
            """
            UPDATE mentions AS m SET fingerprint = NULLIF(u.fingerprint, ''::bytea),
                customer_id = coalesce(m.customer_id, NULLIF(u.customer, '')),
                customer_evidence = CASE WHEN m.customer_id IS NULL THEN NULLIF(u.evidence, '') ELSE m.customer_evidence END,
                issue_id = NULLIF(u.issue, '')
            FROM unnest(\(rows.map(\.seq))::bigint[], \(rows.map { ByteBuffer(bytes: $0.fingerprint ?? []) })::bytea[],
                \(rows.map { $0.customer ?? "" })::text[], \(rows.map { $0.evidence ?? "" })::text[],
                \(rows.map { $0.issue ?? "" })::text[]) AS u(seq, fingerprint, customer, evidence, issue)
            WHERE m.seq = u.seq
            """, logger: logger)
        let bands = rows.flatMap { row in row.bands.map { ($0, row.seq) } }
        if !bands.isEmpty {
            try await connection.query(
                """
                INSERT INTO similarity_bands (band_key, mention_seq)
                SELECT * FROM unnest(\(bands.map(\.0))::bigint[], \(bands.map(\.1))::bigint[])
                ON CONFLICT DO NOTHING
                """, logger: logger)
        }
        // A mention that changed since it was read has a newer version: it stays pending.
        let done = rows.flatMap { row in row.versions.map { (row.seq, Int64($0)) } }
        try await connection.query(
            """
            DELETE FROM recurrence_pending p
            USING unnest(\(done.map(\.0))::bigint[], \(done.map(\.1))::bigint[]) AS d(seq, version)
            WHERE p.mention_seq = d.seq AND p.version = d.version
            """, logger: logger)
    }
}
