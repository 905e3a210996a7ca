import Foundation
import HarkCore
import HarkStore
import PostgresNIO

/// A mention as a row of `mentions`: the columns written on insert and read back.
enum PostgresMentionRow {
    static let insertColumns = """
        id, source, channel, external_id, received_at, published_at, author_name, author_address, author_handle,
        subject, title, text, link, content_digest, language, complaint, severity, category, brands, cues, status,
        assignee, flags, revisions, updated_at, due_at, response_kind
        """

    /// The bind placeholders of one new mention, in ``insertColumns`` order.
    static func values(_ mention: Mention, contentDigest: String, into statement: inout PostgresStatement) -> [String] {
        let assessment = mention.assessment
        return [
            statement.bind(mention.id.rawValue), statement.bind(mention.source.rawValue),
            statement.bind(mention.channel.rawValue), statement.bind(mention.externalID),
            statement.bind(PostgresDates.millis(mention.receivedAt)),
            statement.bind(mention.publishedAt.map(PostgresDates.millis)), statement.bind(mention.author.name),
            statement.bind(mention.author.address), statement.bind(mention.author.handle),
            statement.bind(mention.subject), statement.bind(mention.title), statement.bind(mention.text),
            statement.bind(mention.link), statement.bind(contentDigest), statement.bind(assessment?.language),
            statement.bind(assessment?.complaint), statement.bind(assessment?.severity.rawValue),
            statement.bind(assessment?.category.rawValue), statement.bind(assessment?.brands ?? []),
            statement.bind(assessment?.cues ?? []), statement.bind(mention.status.rawValue),
            statement.bind(mention.assignee), statement.bind(mention.flags), statement.bind(mention.revisions),
            statement.bind(PostgresDates.millis(mention.updatedAt)),
            statement.bind(mention.workflow.dueAt.map(PostgresDates.millis)),
            statement.bind(mention.workflow.responseKind?.rawValue),
        ]
    }

    /// The columns ``mention(from:)`` reads.
    static let columns = """
        id, source, channel, external_id, received_at, published_at, author_name, author_address, author_handle,
        subject, title, text, link, language, complaint, severity, category, brands, cues, status, assignee, flags,
        revisions, updated_at, corrected_complaint, corrected_severity, corrected_category, corrected_by,
        corrected_at, due_at, response_kind, clock_started_at, responded_at, resolved_at, follow_up_at, notes_count
        """

    /// The rows ``mention(from:)`` decodes with an assessment (brands belong to an assessment).
    static let assessed =
        "(language IS NOT NULL AND complaint IS NOT NULL AND severity IS NOT NULL AND category IS NOT NULL)"

    /// Decodes a row of ``columns``; `nil` for a row this version cannot read.
    static func mention(from row: PostgresRandomAccessRow) throws -> Mention? {
        guard let id = MentionID(try row.text("id")), let source = SourceID(try row.text("source")),
            let channel = Channel(rawValue: try row.text("channel"))
        else { return nil }
        var assessment: Assessment?
        if let language = try row.optionalText("language"), let complaint = try row.optional("complaint", as: Bool.self),
            let severity = Severity(rawValue: try row.optionalText("severity") ?? ""),
            let category = Category(rawValue: try row.optionalText("category") ?? "")
        {
            assessment = Assessment(
                language: language, complaint: complaint, severity: severity, category: category,
                brands: try row.strings("brands"), cues: try row.strings("cues"))
        }
        var mention = Mention(
            id: id, source: source, channel: channel, externalID: try row.optionalText("external_id"),
            receivedAt: try row.date("received_at"), publishedAt: try row.optionalDate("published_at"),
            author: Author(
                name: try row.optionalText("author_name"), address: try row.optionalText("author_address"),
                handle: try row.optionalText("author_handle")),
            subject: try row.optionalText("subject"), title: try row.optionalText("title"), text: try row.text("text"),
            link: try row.optionalText("link"), assessment: assessment,
            status: InboxStatus(rawValue: try row.text("status")) ?? .new, assignee: try row.optionalText("assignee"),
            flags: try row.strings("flags"), revisions: try row.int("revisions"), updatedAt: try row.date("updated_at"))
        if let by = try row.optionalText("corrected_by"), let at = try row.optionalDate("corrected_at") {
            mention.correction = Correction(
                complaint: try row.optional("corrected_complaint", as: Bool.self),
                severity: try row.optionalText("corrected_severity").flatMap(Severity.init),
                category: try row.optionalText("corrected_category").flatMap(Category.init), by: by, at: at)
        }
        mention.workflow = WorkflowTimes(
            dueAt: try row.optionalDate("due_at"),
            responseKind: try row.optionalText("response_kind").flatMap(ResponseKind.init),
            respondedAt: try row.optionalDate("responded_at"), resolvedAt: try row.optionalDate("resolved_at"),
            followUpAt: try row.optionalDate("follow_up_at"), clockStartedAt: try row.optionalDate("clock_started_at"))
        mention.notesCount = try row.int("notes_count")
        return mention
    }
}
