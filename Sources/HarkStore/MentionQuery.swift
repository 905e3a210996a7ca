import Foundation
import HarkCore

/// Filters and paging for listing mentions. Pages are keyset-based: newest first by id.
public struct MentionQuery: Sendable, Hashable {
    /// The largest page the API hands out.
    public static let maximumLimit = 200

    public var status: InboxStatus?
    public var severity: Severity?
    public var category: Category?
    public var channel: Channel?
    public var source: SourceID?
    public var language: String?
    public var brand: String?
    /// Only mentions of these brands (a token's brand scope). `nil` means no restriction.
    public var brandScope: [String]?
    /// Words that must all appear (case-insensitive) in subject, title or text.
    public var text: String?
    public var since: Date?
    public var until: Date?
    /// Only mentions overdue at this moment (first response or follow-up past due).
    public var overdueAt: Date?
    /// Only mentions assigned to this person.
    public var assignee: String?
    /// Only mentions by this author address (lowercased) or handle: a customer's earlier mentions.
    public var authorAddress: String?
    public var authorHandle: String?
    /// Only mentions recurrence linked to this customer (a merged-away id names the one it became).
    public var customerID: String?
    /// Only mentions of this issue: a complaint's siblings.
    public var issueID: String?
    public var limit: Int
    /// Continue after this mention (exclusive); from ``MentionPage/nextCursor``.
    public var after: MentionID?

    public init(
        status: InboxStatus? = nil, severity: Severity? = nil, category: Category? = nil, channel: Channel? = nil,
        source: SourceID? = nil, language: String? = nil, brand: String? = nil, brandScope: [String]? = nil,
        text: String? = nil, since: Date? = nil, until: Date? = nil, limit: Int = 50, after: MentionID? = nil
    ) {
        self.status = status
        self.severity = severity
        self.category = category
        self.channel = channel
        self.source = source
        self.language = language
        self.brand = brand
        self.brandScope = brandScope
        self.text = text
        self.since = since
        self.until = until
        self.limit = min(max(limit, 1), Self.maximumLimit)
        self.after = after
    }

    /// Whether a filter holds a NUL or another control character, which no stored value does (every
    /// kept text is cleaned): such a query matches nothing, on every store. (PostgreSQL could not
    /// even compare it, and SQLite would compare it cut short at the NUL.)
    public var namesNothing: Bool {
        let filters = [assignee, authorAddress, authorHandle, customerID, issueID, language, brand].compactMap { $0 }
            + (brandScope ?? [])
        return filters.contains { filter in filter.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) } }
    }

    /// The search words of ``text``: at most 16, each at most 64 characters, lower-cased; control
    /// characters (NUL among them) separate words.
    public var searchTerms: [String] {
        guard let text = text.flatMap(TextCleanup.singleLine) else { return [] }
        return text.split(whereSeparator: { $0.isWhitespace }).prefix(16).map { String($0.prefix(64)).lowercased() }
    }

    /// Whether `mention` passes every filter but the cursor and limit.
    public func matches(_ mention: Mention) -> Bool {
        if let status, mention.status != status { return false }
        let effective = mention.effectiveAssessment
        if let severity, effective?.severity != severity { return false }
        if let category, effective?.category != category { return false }
        if let assignee, mention.assignee != assignee { return false }
        if let authorAddress, mention.author.address != authorAddress { return false }
        if let authorHandle, mention.author.handle != authorHandle { return false }
        if let overdueAt, !mention.workflow.isOverdue(status: mention.status, at: overdueAt) { return false }
        if let channel, mention.channel != channel { return false }
        if let source, mention.source != source { return false }
        if let language, mention.assessment?.language != language { return false }
        let brands = mention.assessment?.brands ?? []
        if let brand, !brands.contains(brand) { return false }
        if let brandScope, !brands.contains(where: brandScope.contains) { return false }
        if let since, mention.receivedAt < since { return false }
        if let until, mention.receivedAt >= until { return false }
        let haystack = [mention.subject, mention.title, mention.text].compactMap { $0 }.joined(separator: "\n")
            .lowercased()
        return searchTerms.allSatisfy { haystack.contains($0) }
    }
}

/// One page of mentions.
public struct MentionPage: Sendable, Hashable {
    public var items: [Mention]
    /// Pass as ``MentionQuery/after`` for the next page; `nil` on the last page.
    public var nextCursor: MentionID?

    public init(items: [Mention], nextCursor: MentionID?) {
        self.items = items
        self.nextCursor = nextCursor
    }
}

/// An earlier version of a mention, kept when an edit arrived.
public struct MentionRevision: Sendable, Hashable {
    public var revision: Int
    public var capturedAt: Date
    public var subject: String?
    public var title: String?
    public var text: String
    public var link: String?
    public var author: Author

    public init(
        revision: Int, capturedAt: Date, subject: String?, title: String?, text: String, link: String?,
        author: Author
    ) {
        self.revision = revision
        self.capturedAt = capturedAt
        self.subject = subject
        self.title = title
        self.text = text
        self.link = link
        self.author = author
    }
}
