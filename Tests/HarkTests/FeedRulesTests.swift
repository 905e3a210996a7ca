import Foundation
import HarkFeeds
import Testing

/// The normalisation rules: which value wins, links, identity, caps, and what is not a feed.
@Suite struct FeedRulesTests {
    typealias S = FeedTestSupport

    @Test func contentWinsOverSummaryAndSummaryIsTheFallback() throws {
        let feed = try S.parse(
            S.rss(
                """
                <item xmlns:content="http://purl.org/rss/1.0/modules/content/"><guid>a</guid>
                  <description>summary</description><content:encoded>&lt;p&gt;full&lt;/p&gt;</content:encoded></item>
                <item><guid>b</guid><description>only summary</description></item>
                <item><guid>c</guid><title>no body</title></item>
                """))
        #expect(feed.items.map(\.text) == ["full", "only summary", ""])
        #expect(feed.items.map(\.html) == ["<p>full</p>", "only summary", nil])
    }

    @Test func atomContentTypes() throws {
        let feed = try S.parse(
            S.atom(
                """
                <entry><id>1</id><content type="html">&lt;b&gt;bold&lt;/b&gt; &amp;amp;</content></entry>
                <entry><id>2</id><content type="text">&lt;b&gt;not bold&lt;/b&gt;</content></entry>
                <entry><id>3</id><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">a <b>b</b> &lt;c&gt;</div></content></entry>
                <entry><id>4</id><content src="https://cdn.example/x"/><summary>out of line</summary></entry>
                <entry><id>5</id><content type="image/png">iVBORw0KGgo=</content><summary>binary</summary></entry>
                """))
        #expect(feed.items.map(\.text) == ["bold &", "<b>not bold</b>", "a b <c>", "out of line", "binary"])
        #expect(feed.items[0].html == "<b>bold</b> &amp;")
        #expect(feed.items[1].html == nil)
        #expect(feed.items[2].html == "a <b>b</b> &lt;c&gt;")
    }

    @Test func titlesArePlainText() throws {
        let feed = try S.parse(
            S.rss(
                """
                <item><guid>1</guid><title>AT&amp;T &amp;amp; more</title></item>
                <item><guid>2</guid><title>&lt;b&gt;Bold&lt;/b&gt; claim</title></item>
                <item><guid>3</guid><title>a &lt; b</title></item>
                <item><guid>4</guid><title>
                     spaced out   </title></item>
                """))
        #expect(feed.items.map(\.title) == ["AT&T &amp; more", "Bold claim", "a < b", "spaced out"])
    }

    @Test func linksAreOnlyHTTPAndResolvedAgainstTheFeedURL() throws {
        let feed = try S.parse(
            S.rss(
                """
                <item><guid>1</guid><link>javascript:alert(1)</link></item>
                <item><guid>2</guid><link>data:text/html,hi</link></item>
                <item><guid>3</guid><link>relative/path?q=1&amp;r=2</link></item>
                <item><guid>4</guid><link>//cdn.example/x</link></item>
                <item><guid>5</guid><link>ftp://files.example/x</link></item>
                <item><guid>6</guid><link> https://ok.example/a b </link></item>
                """, channel: "<title>T</title>"), url: "https://feeds.example/dir/feed.xml")
        #expect(feed.items[0].link == nil)
        #expect(feed.items[1].link == nil)
        #expect(feed.items[2].link == "https://feeds.example/dir/relative/path?q=1&r=2")
        #expect(feed.items[3].link == "https://cdn.example/x")
        #expect(feed.items[4].link == nil)
    }

    @Test func relativeLinksWithoutAnHTTPBaseAreDropped() throws {
        let feed = try S.parse(
            S.rss("<item><guid>1</guid><link>/r/1</link></item>", channel: "<title>T</title>"), url: nil)
        #expect(feed.items[0].link == nil)
        let fileBase = try S.parse(
            S.atom("<entry><id>1</id><link href=\"r/1\"/></entry>", attributes: " xml:base=\"file:///tmp/\""), url: nil)
        #expect(fileBase.items[0].link == nil)
        let httpBase = try S.parse(
            S.atom("<entry><id>1</id><link href=\"r/1\"/></entry>", attributes: " xml:base=\"https://b.example/x/\""),
            url: nil)
        #expect(httpBase.items[0].link == "https://b.example/x/r/1")
    }

    @Test func guidIsThePermalinkOnlyWhenItSaysSo() throws {
        let feed = try S.parse(
            S.rss(
                """
                <item><guid>https://a.example/1</guid></item>
                <item><guid isPermaLink="true">https://a.example/2</guid></item>
                <item><guid isPermaLink="false">https://a.example/3</guid></item>
                <item><guid>not-a-url</guid></item>
                """))
        #expect(feed.items.map(\.link) == ["https://a.example/1", "https://a.example/2", nil, nil])
    }

