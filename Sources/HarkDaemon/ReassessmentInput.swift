import Foundation
import HarkCore
import HarkFeeds
import HarkMail
import HarkWebhooks

/// What a stored mention is assessed from by `hark reassess`: its fields made again from the raw
/// input when that is still kept (so a better MIME reading, HTML conversion or webhook mapping after
/// an upgrade applies), else the fields as stored.
struct ReassessmentInput {
    var text: String
    var subject: String?
    var title: String?
    var flags: [String]
    /// Made from the raw input (not the stored fields).
    var fromRaw: Bool

    init(stored mention: Mention) {
        text = mention.text
        subject = mention.subject
        title = mention.title
        flags = mention.flags
        fromRaw = false
    }

    /// The input for `mention`, from `raw` when it can be read, for the sources of `configuration`.
    init(_ mention: Mention, raw: RawInput?, configuration: HarkConfiguration) {
        self.init(stored: mention)
        guard let raw, !raw.bytes.isEmpty else { return }
        switch mention.channel {
        case .mail:
            guard raw.contentType == "message/rfc822" else { return }
            let message = MailParser.parse(raw.bytes)
            text = message.newText.isEmpty ? message.text : message.newText
            subject = message.subject
            // Keep the flags the store set (a Message-ID collision); the message's own are read anew.
            let automatic = Set(["auto_reply", "bounce"])
            flags = mention.flags.filter { !automatic.contains($0) } + message.flags.map(\.rawValue)
                .filter { automatic.contains($0) }
            fromRaw = true
        case .feed:
            guard let fields = FeedItem.assessmentFields(fromRawJSON: raw.bytes) else { return }
            text = fields.text
            title = fields.title
            fromRaw = true
        case .webhook:
            guard let source = configuration.sources.first(where: { $0.id == mention.source && $0.kind == .webhook })
            else { return }
            let mapper = WebhookPayloadMapper(mapping: source.mapping)
            let key = WebhookPayloadMapper.deliveryKey(source: mention.source, deliveryID: nil, body: raw.bytes).key
            guard
                case .draft(let draft) = mapper.map(
                    body: raw.bytes, headers: WebhookHeaders([]), source: mention.source, deliveryKey: key,
                    contentType: raw.contentType)
            else { return }
            text = draft.text
            subject = draft.subject
            title = draft.title
            fromRaw = true
        }
    }
}
