import Foundation
import HarkFeeds

/// Shared parts of the feed conformance suites: where the corpora are (`../shared/corpora/feeds`,
/// optional: each suite prints a note and passes when it is absent), a tally that prints pass rate,
/// skipped assertions by reason and every failure, and comparison helpers.
enum FeedConformance {
    /// `/work/main/Tests/HarkTests/X.swift` -> `/work/shared/corpora/feeds`.
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../shared/corpora/feeds").standardizedFileURL

    /// The corpus folder `name`, or `nil` (with a printed note) when it is absent.
    static func folder(_ name: String) -> URL? {
        let url = corpus.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else {
            print("note: the feed corpus \(url.path) is absent; conformance suite skipped")
            return nil
        }
        return url
    }

    /// The JSON Lines of `url`, one object each.
    static func jsonLines(_ url: URL) throws -> [[String: Any]] {
        let text = try String(contentsOf: url, encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
        }
    }

    /// The plain text of an HTML expectation: tags dropped (block ones as a space), entities decoded,
    /// white space collapsed.
    static func plainText(_ html: String) -> String {
        var text = ""
        var index = html.startIndex
        while index < html.endIndex {
            if html[index] == "<", let close = html[index...].firstIndex(of: ">") {
                let tag = html[html.index(after: index)..<close].lowercased()
                let name = tag.drop(while: { $0 == "/" }).prefix(while: { $0.isLetter || $0.isNumber })
                if ["br", "p", "div", "li", "ul", "ol", "blockquote", "h1", "h2", "h3", "tr", "td", "table", "pre"]
                    .contains(String(name))
                {
                    text += " "
                }
                index = html.index(after: close)
            } else {
                text.append(html[index])
                index = html.index(after: index)
            }
        }
        return collapsed(decodeEntities(text))
    }

    /// White space collapsed to single spaces, trimmed.
    static func collapsed(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// The five XML entities, `&nbsp;`, and numeric references.
    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var output = ""
        var rest = text[...]
        while let amp = rest.firstIndex(of: "&") {
            output += rest[..<amp]
            let after = rest[amp...]
            guard let semi = after.prefix(12).firstIndex(of: ";") else {
                output += "&"
                rest = rest[rest.index(after: amp)...]
                continue
            }
            let name = String(after[after.index(after: amp)..<semi])
            let named = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{00A0}"]
            if let value = named[name] {
                output += value
            } else if name.hasPrefix("#x") || name.hasPrefix("#X"), let code = UInt32(name.dropFirst(2), radix: 16),
                let scalar = Unicode.Scalar(code)
            {
                output.unicodeScalars.append(scalar)
            } else if name.hasPrefix("#"), let code = UInt32(name.dropFirst()), let scalar = Unicode.Scalar(code) {
                output.unicodeScalars.append(scalar)
            } else {
                output += after[amp...semi]
            }
            rest = rest[rest.index(after: semi)...]
        }
        return output + rest
    }

    /// The absolute `href`/`src` values of an HTML expectation, percent-decoded.
    static func links(_ html: String) -> [String] {
        var found: [String] = []
        for marker in [" href=\"", " src=\""] {
            var rest = html[...]
            while let range = rest.range(of: marker) {
                let value = rest[range.upperBound...].prefix(while: { $0 != "\"" })
                let decoded = decodeEntities(String(value))
                if decoded.hasPrefix("http://") || decoded.hasPrefix("https://") {
                    found.append(decoded.removingPercentEncoding ?? decoded)
                }
                rest = rest[range.upperBound...]
            }
        }
        return found
    }
}

/// Counts of one conformance run, printed as the suites' report.
struct ConformanceTally {
    let name: String
    var passed = 0
    var failures: [String] = []
    var skipped: [String: Int] = [:]

    var checked: Int { passed + failures.count }
    var rate: Double { checked == 0 ? 1 : Double(passed) / Double(checked) }

    mutating func check(_ ok: Bool, _ failure: @autoclosure () -> String) {
        if ok { passed += 1 } else { failures.append(failure()) }
    }

    mutating func skip(_ reason: String, count: Int = 1) {
        skipped[reason, default: 0] += count
    }

    /// Prints the pass rate, the skipped assertions by reason and every failure.
    func report() {
        print(String(format: "\(name): %d/%d applicable assertions pass (%.2f%%)", passed, checked, rate * 100))
        if !skipped.isEmpty {
            print("\(name): \(skipped.values.reduce(0, +)) assertions not applicable:")
            for (reason, count) in skipped.sorted(by: { $0.value > $1.value }) { print("  \(count)\t\(reason)") }
        }
        print("\(name): \(failures.count) failures\(failures.isEmpty ? "" : ":")")
        for failure in failures { print("  differs: \(failure)") }
    }
}
