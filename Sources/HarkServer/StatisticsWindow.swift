import Foundation
import HarkCore
import HarkStore

/// The days the inbox statistics cover: `count` days ending today, in the service levels' time
/// zone (UTC when none is configured). The page's charts and `GET /api/v1/statistics` use it.
struct StatisticsWindow {
    let zone: TimeZone
    /// The configured zone's identifier, or `UTC`.
    let zoneName: String
    /// The start of each day, oldest first.
    let days: [Date]
    let now: Date

    init(days count: Int, serviceLevels: ServiceLevelPolicy, now: Date) {
        let configured = serviceLevels.calendar?.timeZone
        zone = configured ?? TimeZone(secondsFromGMT: 0) ?? .current
        zoneName = configured?.identifier ?? "UTC"
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let today = calendar.startOfDay(for: now)
        days = (0..<count).reversed().compactMap { calendar.date(byAdding: .day, value: -$0, to: today) }
        self.now = now
    }

    var since: Date { days.first ?? now }

    /// Seconds east of UTC of the zone at `now` (how the store cuts days).
    var utcOffset: Int { zone.secondsFromGMT(for: now) }

    /// The days as `yyyy-MM-dd`, oldest first.
    var dayNames: [String] {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd"
        return days.map(formatter.string(from:))
    }

    /// The counts and the complaints per day of what `scope` may see.
    func load(from store: any InboxStore, scope: [String]?) async throws -> (InboxCounts, [DailyComplaints]) {
        let counts = try await store.inboxCounts(brandScope: scope, at: now)
        let daily = try await store.dailyComplaints(
            since: since, utcOffset: utcOffset, brandScope: scope)
        return (counts, daily)
    }
}
