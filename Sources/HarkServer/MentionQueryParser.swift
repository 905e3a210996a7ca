import Foundation
import HarkCore
import HarkStore
import Hummingbird

/// Parses the filters of `GET /api/v1/mentions` (spec/interface.md); unknown values are errors.
enum MentionQueryParser {
    struct Problem: Error {
        var message: String
    }

    static let knownParameters: Set<String> = [
        "status", "severity", "category", "channel", "source", "language", "brand", "customer", "issue", "q", "since",
        "until", "limit", "cursor", "overdue", "assignee",
    ]

    /// A customer's or issue's id: a prefix, `_` and letters or digits, at most 64 bytes.
    static func isRecurrenceID(_ id: String) -> Bool {
        id.utf8.count <= 64 && id.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x7A).contains($0) || $0 == 0x5F }
    }

    /// - Parameter now: The moment `overdue=true` is judged at.
    /// - Parameter forPage: The web page's filter form: its `lang` is passed over and an empty
    ///   value means "any".
    /// - Parameter extra: Parameters of the route itself (an export's `format`), passed over.
    static func parse(
        _ parameters: Parameters, scope: [String]?, now: Date = Date(), forPage: Bool = false, extra: Set<String> = []
    ) -> Result<MentionQuery, Problem> {
        var query = MentionQuery(brandScope: scope)
        for (key, _) in parameters
        where !knownParameters.contains(String(key)) && !(forPage && key == "lang") && !extra.contains(String(key)) {
            return .failure(Problem(message: "unknown parameter \(String(key).prefix(40))"))
        }
        func value(_ name: String) -> String? {
            guard let value = parameters.get(name), !(forPage && value.isEmpty) else { return nil }
            return value
        }
        func enumValue<T: RawRepresentable<String>>(_ name: String, _ type: T.Type) throws(Problem) -> T? {
            guard let raw = value(name) else { return nil }
            guard let parsed = T(rawValue: raw) else { throw Problem(message: "invalid \(name)") }
            return parsed
        }
        do throws(Problem) {
            query.status = try enumValue("status", InboxStatus.self)
            query.severity = try enumValue("severity", Severity.self)
            query.category = try enumValue("category", Category.self)
            query.channel = try enumValue("channel", Channel.self)
            if let raw = value("source") {
                guard let source = SourceID(raw) else { throw Problem(message: "invalid source") }
                query.source = source
            }
            if let language = value("language") {
                guard ["en", "da", "no", "sv", "und"].contains(language) else { throw Problem(message: "invalid language") }
                query.language = language
            }
            if let brand = value("brand") {
                guard brand.count <= 200 else { throw Problem(message: "brand too long") }
                query.brand = brand
            }
            switch value("overdue") {
            case nil, "false": break
            case "true": query.overdueAt = now
            default: throw Problem(message: "overdue must be true or false")
            }
            if let assignee = value("assignee") {
                guard assignee.utf8.count <= 200, TextCleanup.singleLine(assignee) == assignee else {
                    throw Problem(message: "invalid assignee")
                }
                query.assignee = assignee
            }
            if let customer = value("customer") {
                guard customer.hasPrefix("cus_"), Self.isRecurrenceID(customer) else {
                    throw Problem(message: "customer must be a customer id (cus_...)")
                }
                query.customerID = customer
            }
            if let issue = value("issue") {
                guard issue.hasPrefix("iss_"), Self.isRecurrenceID(issue) else {
                    throw Problem(message: "issue must be an issue id (iss_...)")
                }
                query.issueID = issue
            }
            if let text = value("q") {
                guard text.count <= 1000 else { throw Problem(message: "q is longer than 1000 characters") }
                guard !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != " " })
                else { throw Problem(message: "q must not contain control characters") }
                query.text = text
            }
            for name in ["since", "until"] {
                guard let raw = value(name) else { continue }
                guard let date = RFC3339.parse(raw) else { throw Problem(message: "\(name) must be an RFC 3339 time") }
                if name == "since" { query.since = date } else { query.until = date }
            }
            if let raw = value("limit") {
                guard let limit = Int(raw), limit > 0 else { throw Problem(message: "limit must be a positive integer") }
                query.limit = min(limit, MentionQuery.maximumLimit)
            }
            if let raw = value("cursor") {
                guard let cursor = MentionID(raw) else { throw Problem(message: "invalid cursor") }
                query.after = cursor
            }
        } catch {
            return .failure(error)
        }
        return .success(query)
    }
}
