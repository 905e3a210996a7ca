import Foundation
import HarkFeeds
import Testing

/// Every format the parser reads, from the project's own fixtures (Tests/HarkTests/Fixtures/feeds).
@Suite struct FeedFormatTests {
    @Test(arguments: [
        ("rss090.rdf", FeedFormat.rss09x), ("rss091.xml", .rss09x), ("rss092.xml", .rss09x), ("rss093.xml", .rss09x),
        ("rss094.xml", .rss09x), ("rss10.rdf", .rss10), ("rss20.xml", .rss20), ("atom03.xml", .atom03),
        ("atom10.xml", .atom10), ("feed10.json", .jsonFeed), ("feed11.json", .jsonFeed),
    ])
    func recognisesTheFormat(file: String, format: FeedFormat) throws {
        let feed = try FeedTestSupport.parseFixture(file)
        #expect(feed.format == format)
        #expect(!feed.recovered)
        #expect(!feed.items.isEmpty)
    }

    @Test func rss090() throws {
        let feed = try FeedTestSupport.parseFixture("rss090.rdf")
        #expect(feed.title == "Fjordhavn Bakery")
        #expect(feed.link == "http://fjordhavn.example/")
        #expect(feed.items.map(\.title) == ["Stale bread again", "Lovely cinnamon buns"])
        #expect(feed.items.map(\.link) == ["http://fjordhavn.example/reviews/1", "http://fjordhavn.example/reviews/2"])
    }

