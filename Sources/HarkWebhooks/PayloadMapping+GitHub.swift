/// The GitHub preset.
///
/// Each supported event names one object that carries the mention: the issue, the discussion or the
/// comment. The external id is that object's id with its kind in front (`issue:444500041`,
/// `issue_comment:492700400`), because GitHub numbers issues and comments in separate id spaces.
/// Every action but `deleted` maps (an `edited` issue becomes a revision; a `labeled` one repeats the
/// same content and is a duplicate), so a mention is captured even when the webhook was added after
/// the issue was opened. The author is the object's `user.login`, as a handle.
extension PayloadMapping {
    static func extractGitHub(_ object: [String: Any], headers: WebhookHeaders) -> FieldExtraction {
        guard let event = headers["X-GitHub-Event"] else {
            return .unparsable(reason: UnparsableReason.missingEvent, detail: "the X-GitHub-Event header is missing")
        }
        let kind: String
        let itemKey: String
        let titleSource: Any?
        switch event {
        case "ping":
            return .ignored("GitHub ping")
        case "issues":
            (kind, itemKey, titleSource) = ("issue", "issue", object["issue"])
        case "issue_comment":
            (kind, itemKey, titleSource) = ("issue_comment", "comment", object["issue"])
        case "discussion":
            (kind, itemKey, titleSource) = ("discussion", "discussion", object["discussion"])
        case "discussion_comment":
            (kind, itemKey, titleSource) = ("discussion_comment", "comment", object["discussion"])
        default:
            return .ignored("GitHub event '\(quotableToken(event) ?? "?")' is not mapped")
        }
        if let action = JSONValue.string(object["action"]), action == "deleted" {
            return .ignored("GitHub \(kind) deleted")
        }
        guard let item = JSONValue.object(object[itemKey]) else {
            return .unparsable(
                reason: UnparsableReason.missingField,
                detail: "a GitHub \(event) event without an '\(itemKey)' object"
            )
        }
        var fields = PayloadFields()
        fields.externalID = JSONValue.identifier(item["id"])
        guard fields.externalID != .absent else {
            return .unparsable(
                reason: UnparsableReason.missingField,
                detail: "the GitHub \(kind) object has no 'id'"
            )
        }
        fields.externalIDPrefix = kind + ":"
        fields.text = JSONValue.string(item["body"])
        fields.title = JSONValue.string(JSONValue.path(titleSource, "title"))
        fields.authorHandle = JSONValue.string(JSONValue.path(item, "user", "login"))
        fields.link = JSONValue.string(item["html_url"])
        fields.publishedAt = JSONValue.string(item["created_at"])
        return .fields(fields)
    }
}
