import Foundation
import HarkFeeds
import HarkTesting
import HarkXML
import Testing

/// reliability.md H2: the XML attack battery, at parser level. Nothing local is read, nothing is
/// fetched, no bomb goes off: each document is answered within a second, without a crash.
@Suite(.serialized) struct FeedXMLAttackTests {
    typealias S = FeedTestSupport

    /// A file holding a random token that must never appear in any output.
    struct Canary {
        let token = "canary-\(UUID().uuidString)"
        let path: String

        init() throws {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("hark-xxe-\(UUID().uuidString)").path
            try Data(token.utf8).write(to: URL(fileURLWithPath: path))
        }

        func remove() { try? FileManager.default.removeItem(atPath: path) }
    }

    /// Parses `document` (as the daemon would, and with HTML processing off) and returns every
    /// output as one string, or the error's description; fails when it takes a second or more.
    /// Far above what a parse of these inputs takes on a loaded debug build; only a hang exceeds it.
    static let hangBound = Duration.seconds(60)

    static func parseQuickly(_ document: Data, _ label: String) -> String {
        var outputs: [String] = []
        let clock = ContinuousClock()
        for processHTML in [true, false] {
            var options = S.options()
            options.processHTML = processHTML
            let elapsed = clock.measure {
                do {
                    let feed = try FeedParser.parse(document, options: options)
                    outputs.append(feed.inspectionJSON())
                    outputs.append(feed.items.map { "\($0.publishedRaw ?? "")\($0.updatedRaw ?? "")" }.joined())
                } catch {
                    outputs.append("\(error)")
                }
            }
            #expect(elapsed < Self.hangBound, "\(label) took \(elapsed)")
        }
        return outputs.joined(separator: "\n")
    }

    static func document(_ doctype: String, _ body: String) -> Data {
        Data("<?xml version=\"1.0\"?>\n\(doctype)\n<rss version=\"2.0\"><channel>\(body)</channel></rss>".utf8)
    }

    @Test func externalFileEntitiesAreNeverRead() throws {
        let canary = try Canary()
        defer { canary.remove() }
        let documents: [(String, Data)] = [
            (
                "general entity",
                Self.document(
                    "<!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file://\(canary.path)\">]>",
                    "<title>&xxe;</title><item><guid>&xxe;</guid><title>&xxe;</title><description>&xxe;</description></item>"
                )
            ),
            (
                "entity in an attribute",
                Self.document(
                    "<!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file://\(canary.path)\">]>",
                    "<item><guid>1</guid><link href=\"&xxe;\">x</link><enclosure url=\"&xxe;\"/></item>")
            ),
            (
                "parameter entity",
                Self.document(
                    "<!DOCTYPE rss [<!ENTITY % pe SYSTEM \"file://\(canary.path)\"> %pe;]>",
                    "<item><guid>1</guid></item>")
            ),
            (
                "external DTD",
                Self.document("<!DOCTYPE rss SYSTEM \"file://\(canary.path)\">", "<item><guid>1</guid></item>")
            ),
            (
                "XInclude",
                Self.document(
                    "",
                    """
                    <item xmlns:xi="http://www.w3.org/2001/XInclude"><guid>1</guid><description>\
                    <xi:include href="file://\(canary.path)" parse="text"/></description></item>
                    """)
            ),
            (
                "Atom",
                Data(
                    """
                    <?xml version="1.0"?><!DOCTYPE feed [<!ENTITY xxe SYSTEM "file://\(canary.path)">]>
                    <feed xmlns="http://www.w3.org/2005/Atom"><title>&xxe;</title><entry><id>&xxe;</id>
                    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">&xxe;</div></content></entry></feed>
                    """.utf8)
            ),
        ]
        for (label, document) in documents {
            let output = Self.parseQuickly(document, label)
            #expect(!output.contains(canary.token), "\(label): the canary leaked")
        }
    }

    @Test func nothingIsFetched() async throws {
        let listener = try await CanaryListener.start(host: "127.0.0.1")
        let url = listener.baseURL
        let documents: [(String, Data)] = [
            (
                "external entity",
                Self.document(
                    "<!DOCTYPE rss [<!ENTITY ext SYSTEM \"\(url)/entity\">]>",
                    "<item><guid>1</guid><title>&ext;</title></item>")
            ),
            (
                "parameter entity",
                Self.document(
                    "<!DOCTYPE rss [<!ENTITY % pe SYSTEM \"\(url)/dtd\"> %pe;]>", "<item><guid>1</guid></item>")
            ),
            (
                "external DTD",
                Self.document("<!DOCTYPE rss PUBLIC \"-//X//Y\" \"\(url)/rss.dtd\">", "<item><guid>1</guid></item>")
            ),
            (
                "stylesheet",
                Data("<?xml-stylesheet href=\"\(url)/style.xsl\" type=\"text/xsl\"?>".utf8)
                    + Self.document("", "<item><guid>1</guid></item>")
            ),
            (
                "XInclude",
                Self.document(
                    "",
                    """
                    <item xmlns:xi="http://www.w3.org/2001/XInclude"><guid>1</guid><xi:include href="\(url)/inc"/></item>
                    """)
            ),
            (
                "entity in an attribute",
                Self.document(
                    "<!DOCTYPE rss [<!ENTITY ext SYSTEM \"\(url)/attr\">]>",
                    "<item><guid>1</guid><link href=\"&ext;\"/></item>")
            ),
        ]
        for (label, document) in documents { _ = Self.parseQuickly(document, label) }
        try await Task.sleep(for: .milliseconds(300))
        #expect(listener.acceptedCount == 0)
        try await listener.stop()
    }

