import Foundation
import HarkFeeds
import Testing

/// Dates as feeds write them (through the parser: `pubDate`, `dc:date`, Atom `updated`).
@Suite struct FeedDateTests {
    typealias S = FeedTestSupport

    /// The UTC reading of `raw` as an RSS `pubDate`, or nil.
    static func pubDate(_ raw: String) throws -> String? {
        let feed = try S.parse(S.rss("<item><guid>1</guid><pubDate>\(raw)</pubDate></item>"))
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(feed.items[0].publishedRaw == (trimmed.isEmpty ? nil : trimmed))
        return S.utc(feed.items[0].published)
    }

    @Test(arguments: [
        ("Thu, 11 Jan 2007 16:00:00 +0000", "2007-01-11T16:00:00Z"),
        ("Thu, 11 Jan 2007 16:00:00 GMT", "2007-01-11T16:00:00Z"),
        ("Thu, 11 Jan 2007 16:00:00 UT", "2007-01-11T16:00:00Z"),
        ("Thu, 11 Jan 2007 16:00:00 Z", "2007-01-11T16:00:00Z"),
        ("Thu, 11 Jan 2007 16:00:00 EST", "2007-01-11T21:00:00Z"),
        ("Thu, 11 Jan 2007 16:00:00 PDT", "2007-01-11T23:00:00Z"),
        ("Thu, 11 Jan 2007 16:00:00 -0500", "2007-01-11T21:00:00Z"),
        ("Thu, 11 Jan 2007 16:00:00 +05:30", "2007-01-11T10:30:00Z"),
        ("Thu, 11 Jan 2007 16:00 +0000", "2007-01-11T16:00:00Z"),
        ("Thu, 11 Jan 07 16:00:00 GMT", "2007-01-11T16:00:00Z"),
        ("Thu, 11 Jan 99 16:00:00 GMT", "1999-01-11T16:00:00Z"),
        ("11 Jan 2007 16:00:00 GMT", "2007-01-11T16:00:00Z"),
        ("Thu,11 jan 2007 16:00:00 gmt", "2007-01-11T16:00:00Z"),
        ("  Thu,  11   Jan   2007   16:00:00   GMT  ", "2007-01-11T16:00:00Z"),
        ("Thursday, 11 January 2007 16:00:00 GMT", "2007-01-11T16:00:00Z"),
        ("Thu, 11 Jan 2007 16:00:00", "2007-01-11T16:00:00Z"),
        ("Thu, 11 Jan 2007", "2007-01-11T00:00:00Z"),
        ("Thu, 1 Sept 2007 16:00:00 GMT", "2007-09-01T16:00:00Z"),
        ("11-Jan-2007 16:00:00 GMT", "2007-01-11T16:00:00Z"),
        ("Thu Jan 11 16:00:00 2007", "2007-01-11T16:00:00Z"),
        ("Thu Jan 11 16:00:00 UTC 2007", "2007-01-11T16:00:00Z"),
        ("Thu, 11 Jan 2007 16:00:00 GMT+0100", "2007-01-11T15:00:00Z"),
        ("Thu, 11 Jan 2007 16:00:00 +0000 (UTC)", "2007-01-11T16:00:00Z"),
        ("Thu, 11 Jan 2007 16:00:60 GMT", "2007-01-11T16:00:59Z"),
    ])
    func rfc822(raw: String, expected: String) throws {
        #expect(try Self.pubDate(raw) == expected)
    }

    @Test(arguments: [
        ("2003-12-13T18:30:02Z", "2003-12-13T18:30:02Z"),
        ("2003-12-13T18:30:02.25Z", "2003-12-13T18:30:02Z"),
        ("2003-12-13T18:30:02+01:00", "2003-12-13T17:30:02Z"),
        ("2003-12-13T18:30:02-0500", "2003-12-13T23:30:02Z"),
        ("2003-12-13T18:30:02+01", "2003-12-13T17:30:02Z"),
        ("2003-12-13t18:30:02z", "2003-12-13T18:30:02Z"),
        ("2003-12-13 18:30:02", "2003-12-13T18:30:02Z"),
        ("2003-12-13T18:30Z", "2003-12-13T18:30:00Z"),
        ("2003-12-13T18:30", "2003-12-13T18:30:00Z"),
        ("2003-12-13", "2003-12-13T00:00:00Z"),
        ("2003-12", "2003-12-01T00:00:00Z"),
        ("2003", "2003-01-01T00:00:00Z"),
        ("20031213T183002Z", "2003-12-13T18:30:02Z"),
        ("2004-02-29T00:00:00Z", "2004-02-29T00:00:00Z"),
    ])
    func w3cdtf(raw: String, expected: String) throws {
        #expect(try Self.pubDate(raw) == expected)
    }

    @Test(arguments: [
        "", "yesterday", "0000-01-01T00:00:00Z", "-2003-12-13", "0001-01-01", "10000-01-01",
        "2003-02-30", "2003-13-01", "2003-12-13T25:00:00Z", "Ost, 11 Urt 2007 16:00:00 +0000",
        "Thu, 32 Jan 2007 16:00:00 GMT", "2007-01-11T16:00:00+25:00", "1/11/2007", "12345678901234567890",
    ])
    func unreadableOrOutOfRangeDatesAreNil(raw: String) throws {
        #expect(try Self.pubDate(raw) == nil)
    }

    @Test func year9999IsStillADate() throws {
        #expect(try Self.pubDate("9999-12-31T23:59:59Z") == "9999-12-31T23:59:59Z")
    }

    @Test func atomAndDublinCoreDates() throws {
        let atom = try S.parse(S.atom("<entry><id>1</id><updated>2024-01-02T03:04:05Z</updated></entry>"))
        #expect(atom.items[0].published == nil)
        #expect(S.utc(atom.items[0].updated) == "2024-01-02T03:04:05Z")
        let dc = try S.parse(
            S.rss(
                """
                <item xmlns:dc="http://purl.org/dc/elements/1.1/"><guid>1</guid><dc:date>2024-01-02</dc:date></item>
                """))
        #expect(S.utc(dc.items[0].published) == "2024-01-02T00:00:00Z")
    }
}
