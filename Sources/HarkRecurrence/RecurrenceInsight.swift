import Foundation
import HarkCore
import HarkStore

/// Trends and where to act, from the store's counts: each series judged by ``TrendTest``, each
/// active issue scored.
///
/// An issue's score adds up what makes it worth fixing: its complaints of the last 30 days
/// weighted by severity (a very dissatisfied one counts three), one more for each customer
/// beyond the first (it recurs across people), two for each complaint past its deadline; a
/// rising trend multiplies by 1.5, a spike by 2. The reach is the window's complaints times the
/// configured multiplier: an estimate of the silent majority, never a count.
public struct RecurrenceInsight: InsightReading {
    public let store: any InboxStore
    public var test = TrendTest()
    /// The days `priorities` looks back.
    public var window = 30
    /// The days of series a priority's trend is judged on.
    public var trendDays = 28

    public init(store: any InboxStore) {
        self.store = store
    }

    public func trends(
        by dimension: TrendDimension, days: Int, now: Date, utcOffset: Int, brandScope: [String]?, limit: Int
    ) async throws -> [TrendSeries] {
        let daily = try await dailySeries(
            by: dimension, days: days, now: now, utcOffset: utcOffset, brandScope: brandScope)
        var labels: [String: String] = [:]
        if dimension == .issue {
            for (id, issue) in try await store.issueRecords(Array(daily.keys)) { labels[id] = issue.label }
        }
        let series = daily.map { key, counts in
            TrendSeries(
                key: key, label: labels[key] ?? key, daily: counts, verdict: test.verdict(daily: counts),
                baseline: test.baseline(daily: counts))
        }
        return Array(
            series.sorted { ($0.verdict, $0.total, $1.key) > ($1.verdict, $1.total, $0.key) }.prefix(max(0, limit)))
    }

    public func priorities(
        now: Date, utcOffset: Int, brandScope: [String]?, reachMultiplier: Double, limit: Int
    ) async throws -> [IssuePriority] {
        let since = now.addingTimeInterval(-Double(window) * 86_400)
        let activity = try await store.issueActivity(since: since, at: now, brandScope: brandScope)
            .filter { $0.complaints > 0 || $0.overdue > 0 }
        guard !activity.isEmpty else { return [] }
        let issues = try await store.issueRecords(activity.map(\.issueID))
        let daily = try await dailySeries(
            by: .issue, days: trendDays, now: now, utcOffset: utcOffset, brandScope: brandScope)
        let ranked = activity.compactMap { entry -> IssuePriority? in
            guard let issue = issues[entry.issueID] else { return nil }
            let verdict = daily[entry.issueID].map { test.verdict(daily: $0) } ?? .flat
            return IssuePriority(
                issue: issue, activity: entry, verdict: verdict,
                estimatedReach: Int((Double(entry.complaints) * reachMultiplier).rounded()),
                score: Self.score(entry, verdict: verdict))
        }
        return Array(
            ranked.sorted { ($0.score, $0.issue.lastSeenAt, $1.issue.id) > ($1.score, $1.issue.lastSeenAt, $0.issue.id) }
                .prefix(max(0, limit)))
    }

    /// Each key's complaints per day over the `days` days ending with `now`'s, oldest first.
    private func dailySeries(
        by dimension: TrendDimension, days: Int, now: Date, utcOffset: Int, brandScope: [String]?
    ) async throws -> [String: [Int]] {
        let (first, today) = InsightDays.range(days, endingAt: now, utcOffset: utcOffset)
        let counts = try await store.dailyComplaints(
            by: dimension, since: InsightDays.start(ofDay: first, utcOffset: utcOffset), utcOffset: utcOffset,
            brandScope: brandScope)
        var daily: [String: [Int]] = [:]
        for count in counts where (first...today).contains(count.day) {
            daily[count.key, default: Array(repeating: 0, count: days)][Int(count.day - first)] += count.count
        }
        return daily
    }

    static func score(_ activity: IssueActivity, verdict: TrendVerdict) -> Double {
        let severity = Double(activity.complaints - activity.veryDissatisfied) + 3 * Double(activity.veryDissatisfied)
        let recurrence = Double(max(0, activity.customers - 1))
        let base = severity + recurrence + 2 * Double(activity.overdue)
        let trend =
            switch verdict {
            case .flat: 1.0
            case .rising: 1.5
            case .spike: 2.0
            }
        return (base * trend * 100).rounded() / 100
    }
}
