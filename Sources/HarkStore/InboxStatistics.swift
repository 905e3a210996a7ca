import Foundation
import HarkCore
import Synchronization

/// The counts the inbox page shows above the list.
public struct InboxCounts: Sendable, Hashable {
    public var total = 0
    public var byStatus: [InboxStatus: Int] = [:]
    /// Complaints still being worked on (not closed or dismissed), by their effective severity.
    public var openBySeverity: [Severity: Int] = [:]
    /// Mentions overdue at the moment asked about.
    public var overdue = 0

    public init() {}
}

/// Complaints received on one day, by effective severity and category.
public struct DailyComplaints: Sendable, Hashable {
    /// `yyyy-MM-dd` in the time zone asked for.
    public var day: String
    public var severity: Severity
    public var category: Category
    public var count: Int

    public init(day: String, severity: Severity, category: Category, count: Int) {
        self.day = day
        self.severity = severity
        self.category = category
        self.count = count
    }

    /// Counts whose days are whole days since 1970 (in the asked time zone, as the stores'
    /// queries compute them), each day named once.
    public static func named(_ counted: [(day: Int64, severity: Severity, category: Category, count: Int)]) -> [DailyComplaints] {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        var names: [Int64: String] = [:]
        return counted.map { row in
            let name =
                names[row.day]
                ?? {
                    let name = formatter.string(from: Date(timeIntervalSince1970: Double(row.day) * 86_400))
                    names[row.day] = name
                    return name
                }()
            return DailyComplaints(day: name, severity: row.severity, category: row.category, count: row.count)
        }
    }
}

/// Statistics for the page.
public protocol InboxStatisticsStore: Sendable {
    /// Counts over the mentions a token may see (`brandScope` as in ``MentionQuery``).
    func inboxCounts(brandScope: [String]?, at now: Date) async throws -> InboxCounts
    /// Complaints received since `since`, per day (days begin at midnight `utcOffset` seconds east
    /// of UTC), by effective severity and category.
    func dailyComplaints(since: Date, utcOffset: Int, brandScope: [String]?) async throws -> [DailyComplaints]
}

extension MemoryInboxStore {
    public func inboxCounts(brandScope: [String]?, at now: Date) async throws -> InboxCounts {
        let scope = MentionQuery(brandScope: brandScope)
        return state.withLock { state in
            var counts = InboxCounts()
            for stored in state.mentions.values where scope.matches(stored.mention) {
                let mention = stored.mention
                counts.total += 1
                counts.byStatus[mention.status, default: 0] += 1
                if mention.workflow.isOverdue(status: mention.status, at: now) { counts.overdue += 1 }
                if mention.status.isActive, let assessment = mention.effectiveAssessment, assessment.complaint {
                    counts.openBySeverity[assessment.severity, default: 0] += 1
                }
            }
            return counts
        }
    }

    public func dailyComplaints(since: Date, utcOffset: Int, brandScope: [String]?) async throws -> [DailyComplaints] {
        let scope = MentionQuery(brandScope: brandScope)
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.timeZone = TimeZone(secondsFromGMT: utcOffset)
        formatter.locale = Locale(identifier: "en_US_POSIX")
        return state.withLock { state in
            var counts: [DailyComplaints: Int] = [:]
            for stored in state.mentions.values where stored.mention.receivedAt >= since && scope.matches(stored.mention) {
                guard let assessment = stored.mention.effectiveAssessment, assessment.complaint else { continue }
                let key = DailyComplaints(
                    day: formatter.string(from: stored.mention.receivedAt), severity: assessment.severity,
                    category: assessment.category, count: 0)
                counts[key, default: 0] += 1
            }
            return counts.map { key, count in
                DailyComplaints(day: key.day, severity: key.severity, category: key.category, count: count)
            }.sorted { ($0.day, $0.severity.rawValue, $0.category.rawValue) < ($1.day, $1.severity.rawValue, $1.category.rawValue) }
        }
    }
}
