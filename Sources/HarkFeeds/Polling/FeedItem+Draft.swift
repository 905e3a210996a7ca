import Foundation
import HarkCore
import HarkXML

extension FeedItem {
    /// The raw input kept with a feed mention: the item as parsed, as JSON with sorted keys (the
    /// fetched document holds many items, so it is not kept per mention).
    public var rawJSON: Data {
        var object: [String: Any] = ["text": text]
        object["id"] = id
        object["title"] = title
        object["link"] = link
        object["html"] = html
        object["author_name"] = author?.name
        object["author_email"] = author?.email
        object["author_uri"] = author?.uri
        object["published"] = published.map(RFC3339.string)
        object["updated"] = updated.map(RFC3339.string)
        object["published_raw"] = publishedRaw
        object["updated_raw"] = updatedRaw
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
    }

    /// The draft of this item for `source`, with the keys of its `identity`. A date in the future is
    /// clamped to `fetchedAt` (the raw value stays in the raw input).
    public func draft(source: SourceID, identity: String, fetchedAt: Date) -> MentionDraft {
        let raw = RawInput(contentType: "application/vnd.hark.feed-item+json", bytes: rawJSON)
        let rawDigest = DedupKey.contentDigest(raw.bytes)
        let date = (published ?? updated).map { min($0, fetchedAt) }
        var flags: [String] = []
        if recovered { flags.append("recovered") }
        return MentionDraft(
            channel: .feed, source: source, externalID: id ?? link,
            author: Author(name: author?.name, address: author?.email, handle: nil),
            publishedAt: date, subject: nil, title: title, text: text, link: link,
            deliveryKey: FeedItemIdentity.deliveryKey(source: source, identity: identity, rawDigest: rawDigest),
            mentionKey: FeedItemIdentity.mentionKey(source: source, identity: identity), flags: flags, raw: raw)
    }
}

extension FeedItem {
    /// The text and title of a kept raw input (``rawJSON``) made again: the text from the item's
    /// sanitised HTML when it has some (so a better HTML reading after an upgrade applies), else the
    /// text as kept. `nil` when the bytes are not such an object.
    public static func assessmentFields(fromRawJSON data: Data) -> (text: String, title: String?)? {
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
            let kept = object["text"] as? String
        else { return nil }
        let text = (object["html"] as? String).flatMap { FeedText.trimmed(HTMLText.plainText($0)) } ?? kept
        return (text, object["title"] as? String)
    }
}
