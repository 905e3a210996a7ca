import Foundation
import HarkCore
import HarkStore

/// A mention as the API shows it (spec/interface.md, "A mention, as JSON").
///
/// Absent values are written as `null`, not left out. For the `marketing` role the personal fields
/// (`author`, `external_id`) are removed.
public struct MentionJSON: Encodable {
    public var mention: Mention
    public var redactPersonalData: Bool
    /// Where within its source the mention was seen (mail folders); written as `seen_in` by the
    /// single-mention view only (`nil` leaves the key out of list pages).
    public var places: [MentionPlace]?
    /// The moment `overdue` is judged at.
    public var now: Date
    /// The mention's customer and issue (`customer` and `issue`; `null` until recurrence saw it).
    public var recurrence: RecurrenceSummary?

    public init(
        mention: Mention, redactPersonalData: Bool = false, places: [MentionPlace]? = nil, now: Date = Date(),
        recurrence: RecurrenceSummary? = nil
    ) {
        self.mention = mention
        self.redactPersonalData = redactPersonalData
        self.places = places
        self.now = now
        self.recurrence = recurrence
    }

    private struct CustomerJSON: Encodable {
        var customer: RecurrenceSummary.Customer
        enum Keys: String, CodingKey { case id, priorComplaints = "prior_complaints", lastComplaintAt = "last_complaint_at", evidence }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(customer.id, forKey: .id)
            try container.encode(customer.priorComplaints, forKey: .priorComplaints)
            try container.encode(customer.lastComplaintAt.map(RFC3339.string), forKey: .lastComplaintAt)
            try container.encode(customer.evidence?.rawValue, forKey: .evidence)
        }
    }

    private struct IssueJSON: Encodable {
        var issue: RecurrenceSummary.Issue
        enum Keys: String, CodingKey { case id, label, occurrences, firstSeenAt = "first_seen_at" }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(issue.id, forKey: .id)
            try container.encode(issue.label, forKey: .label)
            try container.encode(issue.occurrences, forKey: .occurrences)
            try container.encode(RFC3339.string(issue.firstSeenAt), forKey: .firstSeenAt)
        }
    }

    private struct CorrectedJSON: Encodable {
        var correction: Correction
        enum Keys: String, CodingKey { case complaint, severity, category, by, at }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(correction.complaint, forKey: .complaint)
            try container.encode(correction.severity?.rawValue, forKey: .severity)
            try container.encode(correction.category?.rawValue, forKey: .category)
            try container.encode(correction.by, forKey: .by)
            try container.encode(RFC3339.string(correction.at), forKey: .at)
        }
    }

    private struct PlaceJSON: Encodable {
        var source: String
        var place: String
        var firstSeenAt: String
        enum CodingKeys: String, CodingKey { case source, place, firstSeenAt = "first_seen_at" }
    }

    enum Keys: String, CodingKey {
        case id, source, channel, externalID = "external_id", receivedAt = "received_at", publishedAt = "published_at"
        case author, subject, title, text, link, language, complaint, severity, category, brands, cues, status
        case assignee, revisions, flags, seenIn = "seen_in", corrected, dueAt = "due_at", overdue
        case followUpAt = "follow_up_at", responseKind = "response_kind", notesCount = "notes_count"
        case customer, issue
    }

    struct AuthorJSON: Encodable {
        var author: Author
        enum Keys: String, CodingKey { case name, address, handle }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(author.name, forKey: .name)
            try container.encode(author.address, forKey: .address)
            try container.encode(author.handle, forKey: .handle)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(mention.id.rawValue, forKey: .id)
        try container.encode(mention.source.rawValue, forKey: .source)
        try container.encode(mention.channel.rawValue, forKey: .channel)
        if !redactPersonalData {
            try container.encode(mention.externalID, forKey: .externalID)
            try container.encode(AuthorJSON(author: mention.author), forKey: .author)
        }
        try container.encode(RFC3339.string(mention.receivedAt), forKey: .receivedAt)
        try container.encode(mention.publishedAt.map(RFC3339.string), forKey: .publishedAt)
        try container.encode(mention.subject, forKey: .subject)
        try container.encode(mention.title, forKey: .title)
        try container.encode(mention.text, forKey: .text)
        try container.encode(mention.link, forKey: .link)
        // The correction wins: the top-level fields show what people decided (`corrected` says so).
        let assessment = mention.effectiveAssessment
        try container.encode(assessment?.language, forKey: .language)
        try container.encode(assessment?.complaint, forKey: .complaint)
        try container.encode(assessment?.severity.rawValue, forKey: .severity)
        try container.encode(assessment?.category.rawValue, forKey: .category)
        try container.encode(assessment?.brands ?? [], forKey: .brands)
        try container.encode(assessment?.cues ?? [], forKey: .cues)
        try container.encode(mention.status.rawValue, forKey: .status)
        try container.encode(mention.assignee, forKey: .assignee)
        try container.encode(mention.revisions, forKey: .revisions)
        try container.encode(mention.flags, forKey: .flags)
        try container.encode(mention.correction.map(CorrectedJSON.init), forKey: .corrected)
        try container.encode(mention.workflow.dueAt.map(RFC3339.string), forKey: .dueAt)
        try container.encode(mention.workflow.responseKind?.rawValue, forKey: .responseKind)
        try container.encode(mention.workflow.isOverdue(status: mention.status, at: now), forKey: .overdue)
        try container.encode(mention.workflow.followUpAt.map(RFC3339.string), forKey: .followUpAt)
        try container.encode(mention.notesCount, forKey: .notesCount)
        try container.encode(recurrence?.customer.map(CustomerJSON.init), forKey: .customer)
        try container.encode(recurrence?.issue.map(IssueJSON.init), forKey: .issue)
        if let places {
            try container.encode(
                places.map { PlaceJSON(source: $0.source.rawValue, place: $0.place, firstSeenAt: RFC3339.string($0.firstSeenAt)) },
                forKey: .seenIn)
        }
    }
}
