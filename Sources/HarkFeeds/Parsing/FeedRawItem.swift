import Foundation

/// How a text construct's value is to be read.
enum FeedContentKind: Sendable {
    /// Plain text.
    case text
    /// HTML source (escaped HTML, CDATA, or re-serialised child markup).
    case html
    /// Declared as neither (RSS `title`): text, unless it holds markup.
    case unspecified
}

/// A value as the document gave it, before normalisation.
///
/// Kept as bytes: a string is made only for the values that win (an RSS item's `description` is
/// not needed when it has `content:encoded`).
struct FeedRawValue {
    var bytes: [UInt8]
    var kind: FeedContentKind
    /// The base in effect where the value was written (for relative links in it).
    var base: URL?

    init(bytes: [UInt8], kind: FeedContentKind, base: URL?) {
        self.bytes = bytes
        self.kind = kind
        self.base = base
    }

    init(text: String, kind: FeedContentKind, base: URL?) {
        self.init(bytes: Array(text.utf8), kind: kind, base: base)
    }

    /// The value as a string.
    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Only XML white space.
    var isBlank: Bool { bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D } }
}

/// Where a captured value goes: the candidate slots of a feed or an item, in no particular order
/// (`FeedItemBuilder` decides precedence).
enum FeedSlot: Int, CaseIterable {
    // Feed level.
    case feedTitle, feedAlternateTitle, feedLink, feedLanguage, feedTTL
    // Item level.
    case title, dcTitle, mediaTitle
    case guid, atomID, dcIdentifier
    case rssLink
    case rssAuthor, dcCreator, iTunesAuthor
    case pubDate, dcDate, published, issued, created, updated, modified
    case termsIssued, termsCreated, termsModified
    case contentEncoded, atomContent, xhtmlBody
    case description, summary, dcDescription, iTunesSummary, mediaDescription
    // Author sub-elements (Atom `author`, feed or item level).
    case authorName, authorEmail, authorURI
}

/// The values of the slots, first one kept: an array indexed by slot (no hashing per access).
struct FeedSlotValues {
    private var storage = [FeedRawValue?](repeating: nil, count: FeedSlot.allCases.count)

    subscript(slot: FeedSlot) -> FeedRawValue? {
        storage[slot.rawValue]
    }

    /// Keeps the first value per slot (documents that repeat an element mean the first).
    mutating func set(_ slot: FeedSlot, _ value: FeedRawValue) {
        if storage[slot.rawValue] == nil { storage[slot.rawValue] = value }
    }
}

/// An Atom-style link (`<link rel href type>`), with the base it resolves against.
struct FeedRawLink {
    var href: String
    var rel: String?
    var type: String?
    var base: URL?
}

/// Everything the document said about one item, before precedence and normalisation.
struct FeedRawItem {
    var values = FeedSlotValues()
    var links: [FeedRawLink] = []
    var enclosure: FeedRawLink?
    /// `rdf:about` of an RSS 1.0 item.
    var about: String?
    /// The RSS `guid` said `isPermaLink="false"` (or anything but `true`).
    var guidIsNotPermaLink = false
    var author: FeedAuthor?
    /// Where the item started, for relative links without a base of their own.
    var base: URL?
    /// Reader errors before the item started; more at its end means it was read with recovery.
    var errorsAtStart = 0
    var recovered = false

    mutating func set(_ slot: FeedSlot, _ value: FeedRawValue) { values.set(slot, value) }

    func text(_ slot: FeedSlot) -> String? { values[slot]?.text }
}

/// What the document said at feed level.
struct FeedRawChannel {
    var values = FeedSlotValues()
    private(set) var links: [FeedRawLink] = []
    var author: FeedAuthor?
    /// `xml:lang` on the root or feed element.
    var rootLanguage: String?
    /// The channel's own http(s) link (RSS `link`, else an alternate link), once known: the base of
    /// item links when the feed has no URL and no `xml:base` (worked out once, not per item).
    private(set) var linkBase: URL?

    mutating func set(_ slot: FeedSlot, _ value: FeedRawValue) {
        let first = values[slot] == nil
        values.set(slot, value)
        if slot == .feedLink, first, let url = URL(string: FeedText.strip(value.text)).flatMap(FeedLinkResolver.webBase)
        {
            linkBase = url
        }
    }

    mutating func append(_ link: FeedRawLink) {
        links.append(link)
        guard values[.feedLink] == nil || linkBase == nil else { return }
        // The channel's alternate link, else its self link (the feed's own URL, as it states it).
        let selfLinks = links.filter { $0.rel.map(FeedText.token) == "self" }
        let candidates = FeedItemBuilder.alternate(links) + selfLinks
        if let url = candidates.lazy.compactMap({ URL(string: $0.href).flatMap(FeedLinkResolver.webBase) }).first {
            linkBase = url
        }
    }
}
