/// How a webhook body becomes a draft (`sources[].mapping` in the configuration).
public enum PayloadMapping: Sendable, Hashable {
    /// The default: top-level `id`, `text`, `title`, `author` (a name, or an object with `name`,
    /// `email` and `handle`), `url` and `published_at`.
    case generic
    /// GitHub `issues`, `issue_comment`, `discussion` and `discussion_comment` events, chosen by the
    /// `X-GitHub-Event` header; `ping`, other events and `deleted` actions are ignored.
    case github
    /// Discourse `post` events (`X-Discourse-Event-Type: post`); pings, other event types and
    /// `post_destroyed` are ignored.
    case discourse
    /// A custom payload read through JSON Pointers.
    case pointers(FieldPointers)

    /// The preset called `name` in the configuration (`generic`, `github` or `discourse`), or `nil`.
    public init?(preset name: String) {
        switch name {
        case "generic": self = .generic
        case "github": self = .github
        case "discourse": self = .discourse
        default: return nil
        }
    }

    /// The preset's name, or `pointers` for a custom mapping.
    public var name: String {
        switch self {
        case .generic: "generic"
        case .github: "github"
        case .discourse: "discourse"
        case .pointers: "pointers"
        }
    }
}
