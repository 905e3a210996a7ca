import Foundation
import GRDB
import HarkCore
import HarkStore

extension SQLiteInboxStore {
    /// The brand-scope clause of ``MentionQuery/brandScope``, with its arguments.
    static func scopeClause(_ scope: [String]?) -> (String, [String]) {
        guard let scope else { return ("1", []) }
        let marks = scope.isEmpty ? "NULL" : Array(repeating: "?", count: scope.count).joined(separator: ", ")
        return ("\(assessed) AND EXISTS (SELECT 1 FROM json_each(mentions.brands) WHERE value IN (\(marks)))", scope)
    }

    public func inboxCounts(brandScope: [String]?, at now: Date) async throws -> InboxCounts {
        let (scope, scopeArguments) = Self.scopeClause(brandScope)
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
                    SELECT COALESCE(corrected_severity, severity) AS severity, count(*) AS n FROM mentions
                    WHERE \(scope) AND COALESCE(corrected_complaint, complaint) = 1
                        AND status NOT IN ('closed', 'dismissed')
                    GROUP BY 1
                    """,
                arguments: StatementArguments(scopeArguments))
            {
                guard let severity = Severity(rawValue: row["severity"] ?? "") else { continue }
                counts.openBySeverity[severity] = row["n"]
            }
            counts.overdue =
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT count(*) FROM mentions WHERE \(scope) AND (
                            (status IN ('new', 'reopened') AND due_at < ?) OR (status = 'resolved' AND follow_up_at < ?))
                        """,
                    arguments: StatementArguments(scopeArguments) + [millis, millis]) ?? 0
            return counts
        }
    }

    public func dailyComplaints(since: Date, utcOffset: Int, brandScope: [String]?) async throws -> [DailyComplaints] {
        let (scope, scopeArguments) = Self.scopeClause(brandScope)
        return try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT strftime('%Y-%m-%d', (received_at / 1000) + ?, 'unixepoch') AS day,
                        COALESCE(corrected_severity, severity) AS severity,
                        COALESCE(corrected_category, category) AS category, count(*) AS n
                    FROM mentions
                    WHERE received_at >= ? AND \(scope) AND COALESCE(corrected_complaint, complaint) = 1
                    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
                    """,
                arguments: [utcOffset, SQLiteDates.millis(since)] + StatementArguments(scopeArguments)
            ).compactMap { row in
                guard let severity = Severity(rawValue: row["severity"] ?? ""),
                    let category = Category(rawValue: row["category"] ?? "")
                else { return nil }
                return DailyComplaints(day: row["day"], severity: severity, category: category, count: row["n"])
            }
        }
    }
}
