import Foundation

/// A strict reader of the sanitiser's output for the tests: the output must be canonical (every `<`
/// starts an allowlisted tag written as the sanitiser writes tags; `>` and `&` appear only as markup
/// or escapes, `"` only as markup or in text) and every attribute must be allowed, with safe URLs.
/// Returns the problems.
enum HTMLSanitizedChecker {
    static let elements: Set<String> = [
        "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
        "img", "ins", "li", "ol", "p", "pre", "q", "s", "small", "strong", "sub", "sup", "table", "thead", "tbody",
        "tfoot", "caption", "tr", "th", "td", "u", "ul", "dl", "dt", "dd", "figure", "figcaption", "span", "div",
    ]
    static let attributes: [String: Set<String>?] = [
        "title": nil, "href": ["a"], "rel": ["a"], "src": ["img"], "alt": ["img"], "width": ["img"],
        "height": ["img"], "colspan": ["td", "th"], "rowspan": ["td", "th"], "datetime": ["del", "ins"],
        "cite": ["blockquote", "q", "del", "ins"],
    ]
    static let urlAttributes: Set<String> = ["href", "src", "cite"]
    static let entities = ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"]

    static func problems(in html: String) -> [String] {
        var problems: [String] = []
        let scalars = Array(html.unicodeScalars)
        var index = 0
        while index < scalars.count {
            switch scalars[index] {
            case "<":
                guard let end = scalars[index...].firstIndex(of: ">") else { return problems + ["unterminated tag"] }
                problems += tagProblems(String(String.UnicodeScalarView(scalars[(index + 1)..<end])))
                index = end + 1
            case ">":
                problems.append("bare > in text")
                index += 1
            case "&":
                let rest = String(String.UnicodeScalarView(scalars[index..<min(index + 6, scalars.count)]))
                if !entities.contains(where: { rest.hasPrefix($0) }) { problems.append("bare & in text") }
                index += 1
            default:
                index += 1
            }
        }
        let lower = html.lowercased()
        for banned in ["<script", "<style", "<iframe", "<svg", "<math", " style=\""] where lower.contains(banned) {
            problems.append("\(banned) in output")
        }
        return problems
    }

    private static func tagProblems(_ tag: String) -> [String] {
        if tag.hasPrefix("/") {
            return elements.contains(String(tag.dropFirst())) ? [] : ["end tag \(tag)"]
        }
        var parts = tag.split(separator: " ", maxSplits: 1).map(String.init)
        let name = parts.removeFirst()
        guard elements.contains(name) else { return ["element \(name)"] }
        var rest = Substring(parts.first ?? "")
        var problems: [String] = []
        while !rest.isEmpty {
            guard let equals = rest.firstIndex(of: "="), rest[rest.index(after: equals)...].hasPrefix("\"") else {
                return problems + ["malformed attributes in <\(tag)>"]
            }
            let attribute = String(rest[..<equals])
            let valueStart = rest.index(equals, offsetBy: 2)
            guard let valueEnd = rest[valueStart...].firstIndex(of: "\"") else { return problems + ["open quote"] }
            let value = unescape(String(rest[valueStart..<valueEnd]))
            if let allowedOn = attributes[attribute] {
                if let allowedOn, !allowedOn.contains(name) { problems.append("\(attribute) on \(name)") }
            } else {
                problems.append("attribute \(attribute)")
            }
            if urlAttributes.contains(attribute) {
                let lower = value.lowercased()
                let safe =
                    lower.hasPrefix("http://") || lower.hasPrefix("https://")
                    || (attribute == "href" && lower.hasPrefix("mailto:"))
                if !safe { problems.append("unsafe URL \(value)") }
            }
            rest = rest[rest.index(after: valueEnd)...]
            if rest.hasPrefix(" ") {
                rest = rest.dropFirst()
            } else if !rest.isEmpty {
                problems.append("attribute spacing")
            }
        }
        return problems
    }

    private static func unescape(_ value: String) -> String {
        value.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
