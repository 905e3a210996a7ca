import Foundation
import HarkCore
import HarkStore
import Hummingbird

extension InboxAPI {
    struct IssueJSON: Encodable {
        var issue: IssueRecord
        var priority: PriorityJSON? = nil
        enum Keys: String, CodingKey {
            case id, label, category, brands, occurrences, firstSeenAt = "first_seen_at", lastSeenAt = "last_seen_at"
            case priority
        }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(issue.id, forKey: .id)
            try container.encode(issue.label, forKey: .label)
            try container.encode(issue.category?.rawValue, forKey: .category)
            try container.encode(issue.brands, forKey: .brands)
            try container.encode(issue.occurrences, forKey: .occurrences)
            try container.encode(RFC3339.string(issue.firstSeenAt), forKey: .firstSeenAt)
            try container.encode(RFC3339.string(issue.lastSeenAt), forKey: .lastSeenAt)
            try container.encodeIfPresent(priority, forKey: .priority)
        }
    }

    struct IssueList: Encodable {
        var items: [IssueJSON]
    }

    /// `GET /api/v1/issues?order=priority|occurrences|recent&min=N&category=&limit=`: recurring
    /// problems within the caller's brands: by default where to act first (``priorities(_:)``),
    /// else most complaints or most recent first. Aggregates only: every role.
    func listIssues(_ request: Request, context: HarkRequestContext) async -> Response {
        await aggregate(request, context, known: ["order", "min", "category", "limit"]) { caller, parameters in
            var query = IssueQuery(brandScope: caller.brands)
            var byPriority = true
            if let raw = parameters["order"], raw != "priority" {
                guard let order = IssueQuery.Order(rawValue: raw) else {
                    return JSONResponses.error(.badRequest, "bad_query", "order must be priority, occurrences or recent")
                }
                query.order = order
                byPriority = false
            }
            if let minimum = try parameters.wholeNumber("min", in: 1...1_000_000) { query.minimumOccurrences = minimum }
            let categories = "one of " + Category.allCases.map(\.rawValue).joined(separator: ", ")
            if let category = try parameters.value("category", Category.self, expected: categories) {
                query.category = category
            }
            if let limit = try parameters.wholeNumber("limit", in: 1...Int.max) { query.limit = min(limit, 200) }
            if byPriority { return try await priorities(query, caller: caller) }
            return JSONResponses.json(.ok, IssueList(items: try await store.issues(query).map { IssueJSON(issue: $0) }))
        }
    }

    struct CustomerJSON: Encodable {
        var record: CustomerRecord
        var mentions: [MentionJSON]
        var redact: Bool
        enum Keys: String, CodingKey {
            case id, evidence, complaints, firstSeenAt = "first_seen_at", lastSeenAt = "last_seen_at", mentions
        }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(record.id, forKey: .id)
            // Marketing learns what kind of evidence links the mentions, never the address or handle.
            try container.encode(
                record.evidence.map { ["kind": $0.kind.rawValue, "value": redact ? nil : $0.value] }, forKey: .evidence)
            try container.encode(record.complaints, forKey: .complaints)
            try container.encode(record.firstSeenAt.map(RFC3339.string), forKey: .firstSeenAt)
            try container.encode(record.lastSeenAt.map(RFC3339.string), forKey: .lastSeenAt)
            try container.encode(mentions, forKey: .mentions)
        }
    }

    /// `GET /api/v1/customers/{id}`: the evidence tying mentions to the customer and their mentions
    /// across channels, newest first (up to 200). A token limited to brands sees a customer only
    /// through mentions of its brands, and only those mentions. A customer merged into another
    /// answers as the one it became.
    func showCustomer(_ request: Request, context: HarkRequestContext) async -> Response {
        await authenticated(request, context) { caller in
            guard let id = Self.customerID(context) else { return Self.noSuchCustomer }
            return try await customerResponse(id, to: caller)
        }
    }

    static let noSuchCustomer = JSONResponses.error(.notFound, "not_found", "no such customer")

    /// The `{id}` of the path when it is a customer's id.
    static func customerID(_ context: HarkRequestContext) -> String? {
        guard let id = context.parameters.get("id"), id.hasPrefix("cus_"), MentionQueryParser.isRecurrenceID(id) else {
            return nil
        }
        return id
    }

    /// A customer and the mentions of theirs `caller` may see (up to 200, newest first); `nil` when
    /// there is no such customer, or a token limited to brands sees none of their mentions.
    static func visibleCustomer(_ id: String, to caller: APICaller, in store: any InboxStore) async throws
        -> (record: CustomerRecord, mentions: [Mention])?
    {
        guard let record = try await store.customer(id, mentionLimit: 200) else { return nil }
        var visible: [Mention] = []
        for mentionID in record.mentions {
            if let mention = try await store.mention(mentionID), Self.visible(mention, to: caller) { visible.append(mention) }
        }
        guard caller.brands == nil || !visible.isEmpty else { return nil }
        return (record, visible)
    }

    func customerResponse(_ id: String, to caller: APICaller, status: HTTPResponse.Status = .ok) async throws -> Response {
        guard let (record, visible) = try await Self.visibleCustomer(id, to: caller, in: store) else {
            return Self.noSuchCustomer
        }
        let now = clock.now()
        let recurrence = try await store.recurrenceSummaries(of: visible.map(\.id))
        // Evidence is not tied to brands: a token limited to brands sees its kinds, not its values.
        let redactEvidence = caller.role == .marketing || caller.brands != nil
        let redact = caller.role == .marketing
        return JSONResponses.json(
            status,
            CustomerJSON(
                record: record,
                mentions: visible.map {
                    MentionJSON(mention: $0, redactPersonalData: redact, now: now, recurrence: recurrence[$0.id])
                }, redact: redactEvidence))
    }
}