    @Test func atomPrefersTheAlternateHTMLLink() throws {
        let feed = try S.parse(
            S.atom(
                """
                <entry><id>1</id><link rel="related" href="https://x.example/related"/>
                  <link rel="alternate" type="application/pdf" href="https://x.example/pdf"/>
                  <link rel="alternate" type="text/html" href="https://x.example/html"/></entry>
                <entry><id>2</id><link rel="enclosure" href="https://x.example/a.mp3"/></entry>
                """))
        #expect(feed.items.map(\.link) == ["https://x.example/html", "https://x.example/a.mp3"])
    }

    @Test func authors() throws {
        let feed = try S.parse(
            S.rss(
                """
                <item><guid>1</guid><author>kari@example.no (Kari)</author></item>
                <item><guid>2</guid><author>Kari &lt;kari@example.no&gt;</author></item>
                <item><guid>3</guid><author>kari@example.no</author></item>
                <item><guid>4</guid><dc:creator xmlns:dc="http://purl.org/dc/elements/1.1/">Kari Nordmann</dc:creator></item>
                <item><guid>5</guid><dc:creator>Undeclared Prefix</dc:creator></item>
                """))
        #expect(feed.items[0].author == FeedAuthor(name: "Kari", email: "kari@example.no"))
        #expect(feed.items[1].author == FeedAuthor(name: "Kari", email: "kari@example.no"))
        #expect(feed.items[2].author == FeedAuthor(email: "kari@example.no"))
        #expect(feed.items[3].author == FeedAuthor(name: "Kari Nordmann"))
        #expect(feed.items[4].author == FeedAuthor(name: "Undeclared Prefix"), "well-known prefixes work undeclared")
    }

    @Test func itemsAreDeduplicatedFirstWins() throws {
        let feed = try S.parse(
            S.rss(
                """
                <item><guid>same</guid><title>first</title></item>
                <item><guid>same</guid><title>second</title></item>
                <item><link>https://a.example/x</link><title>by link</title></item>
                <item><link>https://a.example/x</link><title>by link again</title></item>
                <item><title>no identity</title><description>body</description></item>
                <item><title>no identity</title><description>body</description></item>
                """))
        #expect(feed.items.map(\.title) == ["first", "by link", "no identity"])
    }

    @Test func atMostMaximumItemsAndTheRestCounted() throws {
        let items = (0..<30).map { "<item><guid>\($0)</guid></item>" }.joined()
        var options = S.options()
        options.maximumItems = 10
        let feed = try FeedParser.parse(Data(S.rss(items).utf8), options: options)
        #expect(feed.items.count == 10)
        #expect(feed.droppedItems == 20)
        #expect(feed.items.last?.id == "9")
    }

    @Test func processHTMLOffKeepsTheRawContent() throws {
        let feed = try S.parse(
            S.rss("<item><guid>1</guid><description>&lt;p&gt;x&lt;/p&gt;</description></item>"), processHTML: false)
        #expect(feed.items[0].text == "<p>x</p>")
        #expect(feed.items[0].html == nil)
    }

    @Test func ttl() throws {
        #expect(try S.parse(S.rss("", channel: "<ttl> 60 </ttl>")).ttlMinutes == 60)
        #expect(try S.parse(S.rss("", channel: "<ttl>soon</ttl>")).ttlMinutes == nil)
    }

    @Test func htmlPagesAreNotFeeds() throws {
        #expect(S.errorCode { try S.parseFixture("login.html") } == .notAFeed)
        #expect(S.errorCode { try S.parse("<html><body><p>Captive portal</body></html>") } == .notAFeed)
        #expect(S.errorCode { try S.parse("<?xml version=\"1.0\"?><note><to>x</to></note>") } == .notAFeed)
        #expect(S.errorCode { try S.parse("{\"hello\": \"world\"}") } == .notAFeed)
    }

    @Test func emptyAndUnusableDocuments() throws {
        #expect(S.errorCode { try S.parse("") } == .empty)
        #expect(S.errorCode { try S.parse("  \n\t ") } == .empty)
        #expect(S.errorCode { try S.parse("this is not xml at all") } == .malformed)
        #expect(S.errorCode { try S.parse("{\"version\": ") } == .malformed)
        #expect(S.errorCode { try S.parse(String(repeating: "[", count: 100)) } == .malformed)
    }

    @Test func theModelOfAnEmptyFeedIsStillAFeed() throws {
        let feed = try S.parse(S.rss(""))
        #expect(feed.items.isEmpty)
        #expect(feed.title == "T")
    }
}
