import Foundation

/// What a source made of one input, before it is assessed and stored.
///
/// Drafts are pure values: a channel parses bytes into drafts without touching a socket, a clock
/// or a database. The `deliveryKey` says "this input was seen"; the `mentionKey` says "this is the
/// same mention" (see DESIGN.md, "the store").
public struct MentionDraft: Sendable, Hashable {
    public var channel: Channel
    public var source: SourceID
    /// The id the origin gives the item (a review id, a Message-ID, a GUID), if any.
    public var externalID: String?
    public var author: Author
    public var publishedAt: Date?
    public var subject: String?
    public var title: String?
    public var text: String
    /// An `http`/`https` link to the item; other schemes are dropped.
    public var link: String?
    public var deliveryKey: DedupKey
    public var mentionKey: DedupKey
    /// Digest of the content that matters for revisions (title, subject, text, link, author).
    public var contentDigest: String
    /// SHA-256 of the raw bytes, hashed when the draft is made (off the store's single writer).
    public let bodyDigest: String
    /// Markers such as `truncated` or `auto_reply`.
    public var flags: [String]
    /// The identity the item claims at its origin, when the mention key covers more than that
    /// identity (a mail's Message-ID, whose mention key also covers the content).
    public var identityClaim: IdentityClaim?
    /// Where within the source the item was seen (a mail folder), when a source has several
    /// places: the same mention seen in two places is one mention that lists both.
    public var place: String?
    /// How to answer the item, for an item that came by mail (its ids and whether an automatic
    /// answer is wise); `nil` for other channels.
    public var replyContext: ReplyContext?
    /// The raw input, kept for a configured number of days for re-assessment.
    public let raw: RawInput

    public init(
        channel: Channel, source: SourceID, externalID: String?, author: Author, publishedAt: Date?,
        subject: String?, title: String?, text: String, link: String?, deliveryKey: DedupKey,
        mentionKey: DedupKey, flags: [String] = [], identityClaim: IdentityClaim? = nil, raw: RawInput
    ) {
        self.channel = channel
        self.source = source
        self.externalID = externalID.flatMap(TextCleanup.singleLine)
        self.author = author
        self.publishedAt = publishedAt
        self.subject = subject.flatMap(TextCleanup.singleLine)
        self.title = title.flatMap(TextCleanup.singleLine)
        self.text = TextCleanup.body(text)
        self.link = link.flatMap(TextCleanup.httpLink)
        self.deliveryKey = deliveryKey
        self.mentionKey = mentionKey
        self.flags = flags
        self.identityClaim = identityClaim
        self.raw = raw
        self.bodyDigest = DedupKey.contentDigest(raw.bytes)
        self.contentDigest = DedupKey.derive(
            self.subject ?? "", self.title ?? "", self.text, self.link ?? "", self.author.name ?? "",
            self.author.address ?? "", self.author.handle ?? ""
        ).digest
    }
}

/// An identity an item claims at its origin (a Message-ID), kept apart from its mention key.
///
/// Two items with the same claim and the same mention key are one mention. Two items with the
/// same claim but different mention keys (the same Message-ID on different content) are two
/// mentions, and the later one is flagged ``flag``: never a silent merge, never a silent loss.
public struct IdentityClaim: Sendable, Hashable {
    /// The digest of the claimed identity.
    public var key: DedupKey
    /// The flag a second, different mention with this claim gets (`message_id_collision`).
    public var flag: String

    public init(key: DedupKey, flag: String) {
        self.key = key
        self.flag = flag
    }
}

/// The bytes a mention was made from, with how they arrived.
public struct RawInput: Sendable, Hashable {
    public var contentType: String?
    public var bytes: Data

    public init(contentType: String?, bytes: Data) {
        self.contentType = contentType.flatMap(TextCleanup.singleLine)
        self.bytes = bytes
    }
}
