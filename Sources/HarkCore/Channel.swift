/// The kind of place a mention came from.
public enum Channel: String, Codable, Sendable, CaseIterable {
    /// An IMAP mailbox.
    case mail
    /// An RSS, Atom or JSON Feed of a review or forum site.
    case feed
    /// An HTTP POST to `/hooks/{source}`.
    case webhook
}
