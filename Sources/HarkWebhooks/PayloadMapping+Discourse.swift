/// The Discourse preset.
///
/// Discourse sends `{"post": {...}}` with `X-Discourse-Event-Type: post` and `X-Discourse-Event:
/// post_created` (or `post_edited`, `post_recovered`, `post_destroyed`). The text is the post's
/// Markdown `raw`, or its `cooked` HTML turned into text when `raw` is absent; the link is
/// `X-Discourse-Instance` joined with the post's relative `post_url`.
extension PayloadMapping {
    static func extractDiscourse(_ object: [String: Any], headers: WebhookHeaders) -> FieldExtraction {
        let eventType = headers["X-Discourse-Event-Type"]
        if eventType == "ping" || (eventType == nil && object["ping"] != nil) {
            return .ignored("Discourse ping")
        }
        if let eventType, eventType != "post" {
            return .ignored("Discourse \(quotableToken(eventType) ?? "?") events are not mapped")
        }
        if headers["X-Discourse-Event"] == "post_destroyed" {
            return .ignored("Discourse post destroyed")
        }
        guard let post = JSONValue.object(object["post"]) else {
            return .unparsable(reason: UnparsableReason.missingField, detail: "a Discourse post event without 'post'")
        }
        var fields = PayloadFields()
        fields.externalID = JSONValue.identifier(post["id"])
        guard fields.externalID != .absent else {
            return .unparsable(reason: UnparsableReason.missingField, detail: "the Discourse post has no 'id'")
        }
        fields.text = JSONValue.string(post["raw"]) ?? JSONValue.string(post["cooked"]).map(HTMLText.plainText)
        fields.title = JSONValue.string(post["topic_title"])
        fields.authorHandle = JSONValue.string(post["username"])
        fields.authorName = JSONValue.string(post["name"])
        fields.link = postLink(instance: headers["X-Discourse-Instance"], postURL: JSONValue.string(post["post_url"]))
        fields.publishedAt = JSONValue.string(post["created_at"]) ?? JSONValue.string(post["updated_at"])
        return .fields(fields)
    }

    /// `https://forum.example.com` + `/t/slug/12/3`; an absolute `post_url` is used as is.
    private static func postLink(instance: String?, postURL: String?) -> String? {
        guard let postURL else { return nil }
        let lower = postURL.lowercased()
        if lower.hasPrefix("https://") || lower.hasPrefix("http://") { return postURL }
        guard let instance, postURL.hasPrefix("/") else { return nil }
        let base = instance.hasSuffix("/") ? String(instance.dropLast()) : instance
        return base + postURL
    }
}
