import Foundation
import HarkCore
import HarkStore
import PostgresNIO

extension PostgresInboxStore {
    /// The brand scope of the aggregates: a row has brands only when it is assessed, so the
    /// brands alone decide, and the GIN index on them answers it. `nil` scope: every row; an
    /// empty scope: none (`&&` with an empty array is false).
    static func statisticsScope(_ scope: [String]?, table: String = "mentions", into statement: inout PostgresStatement)
        -> String
    {
        guard let scope else { return "TRUE" }
        // A name PostgreSQL cannot hold (a NUL) names no stored brand: left out, not an error.
        return "\(table).brands && \(statement.bind(scope.filter(isStorableText)))::text[]"
    }

    /// Whether `value` can be a `text` value: PostgreSQL refuses NUL characters (SQLSTATE 22021),
    /// so a key holding one matches nothing stored, and is answered as such rather than failing.
    static func isStorableText(_ value: String) -> Bool {
        !value.utf8.contains(0)
    }

    /// One statement, so the counts come from one snapshot: statuses, open complaints by
    /// severity, and the two overdue counts (each answered by its partial index; one OR across
    /// both would scan).
    public func inboxCounts(brandScope: [String]?, at now: Date) async throws -> InboxCounts {
        var statement = PostgresStatement()
        let scope = Self.statisticsScope(brandScope, into: &statement)
        let millis = statement.bind(PostgresDates.millis(now))
        statement.append(
            """
            SELECT 'status' AS part, status AS key, count(*) AS n FROM mentions WHERE \(scope) GROUP BY status
            UNION ALL
            SELECT 'severity', effective_severity, count(*) FROM mentions
            WHERE \(scope) AND effective_complaint AND status NOT IN ('closed', 'dismissed')
            GROUP BY effective_severity
            UNION ALL
            SELECT 'overdue', NULL, count(*) FROM mentions
            WHERE status IN ('new', 'reopened') AND due_at < \(millis) AND \(scope)
            UNION ALL
            SELECT 'overdue', NULL, count(*) FROM mentions
            WHERE status = 'resolved' AND follow_up_at < \(millis) AND \(scope)
            """)
        var counts = InboxCounts()
        for row in try await rows("count the inbox", statement.query) {
            let key = try row.optionalText("key") ?? ""
            let count = try row.int("n")
            switch try row.text("part") {
            case "status":
                guard let status = InboxStatus(rawValue: key) else { continue }
                counts.byStatus[status] = count
                counts.total += count
            case "severity":
                guard let severity = Severity(rawValue: key) else { continue }
                counts.openBySeverity[severity] = count
            default:
                counts.overdue += count
            }
        }
        return counts
    }

    public func dailyComplaints(since: Date, utcOffset: Int, brandScope: [String]?) async throws -> [DailyComplaints] {
        var statement = PostgresStatement()
        let offset = statement.bind(Int64(utcOffset) * 1000)
        let from = statement.bind(PostgresDates.millis(since))
        let scope = Self.statisticsScope(brandScope, into: &statement)
        // Days as whole numbers (integer arithmetic, no date formatting per row), named below;
        // names sort bytewise, as in the other stores, whatever the database's collation.
        statement.append(
            """
            SELECT (received_at + \(offset)) / 86400000 AS day, effective_severity AS severity,
                effective_category AS category, count(*) AS n
            FROM mentions
            WHERE received_at >= \(from) AND effective_complaint AND \(scope)
            GROUP BY 1, 2, 3 ORDER BY 1, effective_severity COLLATE "C", effective_category COLLATE "C"
            """)
        let counted = try await rows("count complaints by day", statement.query).compactMap {
            row -> (day: Int64, severity: Severity, category: Category, count: Int)? in
            guard let severity = Severity(rawValue: try row.optionalText("severity") ?? ""),
                let category = Category(rawValue: try row.optionalText("category") ?? "")
            else { return nil }
            return (try row.value("day", as: Int64.self), severity, category, try row.int("n"))
        }
        return DailyComplaints.named(counted)
    }
}
