import Foundation

/// A person's correction of the automatic assessment: kept beside it, and it wins.
public struct Correction: Sendable, Hashable {
    public var complaint: Bool?
    public var severity: Severity?
    public var category: Category?
    /// Who corrected it (`token:kari`).
    public var by: String
    public var at: Date

    public init(complaint: Bool? = nil, severity: Severity? = nil, category: Category? = nil, by: String, at: Date) {
        self.complaint = complaint
        self.severity = severity
        self.category = category
        self.by = by
        self.at = at
    }
}

/// The service-level clock of one mention: when a first response is due and how, when it came, and
/// the follow-up after resolving.
public struct WorkflowTimes: Sendable, Hashable {
    /// When the first response is due (nil: not a complaint, no service level).
    public var dueAt: Date?
    /// When the response clock started, if not when the mention was received (it was reopened).
    public var clockStartedAt: Date?
    /// How the first response must be given.
    public var responseKind: ResponseKind?
    /// When the mention first left `new` (or `reopened`) for a working status.
    public var respondedAt: Date?
    public var resolvedAt: Date?
    /// When the follow-up is due (set on `resolved`).
    public var followUpAt: Date?

    public init(
        dueAt: Date? = nil, responseKind: ResponseKind? = nil, respondedAt: Date? = nil, resolvedAt: Date? = nil,
        followUpAt: Date? = nil, clockStartedAt: Date? = nil
    ) {
        self.dueAt = dueAt
        self.clockStartedAt = clockStartedAt
        self.responseKind = responseKind
        self.respondedAt = respondedAt
        self.resolvedAt = resolvedAt
        self.followUpAt = followUpAt
    }

    /// Whether a deadline has passed: the first response while `status` awaits one, or the follow-up
    /// while the mention is resolved.
    public func isOverdue(status: InboxStatus, at now: Date) -> Bool {
        if status.awaitsResponse, let dueAt, dueAt < now { return true }
        if status == .resolved, let followUpAt, followUpAt < now { return true }
        return false
    }
}

/// A person's change to one mention through the API or the page. `nil` fields stay as they are.
public struct MentionChange: Sendable, Hashable {
    public var status: InboxStatus?
    /// `.some(nil)` unassigns.
    public var assignee: String??
    public var complaint: Bool?
    public var severity: Severity?
    public var category: Category?

    public init(
        status: InboxStatus? = nil, assignee: String?? = nil, complaint: Bool? = nil, severity: Severity? = nil,
        category: Category? = nil
    ) {
        self.status = status
        self.assignee = assignee
        self.complaint = complaint
        self.severity = severity
        self.category = category
    }

    /// Whether the change corrects the assessment.
    public var corrects: Bool { complaint != nil || severity != nil || category != nil }
    public var isEmpty: Bool { status == nil && assignee == nil && !corrects }
}

/// Who makes a change, for the audit log and the history.
public struct ChangeActor: Sendable, Hashable {
    /// `token:kari`, `cli`, `session:kari`.
    public var name: String
    public var role: String?
    public var requestID: String?
    public var sourceIP: String?

    public init(name: String, role: String? = nil, requestID: String? = nil, sourceIP: String? = nil) {
        self.name = TextCleanup.line(name)
        self.role = role.flatMap(TextCleanup.singleLine)
        self.requestID = requestID.flatMap(TextCleanup.singleLine)
        self.sourceIP = sourceIP.flatMap(TextCleanup.singleLine)
    }
}

/// A note a person wrote on a mention.
public struct MentionNote: Sendable, Hashable {
    public var id: String
    public var mentionID: MentionID
    public var author: String
    public var text: String
    public var at: Date

    public init(id: String, mentionID: MentionID, author: String, text: String, at: Date) {
        self.id = id
        self.mentionID = mentionID
        self.author = author
        self.text = text
        self.at = at
    }

    /// The longest note kept, in bytes.
    public static let maximumBytes = 16 * 1024
}

extension Mention {
    /// The assessment as people see it: the automatic one with a person's correction applied.
    public var effectiveAssessment: Assessment? {
        guard var assessment else { return nil }
        guard let correction else { return assessment }
        if let complaint = correction.complaint { assessment.complaint = complaint }
        if let severity = correction.severity { assessment.severity = severity }
        if let category = correction.category { assessment.category = category }
        if assessment.complaint == false {
            assessment.severity = .none
            assessment.category = .none
        } else {
            // Marked a complaint by hand without saying how or what: the mildest reading.
            if assessment.severity == .none { assessment.severity = .dissatisfied }
            if assessment.category == .none { assessment.category = .other }
        }
        return assessment
    }
}
