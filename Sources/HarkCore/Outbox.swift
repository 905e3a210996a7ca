import Foundation

/// One message the notifier must deliver at least once: an alert, a helpdesk hand-off or an
/// acknowledgement mail, kept in the store's durable outbox until its receiver accepted it.
///
/// The ``id`` is stable: it is derived from what the message is about (the kind, the target and
/// the mention, plus the due time for a breach or the thread for an acknowledgement), so enqueueing
/// the same message twice keeps one, and every delivery attempt carries the same id. A receiver
/// that de-duplicates by it sees each message exactly once.
public struct OutboxMessage: Sendable, Hashable {
    /// The stable id, `msg_` and 32 hex digits (the Standard Webhooks `webhook-id`).
    public var id: String
    /// The configured target that delivers it: an alert's id, `helpdesk`, or `ack:<source>`.
    public var target: String
    /// What it says: see ``OutboxKind``.
    public var kind: OutboxKind
    /// The mention it is about, if any (erasing the mention removes the message).
    public var mentionID: MentionID?
    /// What is sent: a JSON body for HTTP targets, the whole RFC 5322 message for mail.
    public var payload: Data
    /// For mail: the envelope recipient. `nil` for HTTP targets.
    public var recipient: String?
    public var createdAt: Date
    /// Delivery attempts so far.
    public var attempts: Int
    /// When the next attempt may start.
    public var nextAttemptAt: Date
    public var deliveredAt: Date?
    /// When the notifier gave up (a permanent refusal, or too many attempts).
    public var failedAt: Date?
    /// Why the last attempt failed, for the operator (no secrets, no personal data).
    public var lastError: String?

    public init(
        id: String, target: String, kind: OutboxKind, mentionID: MentionID?, payload: Data, recipient: String? = nil,
        createdAt: Date, attempts: Int = 0, nextAttemptAt: Date? = nil, deliveredAt: Date? = nil,
        failedAt: Date? = nil, lastError: String? = nil
    ) {
        self.id = id
        self.target = TextCleanup.line(target)
        self.kind = kind
        self.mentionID = mentionID
        self.payload = payload
        self.recipient = recipient.flatMap(TextCleanup.singleLine)
        self.createdAt = createdAt
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt ?? createdAt
        self.deliveredAt = deliveredAt
        self.failedAt = failedAt
        self.lastError = lastError.flatMap(TextCleanup.singleLine)
    }

    /// The stable id of the message about `parts` (kind, target, mention and what else tells one
    /// message of the kind from another).
    public static func stableID(_ parts: String...) -> String {
        stableID(parts)
    }

    /// The stable id of the message about `parts`.
    public static func stableID(_ parts: [String]) -> String {
        "msg_" + DedupKey.derive(parts).digest.prefix(32)
    }

    /// Whether it still waits for delivery.
    public var isPending: Bool { deliveredAt == nil && failedAt == nil }
}

/// What an outbox message says.
public enum OutboxKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// A new very dissatisfied mention: someone should call, fast.
    case veryDissatisfied = "very_dissatisfied"
    /// A response or follow-up deadline passed.
    case slaBreach = "sla_breach"
    /// A person handed the mention off to the helpdesk.
    case handoff
    /// The automatic acknowledgement mail to the customer.
    case acknowledgement
    /// Complaints of a category, issue or brand spiked or are rising (no mention of its own).
    case trend
}

/// Decides which outbox messages a newly stored mention brings, inside the ingest transaction, so
/// that the mention and its alerts commit together (nothing lost between them). Pure.
public protocol OutboxRules: Sendable {
    /// The messages for `mention`, new in the store, made from `draft`. Called once per mention.
    func messages(for mention: Mention, from draft: MentionDraft, at now: Date) -> [OutboxMessage]
}

/// The outbox's counts for health and metrics.
public struct OutboxCounts: Sendable, Hashable {
    public var pending: Int
    public var delivered: Int
    public var failed: Int
    /// When the oldest pending message was created.
    public var oldestPendingAt: Date?

    public init(pending: Int = 0, delivered: Int = 0, failed: Int = 0, oldestPendingAt: Date? = nil) {
        self.pending = pending
        self.delivered = delivered
        self.failed = failed
        self.oldestPendingAt = oldestPendingAt
    }
}
