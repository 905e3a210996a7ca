import Foundation
import GRDB
import HarkCore
import HarkStore

extension SQLiteInboxStore {
    public func issues(_ query: IssueQuery) async throws -> [IssueRecord] {
        var clauses = ["occurrences >= ?"]
        if query.category != nil { clauses.append("category = ?") }
        if let scope = query.brandScope { clauses.append(Self.issueScopeClause(scope, table: "issues")) }
        let order = query.order == .occurrences ? "occurrences DESC, last_seen_at DESC" : "last_seen_at DESC"
        let sql = "SELECT * FROM issues WHERE \(clauses.joined(separator: " AND ")) ORDER BY \(order), id LIMIT ?"
        return try await read { db in
            var arguments: StatementArguments = [query.minimumOccurrences]
            if let category = query.category { arguments += [category.rawValue] }
            arguments += StatementArguments(query.brandScope ?? [])
            arguments += [query.limit]
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.issue(from:))
        }
    }

    /// Issues of the brands of `scope` (one `?` per brand): an issue's brands are its complaints'.
    static func issueScopeClause(_ scope: [String], table: String) -> String {
        let marks = scope.isEmpty ? "NULL" : Array(repeating: "?", count: scope.count).joined(separator: ", ")
        return "EXISTS (SELECT 1 FROM json_each(\(table).brands) WHERE value IN (\(marks)))"
    }

    public func customer(_ id: String, mentionLimit: Int) async throws -> CustomerRecord? {
        try await read { db in
            // A customer merged into another is shown as the one it became.
            let id = try String.fetchOne(db, sql: "SELECT customer_id FROM customer_aliases WHERE id = ?", arguments: [id]) ?? id
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM customers WHERE id = ?", arguments: [id]) == true else { return nil }
            let evidence = try Row.fetchAll(
                db, sql: "SELECT kind, value FROM customer_evidence WHERE customer_id = ? ORDER BY kind, value",
                arguments: [id]
            ).compactMap { row in
                CustomerEvidence.Kind(rawValue: row["kind"]).map { CustomerEvidence(kind: $0, value: row["value"]) }
            }
            let mentions = try String.fetchAll(
                db, sql: "SELECT id FROM mentions WHERE customer_id = ? ORDER BY received_at DESC, id DESC LIMIT ?",
                arguments: [id, max(0, mentionLimit)]
            ).compactMap(MentionID.init)
            let totals = try Row.fetchOne(
                db,
                sql: """
                    SELECT sum(effective_complaint = 1) AS complaints, min(received_at) AS first, max(received_at) AS last
                    FROM mentions WHERE customer_id = ?
                    """,
                arguments: [id])
            return CustomerRecord(
                id: id, evidence: evidence, mentions: mentions, complaints: (totals?["complaints"] as Int?) ?? 0,
                firstSeenAt: (totals?["first"] as Int64?).map(SQLiteDates.date),
                lastSeenAt: (totals?["last"] as Int64?).map(SQLiteDates.date))
        }
    }
}
