import Foundation
import HarkCore
import HarkStore
import Hummingbird

/// Trends and where to act: aggregates within the caller's brands, so every role may ask.
extension InboxAPI {
    /// Why an issue ranks where it does (`priority` of an issue in `GET /api/v1/issues`).
    struct PriorityJSON: Encodable {
        var priority: IssuePriority
        var multiplier: Double
        enum Keys: String, CodingKey {
            case score, complaints = "complaints_30d", veryDissatisfied = "very_dissatisfied_30d",
                customers = "customers_30d", open, overdue, trend, estimatedReach = "estimated_reach",
                reachMultiplier = "reach_multiplier"
        }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(priority.score, forKey: .score)
            try container.encode(priority.activity.complaints, forKey: .complaints)
            try container.encode(priority.activity.veryDissatisfied, forKey: .veryDissatisfied)
            try container.encode(priority.activity.customers, forKey: .customers)
            try container.encode(priority.activity.open, forKey: .open)
            try container.encode(priority.activity.overdue, forKey: .overdue)
            try container.encode(priority.verdict.rawValue, forKey: .trend)
            try container.encode(priority.estimatedReach, forKey: .estimatedReach)
            try container.encode(multiplier, forKey: .reachMultiplier)
        }
    }

    /// The issues to act on first, filtered as `query` asks.
    func priorities(_ query: IssueQuery, caller: APICaller) async throws -> Response {
        let settings = authenticator.settings.current
        let window = StatisticsWindow(days: 1, serviceLevels: settings.serviceLevels, now: clock.now())
        let ranked = try await insight.priorities(
            now: window.now, utcOffset: window.utcOffset, brandScope: caller.brands,
            reachMultiplier: settings.reachMultiplier, limit: 1_000)
        let items = ranked.filter { entry in
            entry.issue.occurrences >= query.minimumOccurrences && (query.category.map { $0 == entry.issue.category } ?? true)
        }.prefix(query.limit).map {
            IssueJSON(issue: $0.issue, priority: PriorityJSON(priority: $0, multiplier: settings.reachMultiplier))
        }
        return JSONResponses.json(.ok, IssueList(items: Array(items)))
    }

    struct TrendsJSON: Encodable {
        struct Series: Encodable {
            var key: String
            var label: String
            var daily: [Int]
            /// Sums of 7 days, ending with the last day (the oldest may be shorter), oldest first.
            var weekly: [Int]
            var total: Int
            var baseline: Double
            var verdict: String
        }
        var by: String
        var timeZone: String
        var days: [String]
        var series: [Series]
        enum CodingKeys: String, CodingKey {
            case by, timeZone = "time_zone", days, series
        }
    }

    /// Sums of each 7 days of `daily`, counted back from its last day, oldest first.
    static func weekly(_ daily: [Int]) -> [Int] {
        stride(from: daily.count, to: 0, by: -7).map { end in daily[max(0, end - 7)..<end].reduce(0, +) }.reversed()
    }

    /// `GET /api/v1/trends?by=category|issue|brand|channel&days=28&limit=20`: complaints per day of
    /// each category, issue, brand or channel over the last `days` days (7 to 90) in the service levels' time
    /// zone, each with its verdict (`spike`: the last day is far above the baseline; `rising`: the
    /// last week is), most alarming first.
    func trends(_ request: Request, context: HarkRequestContext) async -> Response {
        await aggregate(request, context, known: ["by", "days", "limit"]) { caller, query in
            let dimension =
                try query.value("by", TrendDimension.self, expected: "category, issue, brand or channel") ?? .category
            let days = try query.wholeNumber("days", in: 7...90) ?? 28
            let limit = try query.wholeNumber("limit", in: 1...100) ?? 20
            let window = StatisticsWindow(
                days: days, serviceLevels: authenticator.settings.current.serviceLevels, now: clock.now())
            let series = try await insight.trends(
                by: dimension, days: days, now: window.now, utcOffset: window.utcOffset, brandScope: caller.brands,
                limit: limit)
            return JSONResponses.json(
                .ok,
                TrendsJSON(
                    by: dimension.rawValue, timeZone: window.zoneName, days: window.dayNames,
                    series: series.map {
                        .init(
                            key: $0.key, label: $0.label, daily: $0.daily, weekly: Self.weekly($0.daily), total: $0.total,
                            baseline: ($0.baseline * 100).rounded() / 100, verdict: $0.verdict.rawValue)
                    }))
        }
    }
}
