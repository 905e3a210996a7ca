import Foundation
import HarkFeeds
import Testing

/// Character encodings: BOM, then the HTTP charset, then the XML declaration, then UTF-8; legacy
/// charsets transcoded; invalid sequences replaced; controls and NULs removed.
@Suite struct FeedEncodingTests {
    typealias S = FeedTestSupport

    @Test func declaredWindows1252() throws {
        let feed = try S.parseFixture("windows1252.xml")
        #expect(feed.title == "Blåbær – “Skovly”")
        #expect(feed.items[0].title == "Smørrebrød for 25 €")
        #expect(feed.encoding == "windows-1252")
        #expect(!feed.recovered)
    }

    @Test func declaredKOI8R() throws {
        let feed = try S.parseFixture("koi8r.xml")
        #expect(feed.items[0].title == "Доставка опоздала")
        #expect(feed.encoding == "KOI8-R")
    }

    @Test func utf16WithoutBOM() throws {
        let feed = try S.parseFixture("utf16le-nobom.xml")
        #expect(feed.title == "Ålesund – reviews")
        #expect(feed.encoding == "UTF-16LE")
    }

    @Test func theBOMWinsOverTheDeclaration() throws {
        let feed = try S.parseFixture("utf8-bom-says-latin1.xml")
        #expect(feed.title == "Malmö – omdömen")
        #expect(feed.encoding == "UTF-8")
    }

    @Test func theBOMWinsOverHTTP() throws {
        let feed = try S.parseFixture("utf8-bom-says-latin1.xml", charset: "koi8-r")
        #expect(feed.title == "Malmö – omdömen")
    }

    @Test func httpWinsOverTheDeclaration() throws {
        // Declared windows-1252, served as ISO-8859-1 (read as windows-1252 too) or as KOI8-R.
        let feed = try S.parseFixture("windows1252.xml", charset: "koi8-r")
        #expect(feed.encoding == "KOI8-R")
        #expect(feed.title != "Blåbær – “Skovly”")
        let asLatin1 = try S.parseFixture("koi8r.xml", charset: "utf-8")
        #expect(asLatin1.encoding == "UTF-8" || asLatin1.encoding == "windows-1252")
    }

    @Test func anUnknownHTTPCharsetFallsBackToTheDeclaration() throws {
        let feed = try S.parseFixture("windows1252.xml", charset: "x-no-such-charset")
        #expect(feed.title == "Blåbær – “Skovly”")
        #expect(feed.recovered, "a charset nobody knows is worth a flag")
    }

    @Test func latin1MislabelledAsUTF8IsReadAsWindows1252() throws {
        let feed = try S.parseFixture("mislabelled-latin1.xml")
        #expect(feed.title == "Kundetjeneste på Grünerløkka")
        #expect(feed.recovered)
    }

    @Test func invalidSequencesAreReplacedAndControlsRemoved() throws {
        let feed = try S.parseFixture("invalid-utf8.xml")
        #expect(feed.recovered)
        #expect(feed.title == "Göteborg")
        #expect(feed.items[0].title == "Bad byte and bell")
        #expect(feed.items[0].text == "broken \u{FFFD}\u{FFFD} sequence, good å")
    }

    @Test func nulBytesEverywhereDoNotStopTheParse() throws {
        var bytes = Array(S.rss("<item><guid>1</guid><title>nul</title></item>").utf8)
        bytes.insert(0, at: 40)
        bytes.insert(0, at: 80)
        let feed = try FeedParser.parse(Data(bytes), options: S.options())
        #expect(feed.items.count == 1)
        #expect(feed.recovered)
    }

    @Test func c1ControlsAreReadAsWindows1252() throws {
        let feed = try S.parse(S.rss("<item><guid>1</guid><title>don\u{92}t &#150; stop</title></item>"))
        #expect(feed.items[0].title == "don’t – stop")
    }
}
