import Foundation
import HarkTesting
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

    @Test func aNonHTTPURLIsAUsageError() throws {
        let result = try Self.hark(["parse", "feed", "--url", "file:///etc/", Self.fixture("rss093.xml")])
        #expect(result.status == 2)
    }
}
