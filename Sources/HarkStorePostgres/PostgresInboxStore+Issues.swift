import Foundation
import HarkCore
import HarkStore
import PostgresNIO

extension PostgresInboxStore {
    /// The columns ``issueRecord(from:)`` reads.
    static let issueColumns = "id, label, category, terms, brands, first_seen_at, last_seen_at, occurrences"

    public func issues(_ query: IssueQuery) async throws -> [IssueRecord] {
        var statement = PostgresStatement("SELECT \(Self.issueColumns) FROM issues")
        var clauses = ["occurrences >= \(statement.bind(query.minimumOccurrences))"]
        if let category = query.category { clauses.append("category = \(statement.bind(category.rawValue))") }
        // An issue's brands are its complaints'.
        if let scope = query.brandScope { clauses.append(Self.statisticsScope(scope, table: "issues", into: &statement)) }
        let order = query.order == .occurrences ? "occurrences DESC, last_seen_at DESC" : "last_seen_at DESC"
        statement.append(
            " WHERE \(clauses.joined(separator: " AND ")) ORDER BY \(order), id COLLATE \"C\" LIMIT \(statement.bind(query.limit))")
        return try await rows("list issues", statement.query).map(Self.issueRecord(from:))
    }

    /// One statement (one snapshot, one round trip): the customer a merged-away id became, its
    /// evidence, its newest mentions and its totals.
    public func customer(_ id: String, mentionLimit: Int) async throws -> CustomerRecord? {
        guard Self.isStorableText(id) else { return nil }
        let limit = Int64(max(0, mentionLimit))
        let found = try await rows(
            "read a customer",
            """
            WITH c AS (
                -- A customer merged into another is shown as the one it became.
                SELECT id FROM customers
                WHERE id = coalesce((SELECT customer_id FROM customer_aliases WHERE id = \(id)), \(id))
            )
            SELECT c.id,
                ARRAY(SELECT kind FROM customer_evidence WHERE customer_id = c.id
                    ORDER BY kind COLLATE "C", value COLLATE "C") AS kinds,
                ARRAY(SELECT value FROM customer_evidence WHERE customer_id = c.id
                    ORDER BY kind COLLATE "C", value COLLATE "C") AS evidence_values,
                ARRAY(SELECT id FROM mentions WHERE customer_id = c.id
                    ORDER BY received_at DESC, id COLLATE "C" DESC LIMIT \(limit)) AS mention_ids,
                t.complaints, t.first, t.last
            FROM c CROSS JOIN LATERAL (
                SELECT count(*) FILTER (WHERE effective_complaint) AS complaints, min(received_at) AS first,
                    max(received_at) AS last
                FROM mentions WHERE customer_id = c.id
            ) AS t
            """)
        guard let row = found.first else { return nil }
        let kinds = try row.strings("kinds")
        let values = try row.strings("evidence_values")
        let evidence = zip(kinds, values).compactMap { kind, value in
            CustomerEvidence.Kind(rawValue: kind).map { CustomerEvidence(kind: $0, value: value) }
        }
        return CustomerRecord(
            id: try row.text("id"), evidence: evidence, mentions: try row.strings("mention_ids").compactMap(MentionID.init),
            complaints: try row.int("complaints"), firstSeenAt: try row.optionalDate("first"),
            lastSeenAt: try row.optionalDate("last"))
    }

    /// Decodes a row of ``issueColumns``.
    static func issueRecord(from row: PostgresRandomAccessRow) throws -> IssueRecord {
        IssueRecord(
            id: try row.text("id"), label: try row.text("label"),
            category: try row.optionalText("category").flatMap(Category.init(rawValue:)), terms: try row.bytes("terms"),
            brands: try row.strings("brands"), firstSeenAt: try row.date("first_seen_at"),
            lastSeenAt: try row.date("last_seen_at"), occurrences: try row.int("occurrences"))
    }
}
