import Foundation
import HarkCore
import HarkStore

/// Writes the hand-off of a mention to the configured helpdesk, for the notifier to deliver.
public protocol HelpdeskHandoff: Sendable {
    /// The outbox message that hands `mention` off, or `nil` when no helpdesk is configured. Its id
    /// is the same every time for one mention, so a mention is handed off once.
    func handoffMessage(for mention: Mention, by actor: ChangeActor, note: String?, at now: Date) throws -> OutboxMessage?

    /// Called after a hand-off was enqueued: deliver soon.
    func enqueued()

    /// Whether a helpdesk is configured.
    var isConfigured: Bool { get }
}

extension HelpdeskHandoff {
    /// Hands `mention` off for `actor`, from the API or the page: enqueues the hand-off with its audit
    /// record, or, when the mention was handed off before, records that the request changed nothing.
    /// - Returns: the hand-off and whether it is new; `nil` when no helpdesk is configured.
    func handOff(
        _ mention: Mention, by actor: ChangeActor, note: String?, in store: any InboxStore, at now: Date
    ) async throws -> (message: OutboxMessage, isNew: Bool)? {
        guard let message = try handoffMessage(for: mention, by: actor, note: note, at: now) else { return nil }
        func event(_ outcome: String) -> AuditEvent {
            AuditEvent(
                at: now, actor: actor.name, role: actor.role, action: "mention.handoff", object: mention.id.rawValue,
                after: "helpdesk \(message.id)", requestID: actor.requestID, sourceIP: actor.sourceIP, outcome: outcome)
        }
        if let earlier = try await store.outboxMessage(message.id) {
            try await store.appendAudit(event("unchanged"))
            return (earlier, false)
        }
        _ = try await store.enqueue([message], audit: [event("ok")])
        enqueued()
        return (message, true)
    }
}
