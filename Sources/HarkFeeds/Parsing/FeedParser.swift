import Foundation
import HarkXML

/// Parses feed documents: RSS 0.90 to 2.0, RSS 1.0 (RDF), Atom 0.3 and 1.0, JSON Feed 1.0 and 1.1.
///
/// Pure: bytes and options in, values out; no I/O, no clock. XML is read by `HarkXML`'s safe
/// streaming reader (no DTD loading, no external entities, bounded depth and sizes), after the
/// encoding is chosen (byte order mark, then `httpCharset`, then the XML declaration, then UTF-8)
/// and the bytes made valid UTF-8. A broken document is read with recovery, twice when the first
/// reading may have lost content; the result then says `recovered`.
public enum FeedParser {
    /// Largest document accepted (the decoded feed download cap, reliability.md §5).
    public static let maximumDocumentBytes = 20 << 20

    /// Parses `data` as fetched from `options.url`.
    ///
    /// - Throws: `FeedParseError`: `.empty` (nothing but white space), `.notAFeed` (an HTML page,
    ///   another XML vocabulary, JSON that is not a JSON Feed), `.malformed` (not even recovery found
    ///   a root element), `.tooLarge`.
    public static func parse(_ data: Data, options: FeedParseOptions) throws(FeedParseError) -> ParsedFeed {
        guard data.count <= maximumDocumentBytes else {
            throw FeedParseError(.tooLarge, "document of \(data.count) bytes is over \(maximumDocumentBytes)")
        }
        switch firstSignificantByte(data) {
        case nil:
            throw FeedParseError(.empty, "the document is empty")
        case UInt8(ascii: "{"):
            return try JSONFeedParser.parse(data, options: options)
        default:
            return try parseXML(data, options: options)
        }
    }

    private static func parseXML(_ data: Data, options: FeedParseOptions) throws(FeedParseError) -> ParsedFeed {
        let input = XMLInputDecoder.decode(data, transportCharset: options.httpCharset)
        var limits = XMLReaderLimits()
        limits.maximumDocumentBytes = maximumDocumentBytes
        limits.maximumTextBytes = 4 << 20
        let reader = XMLStreamReader(vocabulary: FeedVocabulary.vocabulary, options: .safe, limits: limits)
        let builder = FeedItemBuilder(options: options)
        let outcome = XMLDocumentReader(reader: reader).read(
            input, base: FeedLinkResolver.webBase(options.url), makeHandler: { FeedXMLHandler(builder: builder) },
            score: { $0.score }, consumed: options.inputConsumed)
        let handler = outcome.handler
        switch handler.root {
        case .html:
            throw FeedParseError(.notAFeed, "an HTML page, not a feed")
        case .other:
            throw FeedParseError(.notAFeed, "the root element is not RSS, RDF or Atom")
        case .none:
            if input.withUnsafeBytes({ $0.allSatisfy { XMLTextBuffer.isSpace($0) } }) {
                throw FeedParseError(.empty, "the document is empty")
            }
            let first = outcome.report.diagnostics.first.map { " (\($0))" } ?? ""
            throw FeedParseError(.malformed, "no root element could be read\(first)")
        case .feed:
            return feed(from: handler, report: outcome.report, input: input, builder: builder)
        }
    }

    private static func feed(
        from handler: FeedXMLHandler, report: XMLParseReport, input: XMLInput, builder: FeedItemBuilder
    ) -> ParsedFeed {
        let channel = handler.channel
        var feed = ParsedFeed(format: handler.format, recovered: report.recovered || input.damaged)
        feed.encoding = input.encoding
        feed.title =
            [FeedSlot.feedTitle, .feedAlternateTitle].lazy.compactMap { channel.values[$0].flatMap(builder.title) }
            .first
        feed.link = channelLink(channel, builder: builder)
        feed.language = ((channel.values[.feedLanguage]?.text).flatMap(FeedText.trimmed) ?? channel.rootLanguage)
            .map { $0.replacingOccurrences(of: "_", with: "-") }
        if let ttl = channel.values[.feedTTL]?.text, let minutes = Int(FeedText.strip(ttl)),
            minutes > 0
        {
            feed.ttlMinutes = minutes
        }
        let inherited = FeedItemBuilder.channelAuthor(channel)
        feed.items = handler.items.map { item in
            var item = item
            if item.author == nil { item.author = inherited }
            if report.repaired { item.recovered = true }
            return item
        }
        feed.droppedItems = handler.droppedItems
        return feed
    }

    private static func channelLink(_ channel: FeedRawChannel, builder: FeedItemBuilder) -> String? {
        let base = FeedLinkResolver.webBase(builder.options.url)
        if let value = channel.values[.feedLink],
            let link = FeedLinkResolver.resolve(value.text, base: FeedLinkResolver.webBase(value.base) ?? base)
        {
            return link
        }
        return FeedItemBuilder.alternate(channel.links).lazy.compactMap {
            FeedLinkResolver.resolve($0.href, base: FeedLinkResolver.webBase($0.base) ?? base, emptyMeansBase: true)
        }.first
    }

    /// The first byte that is not white space, a NUL or part of a UTF-8 byte order mark.
    private static func firstSignificantByte(_ data: Data) -> UInt8? {
        var skippedBOM = false
        for (offset, byte) in data.enumerated() {
            if offset == 0, byte == 0xEF, data.count >= 3, data[data.startIndex + 1] == 0xBB,
                data[data.startIndex + 2] == 0xBF
            {
                skippedBOM = true
            }
            if skippedBOM, offset < 3 { continue }
            if byte == 0 || XMLTextBuffer.isSpace(byte) { continue }
            return byte
        }
        return nil
    }
}
