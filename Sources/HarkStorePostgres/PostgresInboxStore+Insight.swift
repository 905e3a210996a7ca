import Foundation
import HarkCore
import HarkStore
import PostgresNIO

extension PostgresInboxStore {
    public func dailyComplaints(
        by dimension: TrendDimension, since: Date, utcOffset: Int, brandScope: [String]?
    ) async throws -> [DailyCount] {
        var statement = PostgresStatement()
        let offset = statement.bind(Int64(utcOffset) * 1000)
        let from = statement.bind(PostgresDates.millis(since))
        let scope = Self.statisticsScope(brandScope, into: &statement)
        let (key, source, extra): (String, String, String) =
            switch dimension {
            case .category: ("effective_category", "mentions", "")
            case .issue: ("issue_id", "mentions", "AND issue_id IS NOT NULL")
            // A mention of two brands counts once for each.
            case .brand: ("b.value", "mentions CROSS JOIN LATERAL unnest(mentions.brands) AS b(value)", "")
            case .channel: ("channel", "mentions", "")
            }
        // Days as whole numbers, as the page's statistics count them; keys sort bytewise.
        statement.append(
            """
            SELECT \(key) AS key, (received_at + \(offset)) / 86400000 AS day, count(*) AS n FROM \(source)
            WHERE received_at >= \(from) AND effective_complaint \(extra) AND \(scope)
            GROUP BY 1, 2 ORDER BY \(key) COLLATE "C", 2
            """)
        return try await rows("count complaints by day", statement.query).compactMap { row in
            guard let key = try row.optionalText("key") else { return nil }
            return DailyCount(key: key, day: try row.value("day", as: Int64.self), count: try row.int("n"))
        }
    }

    /// Per issue seen since `since`: its complaints, the very dissatisfied ones and the distinct
    /// customers among them since then, and its open and overdue members now. One pass over the
    /// members, each count filtered.
    public func issueActivity(since: Date, at now: Date, brandScope: [String]?) async throws -> [IssueActivity] {
        var statement = PostgresStatement()
        let from = statement.bind(PostgresDates.millis(since))
        let at = statement.bind(PostgresDates.millis(now))
        let scope = Self.statisticsScope(brandScope, table: "i", into: &statement)
        statement.append(
            """
            SELECT i.id,
                count(*) FILTER (WHERE m.received_at >= \(from)) AS complaints,
                count(*) FILTER (WHERE m.received_at >= \(from) AND m.effective_severity = 'very_dissatisfied') AS very,
                count(DISTINCT m.customer_id) FILTER (WHERE m.received_at >= \(from)) AS customers,
                count(*) FILTER (WHERE m.status NOT IN ('closed', 'dismissed')) AS open,
                count(*) FILTER (WHERE (m.status IN ('new', 'reopened') AND m.due_at < \(at))
                    OR (m.status = 'resolved' AND m.follow_up_at < \(at))) AS overdue
            FROM issues i JOIN mentions m ON m.issue_id = i.id
            WHERE i.last_seen_at >= \(from) AND \(scope)
            GROUP BY i.id ORDER BY i.id COLLATE "C"
            """)
        return try await rows("read issue activity", statement.query).map { row in
            IssueActivity(
                issueID: try row.text("id"), complaints: try row.int("complaints"), veryDissatisfied: try row.int("very"),
                customers: try row.int("customers"), open: try row.int("open"), overdue: try row.int("overdue"))
        }
    }
}
