import Foundation
import HarkFeeds
import Testing

/// ROME's core test feeds: in the self-describing ones each element's text is its own path
/// (`rss_2.0.channel.item[0].title`), so every field Hark fills must name its own slot and item. The
/// others must parse.
@Suite struct FeedROMEConformanceTests {
    @Test func everyFieldInTheRightSlot() throws {
        guard let root = FeedConformance.folder("rome/rome/src/test/resources") else { return }
        let files = try FileManager.default.contentsOfDirectory(atPath: root.path)
            .filter { $0.hasSuffix(".xml") && $0 != "logback-test.xml" }.sorted()
        var tally = ConformanceTally(name: "rome")
        for file in files {
            let data = try Data(contentsOf: root.appendingPathComponent(file))
            let feed: ParsedFeed
            do {
                feed = try FeedParser.parse(data, options: FeedParseOptions(url: URL(string: "http://rome.test/")))
            } catch {
                tally.failures.append("\(file): \(error)")
                continue
            }
            let source = String(decoding: data, as: UTF8.self)
            guard let prefix = Self.selfDescribingPrefix(source) else { continue }
            Self.checkSlots(feed, file: file, source: source, prefix: prefix, tally: &tally)
        }
        tally.report()
        #expect(tally.checked > 150)
        #expect(tally.failures.isEmpty)
    }

    /// `rss_2.0` for a feed whose texts are paths like `rss_2.0.channel.title`.
    static func selfDescribingPrefix(_ source: String) -> String? {
        guard let regex = try? Regex(#">((?:rss|atom)_[0-9.]+?[A-Z]?)\.(?:channel|feed)\.title<"#),
            let match = source.firstMatch(of: regex), let prefix = match.output[1].substring
        else { return nil }
        return String(prefix)
    }

    static func checkSlots(
        _ feed: ParsedFeed, file: String, source: String, prefix: String, tally: inout ConformanceTally
    ) {
        tally.check(
            feed.title?.hasPrefix(prefix) == true && feed.title?.hasSuffix(".title") == true,
            "\(file): feed title \(feed.title ?? "nil")")
        if let link = feed.link?.removingPercentEncoding, link.contains(prefix) {
            tally.check(link.contains(".link"), "\(file): feed link \(link)")
        }
        let itemWord = source.contains("\(prefix).feed.entry[") ? "entry" : "item"
        let expectedItems = Set((0..<20).filter { source.contains("\(itemWord)[\($0)].title") }).count
        tally.check(feed.items.count == expectedItems, "\(file): \(feed.items.count) items, expected \(expectedItems)")
        for (index, item) in feed.items.enumerated() {
            let marker = "\(itemWord)[\(index)]"
            func slot(_ field: String, _ value: String?, _ names: [String], required: Bool = false) {
                guard let value else {
                    if required { tally.failures.append("\(file): \(marker) has no \(field)") }
                    return
                }
                let decoded = value.removingPercentEncoding ?? value
                guard decoded.contains(prefix) else { return }  // a literal value in the feed, not a path
                // An RSS 1.0 item's rdf:about is, in these feeds, the channel's `items[i]` resource.
                let right = decoded.contains(marker) || decoded.contains("\(itemWord)s[\(index)]")
                tally.check(
                    right && names.contains { decoded.contains($0) },
                    "\(file): \(marker) \(field) holds \(decoded)")
            }
            slot("title", item.title, [".title"], required: true)
            slot("link", item.link, [".link"])
            slot("id", item.id, [".guid", "id", ".dc:identifier", "rdf:resource"])
            slot(
                "text", item.text.isEmpty ? nil : item.text, [".content", ".description", ".summary", "dc:description"])
            slot("author", item.author?.name, ["author", "creator"])
            slot("author email", item.author?.email, [".author.email"])
        }
    }
}
