import Foundation
import HarkXML

/// JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1), read with `JSONSerialization` after a
/// nesting check (at most 64 levels).
enum JSONFeedParser {
    static let maximumDepth = 64

    static func parse(_ data: Data, options: FeedParseOptions) throws(FeedParseError) -> ParsedFeed {
        guard depthWithinLimit(data) else {
            throw FeedParseError(.malformed, "JSON nested deeper than \(maximumDepth) levels")
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data, options: [])
        } catch {
            throw FeedParseError(.malformed, "not valid JSON")
        }
        guard let feed = object as? [String: Any], let version = feed["version"] as? String,
            version.contains("jsonfeed.org/version/")
        else {
            throw FeedParseError(.notAFeed, "JSON without a JSON Feed version")
        }
        let builder = FeedItemBuilder(options: options)
        let home = (feed["home_page_url"] as? String).flatMap { FeedLinkResolver.resolve($0, base: options.url) }
        let base = FeedLinkResolver.webBase(options.url) ?? home.flatMap(URL.init(string:))
        let feedAuthor = authors(feed)
        var parsed = ParsedFeed(
            format: .jsonFeed, title: string(feed["title"]).flatMap(FeedText.trimmed), link: home,
            language: string(feed["language"]).flatMap(FeedText.trimmed))
        parsed.encoding = "UTF-8"
        var seen: Set<String> = []
        for case let entry as [String: Any] in feed["items"] as? [Any] ?? [] {
            var item = self.item(entry, base: base, builder: builder)
            if item.author == nil { item.author = feedAuthor }
            guard seen.insert(FeedItemBuilder.identityKey(item)).inserted else { continue }
            if parsed.items.count < options.maximumItems {
                parsed.items.append(item)
            } else {
                parsed.droppedItems += 1
            }
        }
        return parsed
    }

    private static func item(_ entry: [String: Any], base: URL?, builder: FeedItemBuilder) -> FeedItem {
        var item = FeedItem()
        if let id = entry["id"] {
            item.id = (id as? String).flatMap(FeedText.trimmed) ?? (id as? NSNumber).map { "\($0)" }
        }
        item.title = string(entry["title"]).flatMap {
            builder.title(FeedRawValue(text: $0, kind: .text, base: base))
        }
        item.link =
            [entry["url"], entry["external_url"]].lazy.compactMap { string($0) }
            .compactMap { FeedLinkResolver.resolve($0, base: base) }.first
        item.author = authors(entry)
        if let published = string(entry["date_published"]).flatMap(FeedText.trimmed) {
            item.publishedRaw = published
            item.published = FeedDate.parse(published)
        }
        if let modified = string(entry["date_modified"]).flatMap(FeedText.trimmed) {
            item.updatedRaw = modified
            item.updated = FeedDate.parse(modified)
        }
        let html = string(entry["content_html"]).flatMap(FeedText.trimmed)
        let text = string(entry["content_text"]).flatMap(FeedText.trimmed)
        let summary = string(entry["summary"]).flatMap(FeedText.trimmed)
        if builder.options.processHTML {
            let processed = html.map { HTMLSanitizer.sanitizeWithText($0, base: base) }
            item.text = text ?? processed.map { FeedText.repairingC1($0.text) } ?? summary ?? ""
            item.html = processed.flatMap { FeedText.trimmed($0.html) }
        } else {
            item.text = html ?? text ?? summary ?? ""
        }
        return item
    }

    /// JSON Feed 1.1 `authors` (the first), else 1.0 `author`.
    private static func authors(_ object: [String: Any]) -> FeedAuthor? {
        let candidate = (object["authors"] as? [Any])?.first as? [String: Any] ?? object["author"] as? [String: Any]
        guard let candidate else { return nil }
        let author = FeedAuthor(
            name: string(candidate["name"]).flatMap(FeedText.trimmed),
            uri: string(candidate["url"]).flatMap { FeedLinkResolver.resolve($0, base: nil) })
        return author.name == nil && author.uri == nil ? nil : author
    }

    private static func string(_ value: Any?) -> String? {
        value as? String
    }

    /// Whether `[` and `{` nest at most `maximumDepth` deep (strings skipped).
    static func depthWithinLimit(_ data: Data) -> Bool {
        data.withUnsafeBytes { bytes in
            var depth = 0
            var inString = false
            var escaped = false
            for byte in bytes {
                if inString {
                    if escaped {
                        escaped = false
                    } else if byte == UInt8(ascii: "\\") {
                        escaped = true
                    } else if byte == UInt8(ascii: "\"") {
                        inString = false
                    }
                    continue
                }
                switch byte {
                case UInt8(ascii: "\""): inString = true
                case UInt8(ascii: "["), UInt8(ascii: "{"):
                    depth += 1
                    if depth > maximumDepth { return false }
                case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
                default: break
                }
            }
            return true
        }
    }
}
