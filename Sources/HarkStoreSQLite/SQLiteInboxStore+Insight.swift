import Foundation
import GRDB
import HarkCore
import HarkStore

extension SQLiteInboxStore {
    public func dailyComplaints(
        by dimension: TrendDimension, since: Date, utcOffset: Int, brandScope: [String]?
    ) async throws -> [DailyCount] {
        let (scope, scopeArguments) = Self.statisticsScopeClause(brandScope)
        let (key, from, extra): (String, String, String) =
            switch dimension {
            case .category: ("effective_category", "mentions", "")
            case .issue: ("issue_id", "mentions", "AND issue_id IS NOT NULL")
            case .brand: ("b.value", "mentions, json_each(mentions.brands) AS b", "")
            case .channel: ("channel", "mentions", "")
            }
        // Days as whole numbers, as the page's statistics count them.
        let sql = """
            SELECT \(key) AS key, (received_at + ?) / 86400000 AS day, count(*) AS n FROM \(from)
            WHERE received_at >= ? AND effective_complaint = 1 \(extra) AND \(scope)
            GROUP BY 1, 2 ORDER BY 1, 2
            """
        return try await read { db in
            try Row.fetchAll(
                db, sql: sql,
                arguments: [utcOffset * 1000, SQLiteDates.millis(since)] + StatementArguments(scopeArguments)
            ).compactMap { row in
                guard let key: String = row["key"] else { return nil }
                return DailyCount(key: key, day: row["day"], count: row["n"])
            }
        }
    }

    public func issueActivity(since: Date, at now: Date, brandScope: [String]?) async throws -> [IssueActivity] {
        let issueScope = brandScope.map { Self.issueScopeClause($0, table: "i") } ?? "1"
        let sql = """
            SELECT i.id,
                sum(m.received_at >= ?) AS complaints,
                sum(m.received_at >= ? AND m.effective_severity = 'very_dissatisfied') AS very,
                count(DISTINCT CASE WHEN m.received_at >= ? THEN m.customer_id END) AS customers,
                sum(m.status NOT IN ('closed', 'dismissed')) AS open,
                sum((m.status IN ('new', 'reopened') AND m.due_at < ?)
                    OR (m.status = 'resolved' AND m.follow_up_at < ?)) AS overdue
            FROM issues i JOIN mentions m ON m.issue_id = i.id
            WHERE i.last_seen_at >= ? AND \(issueScope)
            GROUP BY i.id
            """
        return try await read { db in
            let (since, now) = (SQLiteDates.millis(since), SQLiteDates.millis(now))
            let arguments: StatementArguments = [since, since, since, now, now, since] + StatementArguments(brandScope ?? [])
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                IssueActivity(
                    issueID: row["id"], complaints: row["complaints"] ?? 0, veryDissatisfied: row["very"] ?? 0,
                    customers: row["customers"] ?? 0, open: row["open"] ?? 0, overdue: row["overdue"] ?? 0)
            }
        }
    }
}
