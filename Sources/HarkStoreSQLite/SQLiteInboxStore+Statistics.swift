import Foundation
import GRDB
import HarkCore
import HarkStore

extension SQLiteInboxStore {
    /// The brand-scope clause of ``MentionQuery/brandScope``, with its arguments.
    static func scopeClause(_ scope: [String]?) -> (String, [String]) {
        guard let scope else { return ("1", []) }
        return ("\(assessed) AND \(brandClause(scope))", scope)
    }

    /// The brand scope of the aggregates: a row has brands only when it is assessed, so the
    /// brands alone decide, and the statistics indexes (0007) that hold them answer it.
    static func statisticsScopeClause(_ scope: [String]?) -> (String, [String]) {
        guard let scope else { return ("1", []) }
        return (brandClause(scope), scope)
    }

    private static func brandClause(_ scope: [String]) -> String {
        let marks = scope.isEmpty ? "NULL" : Array(repeating: "?", count: scope.count).joined(separator: ", ")
        return "EXISTS (SELECT 1 FROM json_each(mentions.brands) WHERE value IN (\(marks)))"
    }

    public func inboxCounts(brandScope: [String]?, at now: Date) async throws -> InboxCounts {
        let (scope, scopeArguments) = Self.statisticsScopeClause(brandScope)
        let millis = SQLiteDates.millis(now)
        return try await read { db in
            var counts = InboxCounts()
            for row in try Row.fetchAll(
                db, sql: "SELECT status, count(*) AS n FROM mentions WHERE \(scope) GROUP BY status",
                arguments: StatementArguments(scopeArguments))
            {
                guard let status = InboxStatus(rawValue: row["status"]) else { continue }
                counts.byStatus[status] = row["n"]
                counts.total += row["n"] as Int
            }
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT effective_severity AS severity, count(*) AS n FROM mentions
                    WHERE \(scope) AND effective_complaint = 1 AND status NOT IN ('closed', 'dismissed')
                    GROUP BY 1
                    """,
                arguments: StatementArguments(scopeArguments))
            {
                guard let severity = Severity(rawValue: row["severity"] ?? "") else { continue }
                counts.openBySeverity[severity] = row["n"]
            }
            // Two counts, each answered by its partial index (one OR across both would scan).
            let overdueResponses =
                try Int.fetchOne(
                    db,
                    sql: "SELECT count(*) FROM mentions WHERE status IN ('new', 'reopened') AND due_at < ? AND \(scope)",
                    arguments: [millis] + StatementArguments(scopeArguments)) ?? 0
            let overdueFollowUps =
                try Int.fetchOne(
                    db,
                    sql: "SELECT count(*) FROM mentions WHERE status = 'resolved' AND follow_up_at < ? AND \(scope)",
                    arguments: [millis] + StatementArguments(scopeArguments)) ?? 0
            counts.overdue = overdueResponses + overdueFollowUps
            return counts
        }
    }

    public func dailyComplaints(since: Date, utcOffset: Int, brandScope: [String]?) async throws -> [DailyComplaints] {
        let (scope, scopeArguments) = Self.statisticsScopeClause(brandScope)
        let dayMillis = 86_400_000
        let rows = try await read { db in
            // Days as whole numbers (integer arithmetic, no date formatting per row), named below.
            try Row.fetchAll(
                db,
                sql: """
                    SELECT (received_at + ?) / \(dayMillis) AS day, effective_severity AS severity,
                        effective_category AS category, count(*) AS n
                    FROM mentions
                    WHERE received_at >= ? AND effective_complaint = 1 AND \(scope)
                    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
                    """,
                arguments: [utcOffset * 1000, SQLiteDates.millis(since)] + StatementArguments(scopeArguments)
            ).compactMap { row -> (day: Int64, severity: Severity, category: Category, count: Int)? in
                guard let severity = Severity(rawValue: row["severity"] ?? ""),
                    let category = Category(rawValue: row["category"] ?? ""), let day: Int64 = row["day"]
                else { return nil }
                return (day, severity, category, row["n"])
            }
        }
        return DailyComplaints.named(rows)
    }
}
