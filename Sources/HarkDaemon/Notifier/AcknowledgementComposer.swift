import Foundation
import HarkCore
import HarkMail

/// Writes the automatic acknowledgement of a new mail mention, when its source asks for one and the
/// mail may be answered: in the mention's language, at most one per thread (the message id is
/// derived from the thread), never to an automatic mail, a bounce, a list or a no-reply address.
/// Pure: the time comes in.
struct AcknowledgementComposer: Sendable {
    let source: SourceID
    let sender: MailAddress
    let brand: String
    let complaintsOnly: Bool
    let templates: AcknowledgementTemplates
    /// Addresses that are Hark's own (the sender, the mailbox's user): never acknowledged.
    let ownAddresses: [String]

    /// The outbox target of this source's acknowledgements.
    var target: String { Self.target(source) }

    static func target(_ source: SourceID) -> String { "ack:\(source.rawValue)" }

    init(source: SourceID, settings: HarkConfiguration.Acknowledge, mailboxUser: String?) {
        self.source = source
        sender = MailAddress(name: settings.fromName, address: settings.from)
        brand = settings.brand
        complaintsOnly = settings.complaintsOnly
        templates = AcknowledgementTemplates(overrides: settings.templates)
        ownAddresses = [settings.from] + (mailboxUser.map { [$0] } ?? [])
    }

    /// The acknowledgement of `mention`, or `nil` when it gets none.
    func message(for mention: Mention, from draft: MentionDraft, at now: Date) -> OutboxMessage? {
        guard mention.channel == .mail, mention.source == source else { return nil }
        let assessment = mention.effectiveAssessment
        if complaintsOnly, assessment?.complaint != true { return nil }
        let context = draft.replyContext
        guard
            AcknowledgementPolicy.refusal(
                address: mention.author.address, flags: mention.flags, context: context, ownAddresses: ownAddresses)
                == nil,
            let address = mention.author.address
        else { return nil }
        let thread = context?.threadKey ?? mention.externalID ?? mention.id.rawValue
        let id = OutboxMessage.stableID(OutboxKind.acknowledgement.rawValue, target, thread)
        let text = templates.render(
            language: assessment?.language,
            values: AcknowledgementValues(
                name: mention.author.name, subject: mention.subject, brand: brand,
                reference: String(mention.id.rawValue.suffix(8)).uppercased()))
        let payload = AcknowledgementMail.build(
            from: sender, to: MailAddress(name: mention.author.name, address: address), text: text, context: context,
            messageID: AcknowledgementMail.messageID(outboxID: id, sender: sender.address), date: now)
        return OutboxMessage(
            id: id, target: target, kind: .acknowledgement, mentionID: mention.id, payload: payload, recipient: address,
            createdAt: now)
    }
}
