import Foundation
import HarkCore

/// Building the draft from the fields a mapping found.
extension WebhookPayloadMapper {
    func draft(
        from fields: PayloadFields,
        body: Data,
        source: SourceID,
        deliveryKey: DedupKey,
        contentType: String?
    ) -> WebhookMappingOutcome {
        var flags = [String]()

        let externalID: String?
        switch fields.externalID {
        case .absent:
            externalID = nil
        case .wrongType:
            return .unparsable(
                reason: UnparsableReason.invalidExternalID,
                detail: "the id is a boolean, object or array"
            )
        case .value(let id):
            let full = fields.externalIDPrefix + id
            guard full.utf8.count <= Self.maximumExternalIDBytes else {
                return .unparsable(
                    reason: UnparsableReason.invalidExternalID,
                    detail: "the id is longer than \(Self.maximumExternalIDBytes) bytes"
                )
            }
            // The id as the draft will store it, so that the key and the stored id agree.
            externalID = TextCleanup.singleLine(full)
        }

        func line(_ value: String?) -> String? {
            guard let value else { return nil }
            let (kept, cut) = TextCleanup.prefix(value, maximumBytes: Self.maximumLineBytes)
            if cut { flags.append("truncated") }
            return TextCleanup.singleLine(kept)
        }
        let title = line(fields.title)
        var text = ""
        if let found = fields.text {
            let (kept, cut) = TextCleanup.prefix(found, maximumBytes: maximumTextBytes)
            if cut { flags.append("truncated") }
            text = TextCleanup.body(kept)
        }
        if text.isEmpty {
            guard let title else {
                return .unparsable(reason: UnparsableReason.missingText, detail: "neither a text nor a title was found")
            }
            text = title
        }

        let mentionKey: DedupKey
        if let externalID {
            mentionKey = DedupKey.derive("webhook", source.rawValue, "external", externalID)
        } else {
            mentionKey = DedupKey.derive("webhook", source.rawValue, "body", DedupKey.contentDigest(body))
        }
        let author = Author(
            name: line(fields.authorName),
            address: line(fields.authorAddress),
            handle: line(fields.authorHandle)
        )
        let link = line(fields.link)
        var uniqueFlags = [String]()
        for flag in flags where !uniqueFlags.contains(flag) { uniqueFlags.append(flag) }

        return .draft(
            MentionDraft(
                channel: .webhook,
                source: source,
                externalID: externalID,
                author: author,
                publishedAt: fields.publishedAt.flatMap(RFC3339.parse),
                subject: nil,
                title: title,
                text: text,
                link: link,
                deliveryKey: deliveryKey,
                mentionKey: mentionKey,
                flags: uniqueFlags,
                raw: RawInput(contentType: contentType, bytes: body)
            )
        )
    }
}