    @Test func billionLaughs() {
        var doctype = "<!DOCTYPE rss [<!ENTITY lol0 \"lol\">"
        for level in 1...9 {
            doctype += "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level - 1);", count: 10) + "\">"
        }
        doctype += "]>"
        let output = Self.parseQuickly(
            Self.document(doctype, "<item><guid>1</guid><title>&lol9;</title><description>&lol9;</description></item>"),
            "billion laughs")
        #expect(output.utf8.count < 100_000)
    }

    @Test func quadraticBlowUp() {
        let big = String(repeating: "a", count: 100_000)
        let references = String(repeating: "&big;", count: 100_000)
        let output = Self.parseQuickly(
            Self.document(
                "<!DOCTYPE rss [<!ENTITY big \"\(big)\">]>",
                "<item><guid>1</guid><description>\(references)</description></item>"),
            "quadratic blow-up")
        #expect(output.utf8.count < 5_000_000)
    }

    @Test func deepNesting() {
        let depth = 100_000
        let body =
            "<item><guid>1</guid><description>" + String(repeating: "<a>", count: depth)
            + String(repeating: "</a>", count: depth) + "</description></item>"
        _ = Self.parseQuickly(Self.document("", body), "100,000-deep nesting")
    }

    @Test func hugeTextNode() {
        let size = 50 << 20
        var bytes = Array(Self.document("", "<item><guid>1</guid><description>").dropLast(18))
        bytes.reserveCapacity(size + 200)
        bytes.append(contentsOf: repeatElement(UInt8(ascii: "x"), count: size))
        bytes.append(contentsOf: "</description></item></channel></rss>".utf8)
        let output = Self.parseQuickly(Data(bytes), "a 50 MB text node")
        #expect(output.contains("too_large"), "over the 20 MiB document cap")
    }

    @Test func hugeTextNodeBelowTheDocumentCapIsCutAtTheTextLimit() {
        let size = 15 << 20
        let document = Self.document(
            "", "<item><guid>1</guid><description>" + String(repeating: "y", count: size) + "</description></item>")
        let clock = ContinuousClock()
        var text = 0
        let elapsed = clock.measure {
            var options = S.options()
            options.processHTML = false
            text = (try? FeedParser.parse(document, options: options))?.items.first?.text.utf8.count ?? -1
        }
        #expect(text > 0 && text <= 4 << 20)
        #expect(elapsed < Self.hangBound, "took \(elapsed)")
    }

    @Test func aMillionAttributes() {
        var tag = "<item><guid>1</guid><title"
        tag.reserveCapacity(14_000_000)
        for index in 0..<1_000_000 { tag += " a\(index)=\"x\"" }
        tag += ">many</title></item>"
        let output = Self.parseQuickly(Self.document("", tag), "1M attributes")
        #expect(output.contains("many"))
    }

    @Test func aHundredThousandNamespaceDeclarations() {
        var tag = "<item><guid>1</guid><title"
        for index in 0..<100_000 { tag += " xmlns:p\(index)=\"urn:x:\(index)\"" }
        tag += ">ns</title></item>"
        _ = Self.parseQuickly(Self.document("", tag), "100,000 namespace declarations")
    }

    @Test func aTenMegabyteElementName() {
        let name = String(repeating: "n", count: 10 << 20)
        _ = Self.parseQuickly(
            Self.document("", "<item><guid>1</guid><\(name)>x</\(name)></item>"), "10 MB element name")
    }

    @Test func aMillionItemsAreCapped() {
        // Under the 20 MiB document cap: 5,000 distinct items, then 995,000 empty ones.
        var body = ""
        body.reserveCapacity(8_000_000)
        for index in 0..<5_000 { body += "<item><guid>\(index)</guid></item>" }
        body += String(repeating: "<item/>", count: 995_000)
        let clock = ContinuousClock()
        var feed: ParsedFeed?
        let elapsed = clock.measure { feed = try? FeedParser.parse(Self.document("", body), options: S.options()) }
        #expect(feed?.items.count == 5_000)
        #expect(feed?.droppedItems == 995_000)
        #expect(elapsed < Self.hangBound, "took \(elapsed)")
    }
}
