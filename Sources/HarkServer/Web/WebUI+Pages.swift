import Foundation
import HTTPTypes
import HarkCore
import HarkStore
import Hummingbird
import Mustache

/// The inbox, a mention's page, and the forms that act on a mention.
extension WebUI {
    static let severityColours: [(Severity, String)] = [(.veryDissatisfied, "#b3261e"), (.dissatisfied, "#e8a33d")]
    static let categoryColours: [(HarkCore.Category, String)] = [
        (.product, "#1b6ca8"), (.service, "#7b3fa0"), (.delivery, "#2e7d32"), (.billing, "#c2571a"),
        (.process, "#5d6d7e"), (.digital, "#00838f"), (.other, "#8d6e63"),
    ]

    func display(_ date: Date) -> String {
        dates.string(date, in: settings.current.serviceLevels.calendar?.timeZone ?? TimeZone(identifier: "UTC") ?? .current)
    }

    static func summary(_ mention: Mention) -> String {
        let text = [mention.subject, mention.title, mention.text].compactMap { $0 }.joined(separator: " · ")
        return text.count > 140 ? String(text.prefix(139)) + "…" : text
    }

    func row(_ mention: Mention, _ lang: WebLanguage, now: Date) -> [String: Any] {
        let assessment = mention.effectiveAssessment
        return [
            "id": mention.id.rawValue, "summary": Self.summary(mention),
            "severityKey": assessment?.severity.rawValue ?? "none",
            "severity": assessment.map { WebStrings.severity($0.severity, lang) } ?? "–",
            "category": assessment.map { WebStrings.category($0.category, lang) } ?? "–",
            "status": WebStrings.status(mention.status, lang), "channel": WebStrings.channel(mention.channel, lang),
            "received": display(mention.receivedAt), "receivedISO": RFC3339.string(mention.receivedAt),
            "due": mention.workflow.dueAt.map(display) ?? "", "assignee": mention.assignee ?? "",
            "overdue": mention.workflow.isOverdue(status: mention.status, at: now),
        ]
    }

    func inbox(_ request: Request, _ context: HarkRequestContext, _ visitor: Visitor) async throws -> Response {
        let lang = language(request)
        let now = clock.now()
        let parameters = request.uri.queryParameters
        var query: MentionQuery
        var problem: String?
        switch MentionQueryParser.parse(parameters, scope: visitor.caller.brands, now: now, forPage: true) {
        case .success(let parsed): query = parsed
        case .failure(let failure):
            // Shown above an unfiltered list, so nobody mistakes it for the filtered one.
            query = MentionQuery(brandScope: visitor.caller.brands)
            problem = failure.message
        }
        query.limit = 100
        let page = try await store.mentions(query)
        // Very dissatisfied and overdue on top, then newest first.
        let items = page.items.enumerated().sorted { a, b in
            func rank(_ m: Mention) -> Int {
                (m.workflow.isOverdue(status: m.status, at: now) ? 0 : 2)
                    + (m.effectiveAssessment?.severity == .veryDissatisfied ? 0 : 1)
            }
            return (rank(a.element), a.offset) < (rank(b.element), b.offset)
        }.map { row($0.element, lang, now: now) }
        let (counts, daily, days, zone) = try await statistics(visitor: visitor, now: now)
        var values = base(request, lang, title: WebStrings.text(.inboxTitle, lang), visitor: visitor)
        values["items"] = items
        if let problem { values["error"] = "\(WebStrings.text(.filter, lang)): \(problem)" }
        values["counts"] = [
            "total": counts.total, "overdue": counts.overdue,
            "severities": [Severity.veryDissatisfied, .dissatisfied].map {
                ["key": $0.rawValue, "label": WebStrings.severity($0, lang), "n": counts.openBySeverity[$0] ?? 0]
            },
            "statuses": InboxStatus.allCases.compactMap { status -> [String: Any]? in
                guard let n = counts.byStatus[status], n > 0 else { return nil }
                return ["label": WebStrings.status(status, lang), "n": n]
            },
        ]
        func select<T: RawRepresentable<String>>(_ name: String, _ label: WebText, _ cases: [T], _ text: (T) -> String)
            -> [String: Any]
        {
            let chosen = parameters.get(name)
            return [
                "name": name, "label": WebStrings.text(label, lang),
                "options": cases.map { ["value": $0.rawValue, "label": text($0), "selected": $0.rawValue == chosen] },
            ]
        }
        values["selects"] = [
            select("severity", .severity, Severity.allCases) { WebStrings.severity($0, lang) },
            select("status", .status, InboxStatus.allCases) { WebStrings.status($0, lang) },
            select("category", .category, HarkCore.Category.allCases) { WebStrings.category($0, lang) },
            select("channel", .channel, Channel.allCases) { WebStrings.channel($0, lang) },
            select("language", .language, ["en", "da", "no", "sv"].map(LanguageCode.init)) { $0.rawValue },
        ]
        values["brand"] = parameters.get("brand") ?? ""
        values["q"] = parameters.get("q") ?? ""
        values["overdueChecked"] = parameters.get("overdue") == "true"
        if let next = page.nextCursor {
            var components = URLComponents()
            components.path = "/"
            components.queryItems = parameters.filter { $0.key != "cursor" }.map { URLQueryItem(name: String($0.key), value: String($0.value)) }
                + [URLQueryItem(name: "cursor", value: next.rawValue)]
            values["next"] = components.string
        }
        charts(&values, daily: daily, days: days, zone: zone, lang: lang)
        return WebHTTP.html(.ok, library.render(values, withTemplate: "inbox") ?? "")
    }

