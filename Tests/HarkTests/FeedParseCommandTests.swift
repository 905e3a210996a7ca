import Foundation
import HarkCore
import HarkFeeds
import HarkTesting
import Synchronization
import Testing

/// `hark parse feed` (spec/interface.md): one JSON object per file per line in the fixed shape,
/// exit 0 for recovered feeds, 1 with a one-line message for an unusable file.
@Suite struct FeedParseCommandTests {
    static func hark(_ arguments: [String]) throws -> CommandResult {
        try CommandResult.run(try DaemonProcess.binary(), arguments, timeout: 60)
    }

    static func fixture(_ name: String) -> String { FeedTestSupport.fixtures.appendingPathComponent(name).path }

    @Test func printsOneObjectPerFileInTheInterfaceShape() throws {
        let result = try Self.hark([
            "parse", "feed", "--url", "https://reviews.nordlys.example/feed.rss", Self.fixture("rss20.xml"),
            Self.fixture("broken.xml"),
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(lines[0].hasPrefix("{\"format\":\"rss2.0\",\"recovered\":false,\"title\":"))
        #expect(first["link"] as? String == "https://reviews.nordlys.example/")
        #expect(first["language"] as? String == "nb-NO")
        let items = try #require(first["items"] as? [[String: Any]])
        #expect(items.count == 3)
        let keys = lines[0].components(separatedBy: "\"items\":[{")[1].prefix(while: { $0 != "}" })
        #expect(keys.hasPrefix("\"id\":"))
        for key in [
            "\"title\":", "\"link\":", "\"author\":", "\"published\":", "\"updated\":", "\"text\":", "\"html\":",
        ] {
            #expect(keys.contains(key) || lines[0].contains(key))
        }
        #expect(items[0]["published"] as? String == "2024-11-21T17:02:11Z")
        #expect(items[0]["updated"] is NSNull)
        #expect(items[1]["html"] as? String == "The outage was fixed within the hour.")
        let broken = try #require(try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
        #expect(broken["recovered"] as? Bool == true)
    }

    @Test func theCharsetOptionIsTheHTTPCharset() throws {
        let result = try Self.hark(["parse", "feed", "--charset", "koi8-r", Self.fixture("windows1252.xml")])
        #expect(result.status == 0)
        #expect(!result.stdout.contains("Blåbær"))
    }

    @Test func anUnusableFileExitsWith1AndOneLine() throws {
        let result = try Self.hark(["parse", "feed", Self.fixture("login.html"), Self.fixture("rss093.xml")])
        #expect(result.status == 1)
        #expect(result.stdout.split(separator: "\n").count == 1, "the usable file is still printed")
        let message = result.stderr.split(separator: "\n")
        #expect(message.count == 1)
        #expect(message.first?.contains("not_a_feed") == true)
    }

    /// libcurl (and the TLS, SSH, LDAP and Kerberos libraries it pulls in) is opened at the first
    /// transfer, so a command that makes none does not map it; ld.so's own log says what it loaded.
    @Test func parsingDoesNotLoadLibcurl() throws {
        let result = try CommandResult.run(
            try DaemonProcess.binary(), ["parse", "feed", Self.fixture("rss20.xml")], environment: ["LD_DEBUG": "libs"],
            timeout: 60)
        #expect(result.status == 0)
        #expect(result.stderr.contains("libxml2.so"), "ld.so's log is there")
        #expect(!result.stderr.contains("libcurl"))
    }

    @Test func aMappedFileParsesAsItsBytesAndGivesPagesBack() throws {
        let directory = try Fixtures.temporaryDirectory("hark-mapped")
        defer { try? FileManager.default.removeItem(at: directory) }
        // A feed of several pages, so that pages are given back behind the parser.
        let items = (0..<400).map {
            "<item><guid>g\($0)</guid><title>Item \($0)</title><description>&lt;p&gt;Body \($0) "
                + String(repeating: "æøå ", count: 40) + "&lt;/p&gt;</description></item>"
        }
        let xml = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title>" + items.joined() + "</channel></rss>"
        let file = directory.appendingPathComponent("big.xml")
        try Data(xml.utf8).write(to: file)
        let mapped = try MappedFile(path: file.path)
        #expect(mapped.data == Data(xml.utf8))
        let reported = ReportedOffsets()
        var options = FeedParseOptions()
        options.inputConsumed = { offset in
            reported.add(offset)
            mapped.release(upTo: offset)
        }
        let viaMapping = try FeedParser.parse(mapped.data, options: options)
        let inMemory = try FeedParser.parse(Data(xml.utf8), options: FeedParseOptions())
        #expect(viaMapping == inMemory)
        #expect(viaMapping.items.count == 400)
        let offsets = reported.all
        #expect(offsets.count > 1)
        #expect(offsets == offsets.sorted())
        #expect(offsets.last == xml.utf8.count)
        // Released pages read again as they were.
        #expect(mapped.data == Data(xml.utf8))
        #expect(throws: (any Error).self) { try MappedFile(path: directory.path) }
        let empty = directory.appendingPathComponent("empty.xml")
        try Data().write(to: empty)
        #expect(try MappedFile(path: empty.path).data.isEmpty)
    }

    @Test func aTranscodedFeedGivesItsWholeInputBackAtOnce() throws {
        let latin1 = Data("<?xml version=\"1.0\" encoding=\"windows-1252\"?><rss version=\"2.0\"><channel><title>Bl\u{E5}b\u{E6}r</title></channel></rss>".unicodeScalars.map { UInt8($0.value) })
        let reported = ReportedOffsets()
        var options = FeedParseOptions()
        options.inputConsumed = { reported.add($0) }
        let feed = try FeedParser.parse(latin1, options: options)
        #expect(feed.title == "Blåbær")
        #expect(reported.all == [latin1.count])
    }

    @Test func aNonHTTPURLIsAUsageError() throws {
        let result = try Self.hark(["parse", "feed", "--url", "file:///etc/", Self.fixture("rss093.xml")])
        #expect(result.status == 2)
    }
}

/// Offsets heard by `FeedParseOptions.inputConsumed`, in order.
final class ReportedOffsets: Sendable {
    private let offsets = Mutex<[Int]>([])
    func add(_ offset: Int) { offsets.withLock { $0.append(offset) } }
    var all: [Int] { offsets.withLock { $0 } }
}
