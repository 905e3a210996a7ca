import Foundation
import HarkCore
import HarkStore

/// Alerts of trends: complaints of a category, an issue or a brand that spiked today or rose this
/// week against their baseline (``HarkRecurrence/TrendTest``), for the targets that hear `trend`.
///
/// A spike alerts once per key and day, a rise once per key and week (the message id names them),
/// so checking every minute alerts once.
extension AlertComposer {
    /// A series worth an alert, with where it was found.
    struct Trend: Sendable {
        var dimension: TrendDimension
        var series: TrendSeries
        /// The series' last day, `yyyy-MM-dd` in the zone it was cut in.
        var day: String
        /// Days since 1970 of that day.
        var dayNumber: Int64
    }

    /// The distinct brand scopes of the targets that hear trends (`nil`: every brand).
    var trendScopes: [[String]?] {
        var scopes: [[String]?] = []
        for target in targets where target.events.contains(.trend) && !scopes.contains(where: { $0 == target.brands }) {
            scopes.append(target.brands)
        }
        return scopes
    }

    /// The alerts of `trends` found within `scope`, for the targets of that scope.
    func trendAlerts(_ trends: [Trend], scope: [String]?, at now: Date) -> [OutboxMessage] {
        targets.filter { $0.events.contains(.trend) && $0.brands == scope }.flatMap { target in
            trends.filter { $0.series.verdict != .flat }.compactMap { trend -> OutboxMessage? in
                let period = trend.series.verdict == .spike ? trend.day : "week-\(trend.dayNumber / 7)"
                let id = OutboxMessage.stableID([
                    OutboxKind.trend.rawValue, target.id, trend.dimension.rawValue, trend.series.key,
                    trend.series.verdict.rawValue, period,
                ])
                guard let payload = try? trendBody(trend, format: target.format, id: id, at: now) else { return nil }
                return OutboxMessage(id: id, target: target.id, kind: .trend, mentionID: nil, payload: payload, createdAt: now)
            }
        }
    }

    private func trendBody(_ trend: Trend, format: HarkConfiguration.AlertFormat, id: String, at now: Date) throws -> Data {
        let series = trend.series
        let today = series.daily.last ?? 0
        let week = series.daily.suffix(7).reduce(0, +)
        switch format {
        case .slack:
            let what = "\(trend.dimension.rawValue) *\(SlackText.escape(series.label))*"
            let text =
                series.verdict == .spike
                ? ":chart_with_upwards_trend: *Complaints spike*: \(what): \(today) on \(trend.day), against about "
                    + "\(Self.rate(series.baseline)) a day before."
                : ":chart_with_upwards_trend: *Complaints rising*: \(what): \(week) in the last 7 days to \(trend.day), "
                    + "well above the weeks before."
            let link = publicURL.map { "\n<\(SlackText.escape($0))/|Open Hark>" } ?? ""
            return try Self.encode(SlackBody(text: text + link, blocks: [.init(text: .init(text: text + link))]))
        case .standardWebhooks:
            return try Self.encode(
                TrendAlertBody(
                    type: "trend.\(series.verdict.rawValue)", timestamp: RFC3339.string(now),
                    data: .init(
                        alertID: id, by: trend.dimension.rawValue, key: series.key, label: series.label, day: trend.day,
                        today: today, lastSevenDays: week, baseline: (series.baseline * 100).rounded() / 100,
                        daily: series.daily, url: publicURL)))
        }
    }

    static func rate(_ value: Double) -> String {
        String(format: "%.1f", value)
    }
}

/// The generic body of a trend alert.
struct TrendAlertBody: Encodable {
    struct Payload: Encodable {
        var alertID: String
        var by: String
        var key: String
        var label: String
        var day: String
        var today: Int
        var lastSevenDays: Int
        var baseline: Double
        var daily: [Int]
        var url: String?

        enum CodingKeys: String, CodingKey {
            case alertID = "alert_id"
            case by, key, label, day, today
            case lastSevenDays = "last_seven_days"
            case baseline, daily, url
        }
    }

    var type: String
    var timestamp: String
    var data: Payload
}
