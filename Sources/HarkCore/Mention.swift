import Foundation

/// A stored mention: one item of the inbox.
public struct Mention: Sendable, Hashable {
    public var id: MentionID
    public var source: SourceID
    public var channel: Channel
    public var externalID: String?
    public var receivedAt: Date
    public var publishedAt: Date?
    public var author: Author
    public var subject: String?
    public var title: String?
    public var text: String
    public var link: String?
    /// `nil` until assessed.
    public var assessment: Assessment?
    public var status: InboxStatus
    public var assignee: String?
    /// A person's correction of the assessment (it wins; see ``effectiveAssessment``).
    public var correction: Correction?
    /// The service-level clock.
    public var workflow = WorkflowTimes()
    /// How many notes people wrote on it.
    public var notesCount = 0
    public var flags: [String]
    /// How many earlier versions are kept.
    public var revisions: Int
    public var updatedAt: Date

    public init(
        id: MentionID, source: SourceID, channel: Channel, externalID: String?, receivedAt: Date,
        publishedAt: Date?, author: Author, subject: String?, title: String?, text: String, link: String?,
        assessment: Assessment?, status: InboxStatus = .new, assignee: String? = nil, flags: [String] = [],
        revisions: Int = 0, updatedAt: Date
    ) {
        self.id = id
        self.source = source
        self.channel = channel
        self.externalID = externalID
        self.receivedAt = receivedAt
        self.publishedAt = publishedAt
        self.author = author
        self.subject = subject
        self.title = title
        self.text = text
        self.link = link
        self.assessment = assessment
        self.status = status
        self.assignee = assignee
        self.flags = flags
        self.revisions = revisions
        self.updatedAt = updatedAt
    }
}
