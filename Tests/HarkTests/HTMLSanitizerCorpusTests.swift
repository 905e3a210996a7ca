import Foundation
import HarkXML
import Testing

/// feedparser's sanitizer cases (`../shared/corpora/feeds/feedparser/tests/wellformed/sanitize`,
/// skipped with a note when absent): the HTML of every content element, pulled out crudely (this is
/// not the feed parser), must come out of the sanitiser with nothing dangerous left.
@Suite struct HTMLSanitizerCorpusTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .appendingPathComponent("../../../shared/corpora/feeds/feedparser/tests/wellformed/sanitize")
        .standardizedFileURL

    @Test func nothingDangerousSurvivesFeedparserCases() throws {
        guard let files = try? FileManager.default.contentsOfDirectory(atPath: Self.directory.path) else {
            print("note: \(Self.directory.path) is absent; feedparser sanitizer cases skipped")
            return
        }
        let extractor = try HTMLCorpusContentExtractor()
        var cases = 0
        var failures: [String] = []
        for file in files.sorted() where file.hasSuffix(".xml") {
            let data = try Data(contentsOf: Self.directory.appendingPathComponent(file))
            for html in extractor.contents(of: String(decoding: data, as: UTF8.self)) {
                cases += 1
                let output = HTMLSanitizer.sanitize(html, base: URL(string: "http://example.com/feed"))
                let problems = HTMLSanitizedChecker.problems(in: output)
                let lower = output.lowercased()
                let leaked = ["javascript:", "vbscript:", "<script", "expression("].filter { lower.contains($0) }
                if !problems.isEmpty || !leaked.isEmpty {
                    failures.append("\(file): \(problems + leaked) in \(output)")
                }
            }
        }
        print(
            "feedparser sanitizer corpus: \(cases) content elements from \(files.count) files checked, "
                + "\(failures.count) failures"
        )
        #expect(cases > 700)
        #expect(failures == [])
    }
}

/// Pulls the content elements out of a feed document with regular expressions: crude, but this is
/// not the feed parser, only a way to reach the HTML of feedparser's cases.
struct HTMLCorpusContentExtractor {
    let contentElement: NSRegularExpression
    let cdata: NSRegularExpression

    init() throws {
        contentElement = try NSRegularExpression(
            pattern:
                #"<((?:\w+:)?(?:content|summary|description|title|subtitle|tagline|info|copyright|encoded|body"#
                + #"|fullitem))(\s[^>]*)?>(.*?)</\1>"#,
            options: [.dotMatchesLineSeparators]
        )
        cdata = try NSRegularExpression(pattern: #"<!\[CDATA\[(.*?)\]\]>"#, options: [.dotMatchesLineSeparators])
    }

    /// The HTML text of every content element in a feed document: CDATA taken as is, the rest with its
    /// XML escapes undone once (inline XHTML stays markup, escaped HTML becomes markup).
    func contents(of xml: String) -> [String] {
        let range = NSRange(xml.startIndex..., in: xml)
        return contentElement.matches(in: xml, range: range).compactMap { match in
            guard let inner = Range(match.range(at: 3), in: xml) else { return nil }
            return unescapeOutsideCDATA(String(xml[inner]))
        }
    }

    private func unescapeOutsideCDATA(_ text: String) -> String {
        var result = ""
        var position = text.startIndex
        for match in cdata.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            guard let whole = Range(match.range, in: text), let inner = Range(match.range(at: 1), in: text) else {
                continue
            }
            result += unescapeXML(String(text[position..<whole.lowerBound])) + text[inner]
            position = whole.upperBound
        }
        return result + unescapeXML(String(text[position...]))
    }

    private func unescapeXML(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            result += rest[..<amp]
            let tail = rest[amp...]
            guard let semicolon = tail.prefix(12).firstIndex(of: ";") else {
                result += "&"
                rest = tail.dropFirst()
                continue
            }
            let name = tail[tail.index(after: amp)..<semicolon]
            let named = ["lt": "<", "gt": ">", "amp": "&", "quot": "\"", "apos": "'"]
            if let value = named[String(name)] {
                result += value
            } else if name.hasPrefix("#x") || name.hasPrefix("#X"), let code = UInt32(name.dropFirst(2), radix: 16),
                let scalar = Unicode.Scalar(code)
            {
                result.unicodeScalars.append(scalar)
            } else if name.hasPrefix("#"), let code = UInt32(name.dropFirst()), let scalar = Unicode.Scalar(code) {
                result.unicodeScalars.append(scalar)
            } else {
                result += tail[...semicolon]
            }
            rest = tail[tail.index(after: semicolon)...]
        }
        return result + rest
    }
}