    @Test func rss091WithNetscapeDoctypeAndHTMLEntities() throws {
        let feed = try FeedTestSupport.parseFixture("rss091.xml")
        #expect(feed.title == "Café Nordlys forum")
        #expect(feed.language == "no")
        let item = try #require(feed.items.first)
        #expect(item.title == "Kaffen var kald — igjen")
        #expect(
            item.text == "Bestilte en latte\u{00A0}og fikk den lunken."
                || item.text == "Bestilte en latte og fikk den lunken.")
    }

    @Test func rss092EnclosureIsTheLastResortLink() throws {
        let item = try #require(try FeedTestSupport.parseFixture("rss092.xml").items.first)
        #expect(item.title == nil)
        #expect(item.link == "http://skovly.example/audio/ep12.mp3")
        #expect(item.text == "The episode cut off after ten minutes.")
        #expect(item.html?.contains("<b>ten minutes</b>") == true)
    }

    @Test func rss093And094() throws {
        let item93 = try #require(try FeedTestSupport.parseFixture("rss093.xml").items.first)
        #expect(FeedTestSupport.utc(item93.published) == "2003-06-03T09:39:21Z")
        let item94 = try #require(try FeedTestSupport.parseFixture("rss094.xml").items.first)
        #expect(item94.id == "bolgen-review-9")
        #expect(item94.author == FeedAuthor(name: "Kari Nordmann", email: "kari@bolgen.example"))
    }

    @Test func rss10WithDublinCoreAndContentEncoded() throws {
        let feed = try FeedTestSupport.parseFixture("rss10.rdf")
        #expect(feed.title == "Østergaard Energi – kundeklager")
        #expect(feed.language == "da")
        #expect(feed.items.count == 2)
        let first = feed.items[0]
        #expect(first.id == "http://ostergaard.example/klage/1")  // rdf:about
        #expect(first.text == "Min regning er dobbelt så høj som sidste år.")  // content:encoded wins over description
        #expect(first.html == "<p>Min regning er <em>dobbelt</em> så høj som sidste år.</p>")
        #expect(first.author?.name == "Søren Ørsted")
        #expect(FeedTestSupport.utc(first.published) == "2024-03-05T07:15:00Z")
        #expect(feed.items[1].author?.name == "Østergaard support")  // the channel's dc:creator
        #expect(FeedTestSupport.utc(feed.items[1].published) == "2024-03-01T00:00:00Z")  // W3C-DTF "2024-03"
    }

    @Test func rss20() throws {
        let feed = try FeedTestSupport.parseFixture("rss20.xml")
        #expect(feed.title == "Nordlys Energi – reviews")
        #expect(feed.link == "https://reviews.nordlys.example/")
        #expect(feed.language == "nb-NO")
        #expect(feed.ttlMinutes == 45)
        #expect(feed.items.count == 3, "the repeated guid is kept once")
        let first = feed.items[0]
        #expect(first.id == "nordlys-review-101")
        #expect(first.title == "Never again")
        #expect(first.author == FeedAuthor(name: "Kari N.", email: "kari@example.no"))
        #expect(FeedTestSupport.utc(first.published) == "2024-11-21T17:02:11Z")
        #expect(first.publishedRaw == "Thu, 21 Nov 2024 18:02:11 +0100")
        #expect(first.text.hasPrefix("The meter reading was wrong for three months & nobody answered."))
        #expect(first.html?.contains("<script") == false)
        let second = feed.items[1]
        #expect(second.link == "https://reviews.nordlys.example/r/102", "a permalink guid is the link")
        #expect(second.author?.name == "Ola")
        let third = feed.items[2]
        #expect(third.link == "https://feeds.example/r/103", "relative links resolve against the feed URL")
        #expect(FeedTestSupport.utc(third.published) == "2024-11-23T15:30:00Z")
        #expect(third.html?.contains("https://feeds.example/help") == true)
    }

    @Test func atom03() throws {
        let feed = try FeedTestSupport.parseFixture("atom03.xml")
        #expect(feed.link == "http://skovly.example/forum")
        let first = feed.items[0]
        #expect(first.author == FeedAuthor(name: "Åsa Lind", email: "asa@example.se", uri: "http://asa.example.se/"))
        #expect(FeedTestSupport.utc(first.published) == "2004-04-30T15:00:00Z")  // issued
        #expect(FeedTestSupport.utc(first.updated) == "2004-05-01T11:00:00Z")  // modified
        #expect(first.text == "Five weeks for a sofa.")
        #expect(first.html == "<p>Five <i>weeks</i> for a sofa.</p>")
        #expect(feed.items[1].text == "The sofa legs were missing.", "mode=\"base64\"")
        #expect(feed.items[1].html == nil, "text/plain is not HTML")
    }

    @Test func atom10() throws {
        let feed = try FeedTestSupport.parseFixture("atom10.xml")
        #expect(feed.title == "Hav&Co forum", "type=\"html\" titles become text")
        #expect(feed.link == "https://forum.havco.example/")
        #expect(feed.language == "sv")
        let first = feed.items[0]
        #expect(first.title == "Refund <still> missing", "type=\"text\" stays as written")
        #expect(first.link == "https://forum.havco.example/threads/88", "xml:base resolves relative links")
        #expect(first.author?.name == "Hav&Co moderators", "entries inherit the feed's author")
        #expect(FeedTestSupport.utc(first.published) == "2024-11-19T22:10:05Z")
        #expect(FeedTestSupport.utc(first.updated) == "2024-11-20T06:00:00Z")
        #expect(first.text == "I returned the jacket (receipt) a month ago.\nStill nothing.")
        let html = try #require(first.html)
        #expect(!html.contains("<div"), "the xhtml wrapper div is not part of the content")
        #expect(html.contains("https://forum.havco.example/threads/88/receipt.pdf"), "nested xml:base")
        let second = feed.items[1]
        #expect(second.link == "https://forum.havco.example/passwd", "a file: xml:base is ignored")
        #expect(second.author == FeedAuthor(name: "Nils", email: "nils@example.se"))
        #expect(second.html?.contains("onclick") == false)
        #expect(second.html?.contains("javascript:") == false)
        let third = feed.items[2]
        #expect(third.link == nil, "only http and https links")
        #expect(third.text == "Plain <b>text</b> stays text")
        #expect(third.html == nil)
    }

    @Test func jsonFeed11() throws {
        let feed = try FeedTestSupport.parseFixture("feed11.json")
        #expect(feed.title == "Østerlund reviews")
        #expect(feed.language == "da")
        #expect(feed.items.count == 2, "the repeated id is kept once")
        let first = feed.items[0]
        #expect(first.text == "Jeg har ventet i tre uger.")
        #expect(first.html == "<p>Jeg har ventet i <b>tre uger</b>.</p>")
        #expect(first.author == FeedAuthor(name: "Mette", uri: "https://mette.example/"))
        #expect(FeedTestSupport.utc(first.published) == "2024-10-01T08:00:00Z")
        let second = feed.items[1]
        #expect(second.id == "2")
        #expect(second.link == "https://feeds.example/r/2")
        #expect(second.author?.name == "Østerlund")
        #expect(FeedTestSupport.utc(second.updated) == "2024-10-02T11:00:00Z")
    }

    @Test func jsonFeed10() throws {
        let feed = try FeedTestSupport.parseFixture("feed10.json")
        #expect(feed.items.first?.text == "Maintenance tonight")
        #expect(feed.items.first?.author?.name == "Fjordkraft")
    }
}
