import Foundation
import HarkCore

/// The durable outbox the notifier delivers from (issue 6): alerts, hand-offs and acknowledgement
/// mails wait here until their receiver accepted them, across restarts and crashes.
///
/// A message's id is stable, so enqueueing it again keeps the one already there; a message leaves
/// the pending set only when it was delivered or the notifier gave up on it. Erasing a mention
/// removes its messages.
public protocol OutboxStore: Sendable {
    /// Adds the messages whose ids are not in the outbox yet, and `audit`, in one transaction.
    /// - Returns: the ids that were added (the others were there already).
    func enqueue(_ messages: [OutboxMessage], audit: [AuditEvent]) async throws -> [String]

    /// Pending messages whose next attempt is due at `now`, earliest due first, at most `limit`.
    func dueOutboxMessages(at now: Date, limit: Int) async throws -> [OutboxMessage]

    /// When the earliest pending message is due, or `nil` when none is pending.
    func nextOutboxAttempt() async throws -> Date?

    /// Records that message `id` was delivered (with `audit`, in the same transaction).
    func recordOutboxDelivery(_ id: String, at now: Date, audit: [AuditEvent]) async throws

    /// Records a failed attempt: the next one at `retryAt`, or, when it is `nil`, the message failed
    /// for good (with `audit`, in the same transaction).
    func recordOutboxFailure(
        _ id: String, error: String, retryAt: Date?, at now: Date, audit: [AuditEvent]
    ) async throws

    /// One message, or `nil`.
    func outboxMessage(_ id: String) async throws -> OutboxMessage?

    /// Messages about one mention, oldest first.
    func outboxMessages(about mention: MentionID) async throws -> [OutboxMessage]

    /// How many messages are pending, delivered and failed.
    func outboxCounts() async throws -> OutboxCounts
}
