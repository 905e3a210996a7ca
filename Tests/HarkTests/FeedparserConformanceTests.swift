import Foundation
import HarkFeeds
import Testing

/// Conformance with feedparser's test cases (wellformed, encoding, entities), its paths mapped to
/// Hark's model. Assertions about what the model does not hold are counted as not applicable, by
/// reason; the rest must pass at 95% or better. The rate and every failure are printed.
@Suite struct FeedparserConformanceTests {
    /// How one assertion came out.
    enum Outcome {
        case pass
        case fail(String)
        case notApplicable(String)
    }

    @Test func wellformedEncodingAndEntityCases() throws {
        guard let root = FeedConformance.folder("feedparser") else { return }
        var tally = ConformanceTally(name: "feedparser")
        for row in try FeedConformance.jsonLines(root.appendingPathComponent("expectations.jsonl")) {
            guard let file = row["file"] as? String else { continue }
            let parts = file.split(separator: "/").map(String.init)
            guard parts.count >= 3, ["wellformed", "encoding", "entities"].contains(parts[1]) else { continue }
            let group = parts[1] == "wellformed" ? parts[2] : parts[1]
            let assertions = row["assertions"] as? [[String: Any]]
            if group == "sanitize" {
                tally.skip(
                    "sanitize: the output form is unspecified (FeedSanitizeConformanceTests checks safety)",
                    count: assertions?.count ?? 1)
                continue
            }
            guard let assertions, !assertions.isEmpty else {
                tally.skip("no machine-readable assertion (the expectation is Python code)")
                continue
            }
            if group == "cdf" {
                tally.skip("CDF is not a supported format", count: assertions.count)
                continue
            }
            let headers = Self.headers(row["http_headers"] as? String)
            let data = try Data(contentsOf: root.appendingPathComponent(file))
            let result: Result<ParsedFeed, FeedParseError>
            do {
                result = .success(try FeedParser.parse(data, options: Self.options(file, headers)))
            } catch {
                result = .failure(error)
            }
            for assertion in assertions {
                let path = assertion["path"] as? [Any] ?? []
                let outcome = Self.evaluate(path, assertion, result, file: file, headers: headers)
                switch outcome {
                case .pass: tally.passed += 1
                case .fail(let got):
                    tally.failures.append(
                        "\(file) \(Self.describe(path)) expected \(assertion["value"] ?? "nil"), got \(got)")
                case .notApplicable(let reason): tally.skip(reason)
                }
            }
        }
        tally.report()
        #expect(tally.checked > 1000)
        #expect(tally.rate >= 0.95)
    }

    // MARK: Inputs

