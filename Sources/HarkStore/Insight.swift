import Foundation
import HarkCore

/// Complaints over time by one dimension.
public enum TrendDimension: String, Sendable, Hashable, CaseIterable, Codable {
    case category, issue, brand, channel
}

/// What a trend test says of a series of daily counts.
public enum TrendVerdict: String, Sendable, Hashable, Codable, Comparable {
    case flat, rising, spike

    /// Flat < rising < spike.
    public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
    private var rank: Int {
        switch self {
        case .flat: 0
        case .rising: 1
        case .spike: 2
        }
    }
}

/// Complaints of one key (a category, an issue id, a brand) on one day.
public struct DailyCount: Sendable, Hashable {
    public var key: String
    /// Days since 1970-01-01 in the time zone asked for.
    public var day: Int64
    public var count: Int

    public init(key: String, day: Int64, count: Int) {
        self.key = key
        self.day = day
        self.count = count
    }
}

/// What is going on in an issue lately, for ranking where to act.
public struct IssueActivity: Sendable, Hashable {
    public var issueID: String
    /// Complaints received since the window's start.
    public var complaints: Int
    public var veryDissatisfied: Int
    /// Distinct customers among them.
    public var customers: Int
    /// Complaints of the issue still being worked on, and those past a deadline.
    public var open: Int
    public var overdue: Int

    public init(issueID: String, complaints: Int, veryDissatisfied: Int, customers: Int, open: Int, overdue: Int) {
        self.issueID = issueID
        self.complaints = complaints
        self.veryDissatisfied = veryDissatisfied
        self.customers = customers
        self.open = open
        self.overdue = overdue
    }
}

/// The counts behind trends and priorities.
public protocol InsightStore: Sendable {
    /// Complaints received since `since` per key and day (days begin at midnight `utcOffset`
    /// seconds east of UTC), within `brandScope` as in ``MentionQuery``.
    func dailyComplaints(by dimension: TrendDimension, since: Date, utcOffset: Int, brandScope: [String]?) async throws
        -> [DailyCount]
    /// The activity of issues since `since` (issues seen since then), at `now`.
    func issueActivity(since: Date, at now: Date, brandScope: [String]?) async throws -> [IssueActivity]
}

/// A series of daily complaints with its verdict.
public struct TrendSeries: Sendable, Hashable {
    public var key: String
    /// The key as people read it: an issue's label; the key itself otherwise.
    public var label: String
    /// Oldest first, one per day of the window.
    public var daily: [Int]
    public var verdict: TrendVerdict
    /// The daily rate the last day was measured against.
    public var baseline: Double

    public init(key: String, label: String, daily: [Int], verdict: TrendVerdict, baseline: Double) {
        self.key = key
        self.label = label
        self.daily = daily
        self.verdict = verdict
        self.baseline = baseline
    }

    public var total: Int { daily.reduce(0, +) }
}

/// An issue with what makes it worth acting on, and its score.
public struct IssuePriority: Sendable, Hashable {
    public var issue: IssueRecord
    public var activity: IssueActivity
    public var verdict: TrendVerdict
    /// The silent majority, estimated: the window's complaints times the configured multiplier.
    /// An estimate, never a count.
    public var estimatedReach: Int
    public var score: Double

    public init(issue: IssueRecord, activity: IssueActivity, verdict: TrendVerdict, estimatedReach: Int, score: Double) {
        self.issue = issue
        self.activity = activity
        self.verdict = verdict
        self.estimatedReach = estimatedReach
        self.score = score
    }
}

/// Trends and where to act, over the store (HarkRecurrence's `RecurrenceInsight`; the daemon
/// hands it to the server, which may not import HarkRecurrence).
public protocol InsightReading: Sendable {
    /// The series of `dimension` over the `days` days ending with the one `now` is in, most
    /// alarming first (spike, rising, then most complaints), at most `limit`.
    func trends(
        by dimension: TrendDimension, days: Int, now: Date, utcOffset: Int, brandScope: [String]?, limit: Int
    ) async throws -> [TrendSeries]
    /// Issues active in the last 30 days, ranked by severity, recurrence, reach, trend and open
    /// deadlines missed; complaints count `reachMultiplier` times in the reach estimate.
    func priorities(now: Date, utcOffset: Int, brandScope: [String]?, reachMultiplier: Double, limit: Int) async throws
        -> [IssuePriority]
}

/// Days as the store counts them: whole days since 1970-01-01 in a zone `utcOffset` seconds east of UTC.
public enum InsightDays {
    /// The first and last day of `count` days ending with the one `date` is in.
    public static func range(_ count: Int, endingAt date: Date, utcOffset: Int) -> (first: Int64, last: Int64) {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down)) + Int64(utcOffset) * 1000
        let last = Int64((Double(millis) / 86_400_000).rounded(.down))
        return (last - Int64(max(1, count)) + 1, last)
    }

    /// Midnight (in the zone) beginning `day`.
    public static func start(ofDay day: Int64, utcOffset: Int) -> Date {
        Date(timeIntervalSince1970: Double(day) * 86_400 - Double(utcOffset))
    }
}
