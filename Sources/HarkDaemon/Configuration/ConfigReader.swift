import Foundation
import Yams

/// Reads a YAML node tree, collecting every problem as one line that names the key
/// (`sources[2].scheme: expected one of ...`) instead of stopping at the first.
final class ConfigReader {
    private(set) var problems: [String] = []

    func problem(_ path: String, _ message: String) {
        problems.append(path.isEmpty ? message : "\(path): \(message)")
    }

    /// A mapping's entries by key; reports keys not in `known` (typos) and duplicate keys.
    func mapping(_ node: Node?, at path: String, known: Set<String>) -> [String: Node]? {
        guard let node else { return nil }
        guard let mapping = node.mapping else {
            problem(path, "expected a mapping of keys")
            return nil
        }
        var result: [String: Node] = [:]
        for (key, value) in mapping {
            guard let name = key.string else {
                problem(path, "keys must be strings")
                continue
            }
            if !known.contains(name) {
                problem(join(path, name), "unknown key (known: \(known.sorted().joined(separator: ", ")))")
            } else if result[name] != nil {
                problem(join(path, name), "given twice")
            }
            result[name] = value
        }
        return result
    }

    func sequence(_ node: Node?, at path: String) -> [Node] {
        guard let node else { return [] }
        if case .scalar(let scalar) = node, scalar.string.isEmpty || scalar.string == "~" || scalar.string == "null" {
            return []
        }
        guard let sequence = node.sequence else {
            problem(path, "expected a list")
            return []
        }
        return Array(sequence)
    }

    func string(_ node: Node?, at path: String, required: Bool = false) -> String? {
        guard let node else {
            if required { problem(path, "is required") }
            return nil
        }
        guard case .scalar(let scalar) = node else {
            problem(path, "expected a string")
            return nil
        }
        if scalar.string.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) {
            problem(path, "must not contain line breaks or NUL")
            return nil
        }
        return scalar.string
    }

    func strings(_ node: Node?, at path: String) -> [String] {
        sequence(node, at: path).enumerated().compactMap { string($1, at: "\(path)[\($0)]") }
    }

    func int(_ node: Node?, at path: String, range: ClosedRange<Int>) -> Int? {
        guard let text = string(node, at: path) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            problem(path, "expected a whole number from \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        return value
    }

    func bool(_ node: Node?, at path: String) -> Bool? {
        guard let text = string(node, at: path) else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            problem(path, "expected true or false")
            return nil
        }
    }

    func oneOf<T: RawRepresentable<String> & CaseIterable>(_ node: Node?, at path: String, _ type: T.Type) -> T? {
        guard let text = string(node, at: path) else { return nil }
        guard let value = T(rawValue: text) else {
            problem(path, "expected one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        return value
    }

    /// A duration like `60s`, `15m`, `2h`, `500ms` or a number of seconds.
    func duration(_ node: Node?, at path: String) -> Duration? {
        guard let text = string(node, at: path) else { return nil }
        guard let value = Self.parseDuration(text) else {
            problem(path, "expected a duration such as 30s, 15m or 1h")
            return nil
        }
        return value
    }

    /// A request rate: a whole number per second, or `N/s`, `N/min`, `N/h`. The burst is
    /// twice the count (`30/min` allows 60 at once); `0` lifts the limit.
    func rate(_ node: Node?, at path: String) -> RateValue? {
        guard let text = string(node, at: path) else { return nil }
        guard let value = Self.parseRate(text) else {
            problem(path, "expected a rate such as 50, 50/s, 30/min or 100/h (0 lifts the limit)")
            return nil
        }
        return value
    }

    enum RateValue: Equatable {
        case unlimited
        case limited(perSecond: Double, burst: Double)
    }

    static func parseRate(_ text: String) -> RateValue? {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let count = Int(parts[0]), (0...1_000_000).contains(count) else { return nil }
        if count == 0 { return .unlimited }
        let seconds: Double
        switch parts.count == 2 ? parts[1] : "s" {
        case "s", "sec", "second": seconds = 1
        case "m", "min", "minute": seconds = 60
        case "h", "hour": seconds = 3600
        default: return nil
        }
        return .limited(perSecond: Double(count) / seconds, burst: Double(2 * count))
    }

    static func parseDuration(_ text: String) -> Duration? {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400)]
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            guard let number = Double(text.dropLast(suffix.count)), number > 0, number < 1e7 else { return nil }
            return .milliseconds(Int64(number * factor * 1000))
        }
        guard let seconds = Double(text), seconds > 0, seconds < 1e7 else { return nil }
        return .milliseconds(Int64(seconds * 1000))
    }

    func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }
}
