import Foundation
import HarkCore
import HarkStore
import Hummingbird
import Mustache

/// `GET /report?month=yyyy-MM`: the monthly report for management, printable to PDF from the
/// browser: the month's complaints by category, severity and channel (charts drawn here, as SVG),
/// new and recurring issues, trends, open and overdue complaints, and the issues to escalate.
extension WebUI {
    /// A calendar month in the service levels' time zone.
    struct ReportMonth {
        var start: Date
        var end: Date
        var days: [Date]
        var name: String
        var previous: String
        var next: String?

        /// The month `text` names (`yyyy-MM`), or the one `now` is in; `nil` for anything else.
        init?(_ text: String?, now: Date, zone: TimeZone) {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            var components = calendar.dateComponents([.year, .month], from: now)
            if let text {
                let parts = text.split(separator: "-", omittingEmptySubsequences: false)
                guard text.utf8.count == 7, parts.count == 2, let year = Int(parts[0]), let month = Int(parts[1]),
                    (2000...2999).contains(year), (1...12).contains(month)
                else { return nil }
                components = DateComponents(year: year, month: month)
            }
            guard let start = calendar.date(from: components),
                let end = calendar.date(byAdding: .month, value: 1, to: start),
                let before = calendar.date(byAdding: .month, value: -1, to: start)
            else { return nil }
            self.start = start
            self.end = end
            var days: [Date] = []
            var day = start
            while day < end, days.count < 31 {
                days.append(day)
                guard let following = calendar.date(byAdding: .day, value: 1, to: day) else { break }
                day = following
            }
            self.days = days
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = zone
            formatter.dateFormat = "yyyy-MM"
            name = formatter.string(from: start)
            previous = formatter.string(from: before)
            next = end <= now ? formatter.string(from: end) : nil
        }
    }

    func reportPage(_ request: Request, _ visitor: Visitor) async throws -> Response {
        let lang = language(request)
        let settings = self.settings.current
        let now = clock.now()
        let window = StatisticsWindow(days: 28, serviceLevels: settings.serviceLevels, now: now)
        guard let month = ReportMonth(request.uri.queryParameters["month"].map(String.init), now: now, zone: window.zone)
        else { return message(request, .badRequest, "notFound") }
        let scope = visitor.caller.brands
        let offset = window.zone.secondsFromGMT(for: month.start)
        let title = "\(InsightStrings.text(.reportTitle, lang)) \(month.name)"
        var values = base(request, lang, title: title, visitor: visitor)
        values["month"] = month.name
        values["previous"] = month.previous
        if let next = month.next { values["next"] = next }

        // Complaints per day by severity and category (the inbox's charts, over the month).
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = window.zone
        formatter.dateFormat = "yyyy-MM-dd"
        let dayNames = Set(month.days.map(formatter.string(from:)))
        let daily = try await store.dailyComplaints(since: month.start, utcOffset: offset, brandScope: scope)
            .filter { dayNames.contains($0.day) }
        charts(
            &values, daily: daily, days: month.days, zone: window.zone, lang: lang,
            title: InsightStrings.text(.complaintsInMonth, lang))
        values["total"] = daily.reduce(0) { $0 + $1.count }

        // By channel.
        let (first, _) = InsightDays.range(month.days.count, endingAt: month.days.last ?? month.start, utcOffset: offset)
        let channels = try await store.dailyComplaints(by: .channel, since: month.start, utcOffset: offset, brandScope: scope)
        values["chartChannel"] = SVGChart.stackedBars(
            title: "\(InsightStrings.text(.complaintsInMonth, lang)): \(InsightStrings.text(.byChannel, lang))",
            days: month.days,
            series: Channel.allCases.enumerated().map { index, channel in
                var counts = [Int](repeating: 0, count: month.days.count)
                for row in channels where row.key == channel.rawValue {
                    let slot = Int(row.day - first)
                    if counts.indices.contains(slot) { counts[slot] += row.count }
                }
                return SVGChart.Series(
                    label: WebStrings.channel(channel, lang), colour: Self.seriesColours[index % Self.seriesColours.count],
                    counts: counts)
            }, timeZone: window.zone)

        // New and recurring issues: those with complaints in the month, by when they began.
        var inMonth: [String: Int] = [:]
        for row in try await store.dailyComplaints(by: .issue, since: month.start, utcOffset: offset, brandScope: scope)
        where row.day >= first && row.day < first + Int64(month.days.count) {
            inMonth[row.key, default: 0] += row.count
        }
        let records = try await store.issueRecords(Array(inMonth.keys))
        let issues = records.values.sorted { (inMonth[$0.id] ?? 0, $1.id) > (inMonth[$1.id] ?? 0, $0.id) }
        func issueValues(_ issue: IssueRecord) -> [String: Any] {
            [
                "id": issue.id, "label": issue.label.isEmpty ? issue.id : issue.label,
                "category": issue.category.map { WebStrings.category($0, lang) } ?? "–",
                "inMonth": inMonth[issue.id] ?? 0, "occurrences": issue.occurrences,
                "firstSeen": display(issue.firstSeenAt),
            ]
        }
        values["newIssues"] = issues.filter { $0.firstSeenAt >= month.start }.prefix(20).map(issueValues)
        values["recurringIssues"] = issues.filter { $0.firstSeenAt < month.start }.prefix(20).map(issueValues)

        // Trends at the month's end (or now), open and overdue now, and what to escalate.
        let asOf = min(now, month.end.addingTimeInterval(-1))
        let trendWindow = StatisticsWindow(days: 28, serviceLevels: settings.serviceLevels, now: asOf)
        values["alarms"] = try await alarms(trendWindow, scope: scope, lang: lang)
        let counts = try await store.inboxCounts(brandScope: scope, at: now)
        values["openNow"] = counts.openBySeverity.values.reduce(0, +)
        values["overdueNow"] = counts.overdue
        let ranked = try await insight.priorities(
            now: asOf, utcOffset: offset, brandScope: scope, reachMultiplier: settings.reachMultiplier, limit: 50)
        values["escalate"] = ranked.filter {
            $0.activity.veryDissatisfied > 0 || $0.verdict != .flat || $0.activity.overdue > 0
        }.prefix(5).map { issueRow($0, lang) }
        values["reachNote"] = reachNote(settings.reachMultiplier, lang)
        return WebHTTP.html(.ok, library.render(values, withTemplate: "report") ?? "")
    }
}
