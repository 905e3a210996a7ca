import Foundation
import HarkCore

/// The outbox messages a new mention brings, decided inside its ingest transaction: an alert per
/// target when it is very dissatisfied, and the acknowledgement mail when its source sends one.
/// Pure, apart from telling `onMessages` that it gave some.
struct NotifierRules: OutboxRules {
    let composer: AlertComposer
    /// Per mail source that acknowledges.
    var acknowledgements: [SourceID: AcknowledgementComposer] = [:]
    /// Called when a mention got messages (inside its transaction, before the commit): the notifier
    /// then looks at its outbox after that commit, and not after the commits that enqueued nothing.
    var onMessages: (@Sendable () -> Void)?

    func messages(for mention: Mention, from draft: MentionDraft, at now: Date) -> [OutboxMessage] {
        var messages = composer.veryDissatisfied(mention, at: now)
        if let acknowledgement = acknowledgements[mention.source]?.message(for: mention, from: draft, at: now) {
            messages.append(acknowledgement)
        }
        if !messages.isEmpty { onMessages?() }
        return messages
    }
}
