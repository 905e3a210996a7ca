import Foundation
import HarkFeeds

/// Shared helpers of the feed parser tests: the project's own fixtures and parsing shortcuts.
enum FeedTestSupport {
    /// `Tests/HarkTests/Fixtures/feeds`.
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/feeds")

    /// The bytes of fixture `name`.
    static func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: fixtures.appendingPathComponent(name))
    }

    /// Options as the daemon uses them, for a feed fetched from `url`.
    static func options(url: String? = "https://feeds.example/feed", charset: String? = nil) -> FeedParseOptions {
        FeedParseOptions(url: url.flatMap(URL.init(string:)), httpCharset: charset)
    }

    /// Parses fixture `name`.
    static func parseFixture(_ name: String, url: String? = "https://feeds.example/feed", charset: String? = nil) throws
        -> ParsedFeed
    {
        try FeedParser.parse(try fixture(name), options: options(url: url, charset: charset))
    }

    /// Parses an inline document.
    static func parse(_ text: String, url: String? = "https://feeds.example/feed", processHTML: Bool = true) throws
        -> ParsedFeed
    {
        var options = options(url: url)
        options.processHTML = processHTML
        return try FeedParser.parse(Data(text.utf8), options: options)
    }

    /// A minimal RSS 2.0 document around `items` (raw XML).
    static func rss(_ items: String, channel: String = "<title>T</title><link>https://site.example/</link>") -> String {
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>\(channel)\(items)</channel></rss>"
    }

    /// A minimal Atom 1.0 document around `entries` (raw XML).
    static func atom(_ entries: String, attributes: String = "") -> String {
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"\(attributes)><title>T</title>\(entries)</feed>"
    }

    /// The error code `body` throws, or `nil` when it does not throw a `FeedParseError`.
    static func errorCode(_ body: () throws -> ParsedFeed) -> FeedParseError.Code? {
        do {
            _ = try body()
            return nil
        } catch let error as FeedParseError {
            return error.code
        } catch {
            return nil
        }
    }

    /// `date` as `YYYY-MM-DDTHH:MM:SSZ`.
    static func utc(_ date: Date?) -> String? {
        date.map {
            $0.formatted(
                .iso8601.year().month().day().time(includingFractionalSeconds: false).timeZone(separator: .omitted))
        }
    }
}
