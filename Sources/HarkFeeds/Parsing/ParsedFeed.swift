import Foundation

/// The syndication format a document was recognised as.
public enum FeedFormat: String, Sendable, Hashable, Codable {
    case rss20 = "rss2.0"
    case rss10 = "rss1.0"
    case rss09x = "rss0.9x"
    case atom10 = "atom1.0"
    case atom03 = "atom0.3"
    case jsonFeed = "jsonfeed"
}

/// A feed document as parsed: pure values, no I/O (see `FeedParser`).
public struct ParsedFeed: Sendable, Hashable {
    public var format: FeedFormat
    /// The document was not well-formed and was read with recovery; some content may be missing.
    public var recovered: Bool
    public var title: String?
    /// The site's link (absolute http/https), if any.
    public var link: String?
    public var language: String?
    /// RSS `<ttl>` in minutes, when given.
    public var ttlMinutes: Int?
    /// The items, in document order, deduplicated within the document, at most the item cap.
    public var items: [FeedItem]
    /// How many items were dropped beyond the item cap.
    public var droppedItems: Int
    /// The charset the document was decoded from (`UTF-8`, `windows-1252`, ...), when known.
    public var encoding: String?

    public init(
        format: FeedFormat, recovered: Bool = false, title: String? = nil, link: String? = nil,
        language: String? = nil, ttlMinutes: Int? = nil, items: [FeedItem] = [], droppedItems: Int = 0
    ) {
        self.format = format
        self.recovered = recovered
        self.title = title
        self.link = link
        self.language = language
        self.ttlMinutes = ttlMinutes
        self.items = items
        self.droppedItems = droppedItems
        self.encoding = nil
    }
}

/// The author of a feed item as the feed gives it.
public struct FeedAuthor: Sendable, Hashable {
    public var name: String?
    public var email: String?
    public var uri: String?

    public init(name: String? = nil, email: String? = nil, uri: String? = nil) {
        self.name = name
        self.email = email
        self.uri = uri
    }
}

/// One item (RSS `item`, Atom `entry`, JSON Feed item).
public struct FeedItem: Sendable, Hashable {
    /// RSS `guid`, Atom `id`, JSON Feed `id`; trimmed; `nil` when absent or empty.
    public var id: String?
    public var title: String?
    /// The item's permalink, resolved against `xml:base`/the feed URL; only http and https.
    public var link: String?
    public var author: FeedAuthor?
    public var published: Date?
    public var updated: Date?
    /// The date strings as written, kept when a date could not be parsed or was clamped.
    public var publishedRaw: String?
    public var updatedRaw: String?
    /// The content (else the summary) as plain text.
    public var text: String
    /// The content (else the summary) as sanitised HTML, or `nil` when the item has none.
    public var html: String?
    /// This item came out of a recovery pass.
    public var recovered: Bool

    public init(
        id: String? = nil, title: String? = nil, link: String? = nil, author: FeedAuthor? = nil,
        published: Date? = nil, updated: Date? = nil, publishedRaw: String? = nil, updatedRaw: String? = nil,
        text: String = "", html: String? = nil, recovered: Bool = false
    ) {
        self.id = id
        self.title = title
        self.link = link
        self.author = author
        self.published = published
        self.updated = updated
        self.publishedRaw = publishedRaw
        self.updatedRaw = updatedRaw
        self.text = text
        self.html = html
        self.recovered = recovered
    }
}

/// How to parse a feed document.
public struct FeedParseOptions: Sendable {
    /// The URL the document was fetched from: relative links resolve against it (http/https only).
    public var url: URL?
    /// The charset of the HTTP `Content-Type`, if any (precedence: BOM, then this, then the XML declaration).
    public var httpCharset: String?
    /// Items beyond this many are dropped (and counted in `droppedItems`).
    public var maximumItems = 5_000
    /// Produce `text` by HTML-to-text and `html` by sanitising (as the daemon runs). Off: `text` is the
    /// raw content and `html` is nil (for measuring the parser alone).
    public var processHTML = true
    /// Hears, as an XML feed is parsed, how many leading bytes of the document the parser has read
    /// through (all of them once it reads a decoded or repaired copy instead): a caller that mapped
    /// the document from a file can give those pages back (`MappedFile.release(upTo:)`), so that a
    /// large feed is not resident twice, as input and as items.
    public var inputConsumed: (@Sendable (Int) -> Void)?

    public init(url: URL? = nil, httpCharset: String? = nil) {
        self.url = url
        self.httpCharset = httpCharset
    }
}

/// Why a document gave nothing usable.
public struct FeedParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        /// Empty body or only whitespace.
        case empty
        /// An HTML page (a login page, a captive portal), not a feed.
        case notAFeed = "not_a_feed"
        /// XML or JSON so broken that not even recovery found a feed.
        case malformed = "rejected_xml"
        /// Over the size cap.
        case tooLarge = "too_large"
    }

    public var code: Code
    /// What was wrong, without personal data.
    public var detail: String

    public init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    public var description: String { "\(code.rawValue): \(detail)" }
}
