import Foundation
import HarkFeeds
import Testing

/// feedparser's sanitizer cases through the whole feed parser: whatever HTML an item keeps, no
/// `<script`, no `on*=` event handler and no `javascript:` URL survives.
@Suite struct FeedSanitizeConformanceTests {
    @Test func noScriptHandlerOrJavascriptURLSurvives() throws {
        guard let root = FeedConformance.folder("feedparser/tests/wellformed/sanitize") else { return }
        let files = try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.hasSuffix(".xml") }
            .sorted()
        var checked = 0
        var leaks: [String] = []
        for file in files {
            let data = try Data(contentsOf: root.appendingPathComponent(file))
            let options = FeedParseOptions(url: URL(string: "http://127.0.0.1:8097/tests/wellformed/sanitize/\(file)"))
            guard let feed = try? FeedParser.parse(data, options: options) else { continue }
            for item in feed.items {
                guard let html = item.html else { continue }
                checked += 1
                if let problem = Self.unsafe(html) { leaks.append("\(file): \(problem) in \(html.prefix(200))") }
            }
        }
        print("feedparser sanitize: \(files.count) cases, \(checked) items with HTML, \(leaks.count) unsafe")
        for leak in leaks { print("  LEAK \(leak)") }
        #expect(checked > 500)
        #expect(leaks.isEmpty)
    }

    /// What is unsafe in `html`, if anything.
    static func unsafe(_ html: String) -> String? {
        let lower = html.lowercased()
        if lower.contains("<script") { return "<script" }
        // An attribute named on... inside a tag.
        var index = lower.startIndex
        while let open = lower[index...].firstIndex(of: "<") {
            let close = lower[open...].firstIndex(of: ">") ?? lower.endIndex
            let tag = lower[open..<close]
            if tag.range(of: #"[\s/"']on[a-z]+\s*="#, options: .regularExpression) != nil { return "event handler" }
            // Entities decoded, and everything but letters and colons dropped (`java&#9;script :`).
            let decoded = FeedConformance.decodeEntities(String(tag)).filter { $0.isLetter || $0 == ":" }
            if decoded.contains("javascript:") || decoded.contains("vbscript:") { return "script URL" }
            index = close < lower.endIndex ? lower.index(after: close) : lower.endIndex
        }
        return nil
    }
}
