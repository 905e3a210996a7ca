import Foundation
import HarkXML

/// Decides, for one raw item, which of the document's candidate values wins for each field, and
/// normalises them: trimmed text, HTML turned to text and sanitised (when `processHTML`), web-only
/// links, parsed dates. Precedence follows what the formats mean (RSS `link`, then Atom alternate
/// links, then a permalink `guid`, then an enclosure; content before summary), not any one parser.
struct FeedItemBuilder: Sendable {
    let options: FeedParseOptions
    /// The feed's URL when it is http(s).
    let documentBase: URL?

    init(options: FeedParseOptions) {
        self.options = options
        documentBase = FeedLinkResolver.webBase(options.url)
    }

    static let idSlots: [FeedSlot] = [.guid, .atomID, .dcIdentifier]
    static let titleSlots: [FeedSlot] = [.title, .dcTitle, .mediaTitle]
    static let contentSlots: [FeedSlot] = [.contentEncoded, .atomContent, .xhtmlBody]
    static let summarySlots: [FeedSlot] = [.description, .summary, .dcDescription, .iTunesSummary, .mediaDescription]
    static let publishedSlots: [FeedSlot] = [
        .pubDate, .dcDate, .published, .issued, .created, .termsIssued, .termsCreated,
    ]
    static let updatedSlots: [FeedSlot] = [.updated, .modified, .termsModified]

    func build(_ raw: FeedRawItem, channel: FeedRawChannel) -> FeedItem {
        var item = FeedItem()
        item.id =
            Self.idSlots.lazy.compactMap { raw.text($0).flatMap(FeedText.trimmed) }.first
            ?? raw.about.flatMap(FeedText.trimmed)
        item.title = Self.titleSlots.lazy.compactMap { raw.values[$0].flatMap(title) }.first
        item.link = link(raw, channel: channel)
        item.author = author(raw) ?? Self.channelAuthor(channel)
        if let (value, date) = Self.date(raw, Self.publishedSlots) {
            item.publishedRaw = value
            item.published = date
        }
        if let (value, date) = Self.date(raw, Self.updatedSlots) {
            item.updatedRaw = value
            item.updated = date
        }
        let body = (Self.contentSlots + Self.summarySlots).lazy.compactMap { slot -> FeedRawValue? in
            guard let value = raw.values[slot], !value.isBlank else { return nil }
            return value
        }.first
        if let body {
            let base = FeedLinkResolver.webBase(body.base) ?? fallbackBase(channel)
            (item.text, item.html) = content(body, base: base)
        }
        item.recovered = raw.recovered
        return item
    }

    /// The key that makes two items of one document the same item: id, else link, else content.
    static func identityKey(_ item: FeedItem) -> String {
        if let id = item.id { return "i\u{1}" + id }
        if let link = item.link { return "l\u{1}" + link }
        return "c\u{1}" + (item.title ?? "") + "\u{1}" + item.text
    }

    // MARK: Fields

    func title(_ value: FeedRawValue) -> String? {
        guard !value.isBlank else { return nil }
        let text = value.text
        let isHTML = value.kind == .html || (value.kind == .unspecified && FeedText.looksLikeMarkup(text))
        if isHTML && options.processHTML { return FeedText.trimmed(HTMLText.plainText(text)) }
        return FeedText.trimmed(text)
    }

    private func content(_ value: FeedRawValue, base: URL?) -> (String, String?) {
        let source = value.text
        guard options.processHTML else { return (source, nil) }
        let isHTML = value.kind == .html || (value.kind == .unspecified && FeedText.looksLikeMarkup(source))
        guard isHTML else { return (FeedText.trimmed(source) ?? "", nil) }
        // One libxml2 parse for both.
        let (html, text) = HTMLSanitizer.sanitizeWithText(source, base: base)
        return (FeedText.repairingC1(text), FeedText.trimmed(html))
    }

    private func link(_ raw: FeedRawItem, channel: FeedRawChannel) -> String? {
        let fallback = fallbackBase(channel)
        func resolve(_ link: FeedRawLink, emptyMeansBase: Bool) -> String? {
            FeedLinkResolver.resolve(
                link.href, base: FeedLinkResolver.webBase(link.base) ?? fallback, emptyMeansBase: emptyMeansBase)
        }
        if let value = raw.values[.rssLink],
            let link = FeedLinkResolver.resolve(value.text, base: FeedLinkResolver.webBase(value.base) ?? fallback)
        {
            return link
        }
        if let link = Self.alternate(raw.links).lazy.compactMap({ resolve($0, emptyMeansBase: true) }).first {
            return link
        }
        if !raw.guidIsNotPermaLink, let guid = raw.text(.guid), let link = FeedLinkResolver.absolute(guid) {
            return link
        }
        let enclosures = raw.links.filter { $0.rel?.lowercased() == "enclosure" } + (raw.enclosure.map { [$0] } ?? [])
        return enclosures.lazy.compactMap { resolve($0, emptyMeansBase: false) }.first
    }

    /// Alternate links (`rel="alternate"` or none), HTML ones first.
    static func alternate(_ links: [FeedRawLink]) -> [FeedRawLink] {
        let alternates = links.filter { link in
            guard let rel = link.rel.map(FeedText.token), !rel.isEmpty else { return true }
            return rel == "alternate" || rel == "http://www.iana.org/assignments/relation/alternate"
        }
        let html = alternates.filter { link in
            guard let type = link.type?.lowercased() else { return true }
            return type.contains("html")
        }
        return html + alternates.filter { link in !html.contains { $0.href == link.href && $0.type == link.type } }
    }

    /// The base for links that have none: the feed's URL (already the reader's document base), else
    /// the channel's own http(s) link.
    private func fallbackBase(_ channel: FeedRawChannel) -> URL? {
        documentBase ?? channel.linkBase
    }

    private func author(_ raw: FeedRawItem) -> FeedAuthor? {
        if let author = raw.author { return author }
        if let text = raw.text(.rssAuthor), let author = FeedAuthorParsing.parse(text) { return author }
        for slot in [FeedSlot.dcCreator, .iTunesAuthor] {
            if let name = raw.text(slot).flatMap(FeedText.trimmed) { return FeedAuthorParsing.parse(name) }
        }
        return nil
    }

    /// The feed-level author that items without one inherit.
    static func channelAuthor(_ channel: FeedRawChannel) -> FeedAuthor? {
        if let author = channel.author { return author }
        for slot in [FeedSlot.dcCreator, .iTunesAuthor] {
            if let name = channel.values[slot]?.text, let author = FeedAuthorParsing.parse(name) { return author }
        }
        return nil
    }

    private static func date(_ raw: FeedRawItem, _ slots: [FeedSlot]) -> (String, Date?)? {
        for slot in slots {
            if let text = raw.text(slot).flatMap(FeedText.trimmed) { return (text, FeedDate.parse(text)) }
        }
        return nil
    }
}
