import Foundation
import HarkCore
import HarkStore
import Hummingbird
import Mustache

/// The pages of recurrence: where to act (ranked issues and trends) and a customer's history.
/// Every role may see them, within its brands; marketing and brand-limited tokens never see an
/// address or handle.
extension WebUI {
    static let seriesColours = ["#1b6ca8", "#c2571a", "#2e7d32", "#7b3fa0", "#00838f", "#8d6e63"]

    /// `GET /insight`: the issues to act on first, and what is spiking or rising.
    func insightPage(_ request: Request, _ visitor: Visitor) async throws -> Response {
        let lang = language(request)
        let settings = self.settings.current
        let window = StatisticsWindow(days: 28, serviceLevels: settings.serviceLevels, now: clock.now())
        var values = base(request, lang, title: InsightStrings.text(.insightTitle, lang), visitor: visitor)
        let ranked = try await insight.priorities(
            now: window.now, utcOffset: window.utcOffset, brandScope: visitor.caller.brands,
            reachMultiplier: settings.reachMultiplier, limit: 50)
        values["issues"] = ranked.map { issueRow($0, lang) }
        values["reachNote"] = reachNote(settings.reachMultiplier, lang)
        values["alarms"] = try await alarms(window, scope: visitor.caller.brands, lang: lang)
        let issues = try await insight.trends(
            by: .issue, days: 28, now: window.now, utcOffset: window.utcOffset, brandScope: visitor.caller.brands, limit: 6)
        values["chartIssues"] = SVGChart.stackedBars(
            title: "\(InsightStrings.text(.trendsTitle, lang)): \(InsightStrings.text(.byIssue, lang))", days: window.days,
            series: issues.enumerated().map { index, series in
                SVGChart.Series(
                    label: series.label.isEmpty ? series.key : series.label,
                    colour: Self.seriesColours[index % Self.seriesColours.count], counts: series.daily)
            }, timeZone: window.zone)
        return WebHTTP.html(.ok, library.render(values, withTemplate: "insight") ?? "")
    }

    func issueRow(_ priority: IssuePriority, _ lang: WebLanguage) -> [String: Any] {
        [
            "id": priority.issue.id, "label": priority.issue.label.isEmpty ? priority.issue.id : priority.issue.label,
            "category": priority.issue.category.map { WebStrings.category($0, lang) } ?? "–",
            "complaints": priority.activity.complaints, "very": priority.activity.veryDissatisfied,
            "customers": priority.activity.customers, "open": priority.activity.open, "overdue": priority.activity.overdue,
            "trendKey": priority.verdict.rawValue, "trend": InsightStrings.trend(priority.verdict, lang),
            "reach": "≈ \(priority.estimatedReach)", "occurrences": priority.issue.occurrences,
            "firstSeen": display(priority.issue.firstSeenAt), "lastSeen": display(priority.issue.lastSeenAt),
        ]
    }

    func reachNote(_ multiplier: Double, _ lang: WebLanguage) -> String {
        InsightStrings.text(.reachNote, lang).replacingOccurrences(of: "{n}", with: String(Int(multiplier)))
    }

    /// Every series of every dimension that spiked or rose, most alarming first.
    func alarms(_ window: StatisticsWindow, scope: [String]?, lang: WebLanguage) async throws -> [[String: Any]] {
        var found: [(TrendDimension, TrendSeries)] = []
        for dimension in TrendDimension.allCases {
            let series = try await insight.trends(
                by: dimension, days: window.days.count, now: window.now, utcOffset: window.utcOffset, brandScope: scope,
                limit: 50)
            found += series.filter { $0.verdict != .flat }.map { (dimension, $0) }
        }
        return found.sorted { ($0.1.verdict, $0.1.total) > ($1.1.verdict, $1.1.total) }.map { dimension, series in
            [
                "dimension": dimensionName(dimension, lang), "label": seriesLabel(dimension, series, lang),
                "trendKey": series.verdict.rawValue, "trend": InsightStrings.trend(series.verdict, lang),
                "today": series.daily.last ?? 0, "week": series.daily.suffix(7).reduce(0, +),
                "baseline": String(format: "%.1f", series.baseline),
            ]
        }
    }

    func dimensionName(_ dimension: TrendDimension, _ lang: WebLanguage) -> String {
        switch dimension {
        case .category: WebStrings.text(.byCategory, lang)
        case .issue: InsightStrings.text(.byIssue, lang)
        case .brand: InsightStrings.text(.byBrand, lang)
        case .channel: InsightStrings.text(.byChannel, lang)
        }
    }

    func seriesLabel(_ dimension: TrendDimension, _ series: TrendSeries, _ lang: WebLanguage) -> String {
        switch dimension {
        case .category: HarkCore.Category(rawValue: series.key).map { WebStrings.category($0, lang) } ?? series.key
        case .channel: Channel(rawValue: series.key).map { WebStrings.channel($0, lang) } ?? series.key
        case .issue, .brand: series.label
        }
    }

    /// `GET /customers/{id}`: the evidence tying mentions to the customer and their mentions
    /// across channels, within the visitor's brands.
    func customerPage(_ request: Request, _ context: HarkRequestContext, _ visitor: Visitor) async throws -> Response {
        let lang = language(request)
        let now = clock.now()
        guard let id = InboxAPI.customerID(context),
            let (record, visible) = try await InboxAPI.visibleCustomer(id, to: visitor.caller, in: store)
        else { return message(request, .notFound, "notFound") }
        let hideValues = visitor.caller.role == .marketing || visitor.caller.brands != nil
        var values = base(request, lang, title: InsightStrings.text(.customerTitle, lang), visitor: visitor)
        values["customerID"] = record.id
        values["evidence"] = record.evidence.map { item -> [String: Any] in
            [
                "kind": InsightStrings.evidence(item.kind, lang), "confidence": Int((item.confidence * 100).rounded()),
                "value": hideValues ? InsightStrings.text(.hiddenValue, lang) : item.value,
            ]
        }
        values["complaints"] = visible.filter { $0.effectiveAssessment?.complaint == true }.count
        values["firstSeen"] = visible.map(\.receivedAt).min().map(display) ?? "–"
        values["lastSeen"] = visible.map(\.receivedAt).max().map(display) ?? "–"
        values["items"] = visible.map { row($0, lang, now: now) }
        return WebHTTP.html(.ok, library.render(values, withTemplate: "customer") ?? "")
    }
}