    /// The test's HTTP headers, names lowercased.
    static func headers(_ text: String?) -> [String: String] {
        var headers: [String: String] = [:]
        for line in (text ?? "").split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()] =
                line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return headers
    }

    /// As feedparser's test server serves the file: its URL (or `Content-Location`), the charset of
    /// its `Content-Type`.
    static func options(_ file: String, _ headers: [String: String]) -> FeedParseOptions {
        var url = URL(string: "http://127.0.0.1:8097/" + file)
        if let location = headers["content-location"],
            let resolved = URL(string: location, relativeTo: url)?.absoluteURL,
            ["http", "https"].contains(resolved.scheme ?? "")
        {
            url = resolved
        }
        var charset: String?
        if let type = headers["content-type"],
            let range = type.range(of: #"charset\s*="#, options: [.regularExpression, .caseInsensitive])
        {
            charset = String(type[range.upperBound...].prefix(while: { $0 != ";" }))
                .trimmingCharacters(in: CharacterSet(charactersIn: " '\""))
        }
        return FeedParseOptions(url: url, httpCharset: charset)
    }

    // MARK: Mapping

    static func evaluate(
        _ path: [Any], _ assertion: [String: Any], _ result: Result<ParsedFeed, FeedParseError>, file: String,
        headers: [String: String]
    ) -> Outcome {
        let keys = path.compactMap { $0 as? String }
        let expected = assertion["value"]
        let negate = (assertion["op"] as? String) == "!="
        func outcome(_ ok: Bool, _ got: Any?) -> Outcome { ok != negate ? .pass : .fail("\(got ?? "nil")") }

        if keys == ["bozo"] || keys == ["encoding"], let type = headers["content-type"]?.lowercased(),
            type.hasPrefix("text/plain") || (type.hasPrefix("text/") && !type.contains("charset"))
        {
            return .notApplicable(
                "HTTP media type rules (text/plain, RFC 3023 us-ascii default): the media type is not an input")
        }
        if headers["content-language"] != nil, keys == ["feed", "language"] {
            return .notApplicable("HTTP Content-Language is not an input")
        }
        let feed: ParsedFeed
        switch result {
        case .success(let parsed): feed = parsed
        case .failure(let error):
            if keys == ["bozo"], expected as? Bool == true { return .pass }
            return .fail("error \(error)")
        }
        switch keys {
        case ["bozo"]: return outcome(feed.recovered == expected as? Bool, feed.recovered)
        case ["encoding"]:
            return outcome(Self.sameEncoding(feed.encoding, expected as? String), feed.encoding)
        case ["version"]:
            guard let version = expected as? String, let matches = Self.formatMatches(version) else {
                return .notApplicable("feedparser version without a Hark format (cdf, unknown)")
            }
            return outcome(matches(feed.format), feed.format.rawValue)
        case ["feed", "title"], ["feed", "title_detail", "value"]:
            return outcome(Self.sameText(feed.title, expected), feed.title)
        case ["feed", "link"]: return outcome(feed.link == expected as? String, feed.link)
        case ["feed", "language"]: return outcome(feed.language == expected as? String, feed.language)
        case ["feed", "ttl"]: return outcome(feed.ttlMinutes.map(String.init) == expected as? String, feed.ttlMinutes)
        default: break
        }
        guard keys.first == "entries", path.count >= 3, let index = path[1] as? Int else {
            return .notApplicable("not in the model: \(Self.family(path))")
        }
        let field = Array(path.dropFirst(2))
        let fieldKeys = field.compactMap { $0 as? String }
        let known: Set<[String]> = [
            ["title"], ["link"], ["id"], ["guid"], ["author"], ["published_parsed"],
            ["updated_parsed"], ["summary"], ["description"], ["summary_detail", "value"], ["content", "value"],
            ["title_detail", "value"], ["author_detail", "name"], ["author_detail", "email"],
            ["author_detail", "url"], ["author_detail", "href"],
        ]
        guard known.contains(fieldKeys) else { return .notApplicable("not in the model: \(Self.family(path))") }
        if ["id", "guid"].contains(fieldKeys.first), file.contains("/base/") {
            return .notApplicable("ids are identities, never resolved against a base")
        }
        guard index < feed.items.count else { return .fail("no item \(index) (\(feed.items.count) items)") }
        let item = feed.items[index]
        switch fieldKeys {
        case ["title"], ["title_detail", "value"]: return outcome(Self.sameText(item.title, expected), item.title)
        case ["link"]: return outcome(item.link == expected as? String, item.link)
        case ["id"], ["guid"]: return outcome(item.id == expected as? String, item.id)
        case ["author"]:
            let author = item.author.map { author in
                [author.name, author.email.map { "(\($0))" }].compactMap { $0 }.joined(separator: " ")
            }
            let value = item.author?.name == nil ? item.author?.email : author
            return outcome(value == expected as? String, value)
        case ["author_detail", "name"]: return outcome(item.author?.name == expected as? String, item.author?.name)
        case ["author_detail", "email"]: return outcome(item.author?.email == expected as? String, item.author?.email)
        case ["author_detail", "url"], ["author_detail", "href"]:
            return outcome(item.author?.uri == expected as? String, item.author?.uri)
        case ["published_parsed"]: return outcome(Self.sameDate(item.published, expected), item.published)
        case ["updated_parsed"]: return outcome(Self.sameDate(item.updated ?? item.published, expected), item.updated)
        default: return outcome(Self.sameBody(item, expected), "\(item.text) | \(item.html ?? "nil")")
        }
    }

    /// The group of a path Hark's model has no field for.
    static func family(_ path: [Any]) -> String {
        let keys = path.compactMap { $0 as? String }
        if keys.contains(where: { $0.hasSuffix("_detail") }), let last = keys.last,
            ["type", "language", "base"].contains(last)
        {
            return "per-value type, language and base (*_detail.\(last))"
        }
        if keys.first == "feed" {
            return "feed metadata (subtitle, rights, authors, generator, image, tags, ids, dates, links, itunes...)"
        }
        if keys.contains("source") { return "entry source metadata" }
        return "entry metadata (tags, enclosures, contributors, links, rights, geo, media, itunes, comments...)"
    }

    static func describe(_ path: [Any]) -> String {
        path.map { $0 is Int ? "[\($0)]" : "\($0)" }.joined(separator: ".")
    }

    /// Hark's text values are plain text; feedparser's are text or HTML: either reading may match.
    static func sameText(_ value: String?, _ expected: Any?) -> Bool {
        guard let expected = expected as? String else { return value == nil && expected == nil }
        guard let value else { return false }
        let ours = FeedConformance.collapsed(value)
        return ours == FeedConformance.collapsed(expected) || ours == FeedConformance.plainText(expected)
    }

    /// The text matches, and every absolute link of the expected HTML is in Hark's sanitised HTML.
    static func sameBody(_ item: FeedItem, _ expected: Any?) -> Bool {
        guard let expected = expected as? String else { return item.text.isEmpty }
        guard sameText(item.text, expected) else { return false }
        let html = (item.html.map(FeedConformance.decodeEntities) ?? "").removingPercentEncoding ?? ""
        return FeedConformance.links(expected).allSatisfy { html.contains($0) }
    }

    /// feedparser's `time.struct_time` as a list: the first six fields, in UTC.
    static func sameDate(_ date: Date?, _ expected: Any?) -> Bool {
        guard let fields = expected as? [Int] else { return date == nil && expected == nil }
        guard let date else { return false }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return [parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second].map { $0 ?? -1 }
            == Array(fields.prefix(6))
    }

    static func formatMatches(_ version: String) -> ((FeedFormat) -> Bool)? {
        switch version {
        case "rss20": { $0 == .rss20 }
        case "rss10": { $0 == .rss10 }
        case "rss090", "rss091n", "rss091u", "rss092", "rss093", "rss094": { $0 == .rss09x }
        case "rss": { [.rss20, .rss10, .rss09x].contains($0) }
        case "atom10": { $0 == .atom10 }
        case "atom03": { $0 == .atom03 }
        case "atom": { [.atom10, .atom03].contains($0) }
        default: nil
        }
    }

    /// feedparser names the codec it decoded with (a superset for some labels); Hark the charset.
    static func sameEncoding(_ ours: String?, _ expected: String?) -> Bool {
        guard let ours, let expected else { return ours == expected }
        let classes: [Set<String>] = [
            ["gb2312", "gbk", "gb18030"], ["euc-kr", "cp949", "uhc"], ["big5", "big5-hkscs"],
        ]
        let a = ours.lowercased().replacingOccurrences(of: "_", with: "-")
        let b = expected.lowercased().replacingOccurrences(of: "_", with: "-")
        return a == b || classes.contains { $0.contains(a) && $0.contains(b) }
    }
}
