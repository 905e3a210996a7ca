import Foundation
import HarkFeeds
import HarkXML
import Testing

/// Broken documents: libxml2's recovery, the second (repair) pass, entities, the recovered flags.
@Suite struct FeedRecoveryTests {
    typealias S = FeedTestSupport

    @Test func aBrokenFeedKeepsAllItsItems() throws {
        let feed = try S.parseFixture("broken.xml")
        #expect(feed.recovered)
        #expect(feed.items.count == 3)
        #expect(
            feed.items.map(\.link) == ["http://broken.example/1", "http://broken.example/2", "http://broken.example/3"])
        #expect(feed.items[0].title == "Prices: a < b and AT&T")
        #expect(feed.items[2].title == "Third & last")
        #expect(feed.items.allSatisfy { $0.recovered })
    }

    @Test func aWellFormedFeedIsNotRecovered() throws {
        let feed = try S.parseFixture("rss20.xml")
        #expect(!feed.recovered)
        #expect(feed.items.allSatisfy { !$0.recovered })
    }

    @Test func htmlEntitiesWithoutADTD() throws {
        let feed = try S.parse(
            S.rss(
                """
                <item><guid>1</guid><title>caf&eacute; &mdash; &hellip;&nbsp;&euro;&#8217;&#x2019;</title></item>
                """))
        #expect(feed.items[0].title == "café — …\u{00A0}€’’")
        #expect(!feed.recovered, "HTML's named entities are what feeds use; not an error")
    }

    @Test func unknownEntitiesStayAsWrittenAndFlagTheFeed() throws {
        let feed = try S.parse(S.rss("<item><guid>1</guid><title>a &nosuch; b &amp; c</title></item>"))
        #expect(feed.items[0].title == "a &nosuch; b & c")
        #expect(feed.recovered)
    }

    @Test func plainInternalEntitiesAreExpanded() throws {
        let document = """
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY brand "Nordlys Energi">]>
            <rss version="2.0"><channel><title>&brand;</title><item><guid>1</guid><title>About &brand;</title></item></channel></rss>
            """
        let feed = try S.parse(document)
        #expect(feed.title == "Nordlys Energi")
        #expect(feed.items[0].title == "About Nordlys Energi")
        #expect(!feed.recovered)
    }

    @Test func aTruncatedFeedKeepsWhatItHas() throws {
        let full = S.rss("<item><guid>1</guid><title>one</title></item><item><guid>2</guid><title>two</title></item>")
        let truncated = String(full.prefix(full.count - 40))
        let feed = try S.parse(truncated)
        #expect(feed.recovered)
        #expect(feed.items.map(\.id) == ["1", "2"])
        #expect(feed.items[1].recovered)
    }

    @Test func junkBeforeTheRootAndASecondRoot() throws {
        let document =
            "PHP Warning: something\n<?xml version=\"1.0\"?>" + S.rss("<item><guid>1</guid></item>")
            + S.rss("<item><guid>2</guid></item>")
        let feed = try S.parse(document)
        #expect(feed.recovered)
        #expect(feed.items.map(\.id) == ["1", "2"])
    }

    @Test func mismatchedTagsInsideItems() throws {
        let feed = try S.parse(
            S.rss(
                """
                <item><guid>1</guid><description>x <p>unclosed <i>tags</description></item>
                <item><guid>2</guid><title>ok</titel></item>
                <item><guid>3</guid><title>ok</title></item>
                """))
        #expect(feed.items.map(\.id) == ["1", "2", "3"])
        #expect(feed.recovered)
    }

    @Test func theRepairPassWritesWellFormedXML() throws {
        let soup = "junk<rss><channel><title a=1 b c='2' a=\"dup\">x &amp y < z &#X41;</title><item>&#0;</channel>"
        let repaired = Array(soup.utf8).withUnsafeBytes { XMLRepair.repair($0) }
        let text = String(decoding: repaired, as: UTF8.self)
        #expect(
            text
                == "<rss><channel><title a=\"1\" b=\"b\" c=\"2\">x &amp;amp y &lt; z &#x41;</title><item></item></channel></rss>"
        )
    }
}