    /// The counts and the last 30 days of complaints, fresh on every render (the store answers
    /// them from its statistics indexes).
    func statistics(visitor: Visitor, now: Date) async throws -> (InboxCounts, [DailyComplaints], [Date], TimeZone) {
        let window = StatisticsWindow(days: 30, serviceLevels: settings.current.serviceLevels, now: now)
        let (counts, daily) = try await window.load(from: store, scope: visitor.caller.brands)
        return (counts, daily, window.days, window.zone)
    }

    /// The charts of complaints per day over `days`, by severity and by category (the inbox's 30
    /// days unless `title` names other days).
    func charts(
        _ values: inout [String: Any], daily rows: [DailyComplaints], days: [Date], zone: TimeZone, lang: WebLanguage,
        title: String? = nil
    ) {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd"
        let index = Dictionary(uniqueKeysWithValues: days.enumerated().map { (formatter.string(from: $0.element), $0.offset) })
        func series<K: Hashable>(_ keys: [(K, String)], _ key: (DailyComplaints) -> K, _ label: (K) -> String)
            -> [SVGChart.Series]
        {
            keys.map { wanted, colour in
                var counts = [Int](repeating: 0, count: days.count)
                for row in rows where key(row) == wanted {
                    if let day = index[row.day] { counts[day] += row.count }
                }
                return SVGChart.Series(label: label(wanted), colour: colour, counts: counts)
            }
        }
        let title = title ?? WebStrings.text(.chartTitle, lang)
        values["chartSeverity"] = SVGChart.stackedBars(
            title: "\(title): \(WebStrings.text(.bySeverity, lang))", days: days,
            series: series(Self.severityColours, \.severity) { WebStrings.severity($0, lang) }, timeZone: zone)
        values["chartCategory"] = SVGChart.stackedBars(
            title: "\(title): \(WebStrings.text(.byCategory, lang))", days: days,
            series: series(Self.categoryColours, \.category) { WebStrings.category($0, lang) }, timeZone: zone)
    }
}

/// A language code as a select option.
struct LanguageCode: RawRepresentable {
    var rawValue: String
    init(_ value: String) { rawValue = value }
    init?(rawValue: String) { self.rawValue = rawValue }
}
