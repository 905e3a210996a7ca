import Foundation
import HarkFeeds
import HarkMail
import Testing

/// Every input the fuzzers found (`Fixtures/{feeds,mail,imap}/fuzz-regressions/`, see their READMEs),
/// replayed with the options its fuzz target derived from the input's length: each must come back,
/// with its parser's guarantees kept. Leaks are LeakSanitizer's to see (replay `leak-*` files with the
/// fuzzer binary); here the ordinary build checks for crashes, hangs and broken invariants.
@Suite struct FuzzRegressionReplayTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// The inputs in `Fixtures/<kind>/fuzz-regressions/` (READMEs left out), sorted by name.
    static func inputs(_ kind: String) -> [URL] {
        let folder = fixtures.appendingPathComponent("\(kind)/fuzz-regressions")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { !$0.hasPrefix("README") && !$0.hasPrefix(".") }.sorted()
            .map { folder.appendingPathComponent($0) }
    }

    /// Whether `Fixtures/<kind>/fuzz-regressions/` holds any input (the test is skipped, saying so, if not).
    static func has(_ kind: String) -> Bool { !inputs(kind).isEmpty }

    static func bytes(_ url: URL) throws -> [UInt8] {
        try #require(FileManager.default.contents(atPath: url.path).map { [UInt8]($0) }, "cannot read \(url.path)")
    }

    /// What `body` returns, and how long it took in seconds.
    static func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let started = ContinuousClock.now
        let result = try body()
        let elapsed = ContinuousClock.now - started
        return (result, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    /// A replay slower than this is a hang that finished (generous: a debug build on a loaded machine;
    /// the fuzzers' own limit is 2 s in an optimised build).
    static let slowSeconds = 20.0

    // MARK: Feeds

    /// `FuzzFeeds.options(size:)` (Sources/HarkFuzzFeeds; keep in step).
    static func feedOptions(size: Int) -> FeedParseOptions {
        let charsets: [String?] = [nil, nil, nil, nil, "windows-1252", "iso-8859-1", "koi8-r", "utf-16"]
        let urls: [URL?] = [
            URL(string: "https://fuzz.example/feeds/a/feed.xml"), nil,
            URL(string: "http://fuzz.example:8080/x/?q=1"), URL(string: "https://fuzz.example/"),
        ]
        var options = FeedParseOptions(url: urls[(size / 8) % urls.count], httpCharset: charsets[size % charsets.count])
        options.processHTML = true
        return options
    }

    @Test(.enabled(if: FuzzRegressionReplayTests.has("feeds"), "no inputs in Fixtures/feeds/fuzz-regressions"))
    func feedRegressionsParse() throws {
        for url in Self.inputs("feeds") {
            let name = url.lastPathComponent
            let data = Data(try Self.bytes(url))
            let options = Self.feedOptions(size: data.count)
            // Throwing FeedParseError is a fine answer for hostile input; trapping is not.
            let (feed, seconds) = Self.timed { try? FeedParser.parse(data, options: options) }
            #expect(seconds < Self.slowSeconds, "\(name) took \(seconds) s")
            guard let feed else { continue }
            #expect(feed.items.count <= options.maximumItems, "\(name)")
            for item in feed.items {
                #expect(item.id.map { !$0.isEmpty } ?? true, "\(name): an empty id")
                if let link = item.link {
                    #expect(link.hasPrefix("http://") || link.hasPrefix("https://"), "\(name): link \(link)")
                }
            }
            if let link = feed.link {
                #expect(link.hasPrefix("http://") || link.hasPrefix("https://"), "\(name): feed link \(link)")
            }
        }
    }

    // MARK: Mail

    /// `FuzzMail.limits(size:)` (Sources/HarkFuzzMail; keep in step).
    static func mailLimits(size: Int) -> MailParserLimits {
        size % 4 == 3
            ? MailParserLimits(headerLineBytes: 64, headerBytes: 1024, depth: 3, parts: 12, defects: 8)
            : MailParserLimits()
    }

    @Test(.enabled(if: FuzzRegressionReplayTests.has("mail"), "no inputs in Fixtures/mail/fuzz-regressions"))
    func mailRegressionsParseWithTheirGuarantees() throws {
        for url in Self.inputs("mail") {
            let name = url.lastPathComponent
            let bytes = try Self.bytes(url)
            let limits = Self.mailLimits(size: bytes.count)
            let (message, seconds) = Self.timed { MailParser.parse(bytes, limits: limits) }
            #expect(seconds < Self.slowSeconds, "\(name) took \(seconds) s")
            MailFixtures.expectClean(message, "\(name)")
            #expect(message.attachments.count <= limits.parts, "\(name)")
            #expect(message.attachments.allSatisfy { $0.size >= 0 && $0.sha256.utf8.count == 64 }, "\(name)")
            #expect(message.defects.count <= limits.defects + 1, "\(name)")
            let json = message.inspectionJSON
            #expect((try? JSONSerialization.jsonObject(with: Data(json.utf8))) is [String: Any], "\(name): JSON")
        }
    }

    // MARK: IMAP

    @Test(.enabled(if: FuzzRegressionReplayTests.has("imap"), "no inputs in Fixtures/imap/fuzz-regressions"))
    func imapRegressionsReplay() throws {
        for url in Self.inputs("imap") {
            let name = url.lastPathComponent
            let bytes = try Self.bytes(url)
            let options = IMAPFuzzEntry.options(size: bytes.count)
            let limits = options.limits
            let (replay, seconds) = Self.timed { IMAPFuzzEntry.replay(bytes, options: options) }
            #expect(seconds < Self.slowSeconds, "\(name) took \(seconds) s")
            #expect(replay.peakBufferedBytes <= limits.maximumLineLength + limits.maximumResponseBytes, "\(name)")
            for response in replay.responses {
                if case .untagged(.fetch(let fetch)) = response, case .data(let body)? = fetch.body {
                    #expect(body.count <= max(limits.maximumLiteralSize, limits.maximumLineLength), "\(name)")
                }
            }
            // The framer and parser fail only with protocol errors (the session then drops the connection).
            if let error = replay.error { #expect(error.code == IMAPError.Code.protocolError, "\(name): \(error)") }
        }
    }
}
