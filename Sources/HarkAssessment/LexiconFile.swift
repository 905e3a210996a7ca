import Foundation
import HarkCore

/// A user lexicon: extra cues and category keywords in a plain text file.
///
/// Format, UTF-8, one term per line:
///
/// ```
/// # comment
/// term<TAB>kind[<TAB>weight]
/// ```
///
/// - `term`: one or more words; a word ending in `*` matches any word it begins (`forsink*`).
/// - `kind`: a ``CueKind`` (`negative`, `positive`, `negator`, `intensifier`, `churn`, `escalation`,
///   `harm`, `repeat`, `anger`, `third_party`, `solved`, `wish`, `news`, `sarcasm`, `ironic_opener`,
///   `contrast`, `concession`, `question`) or `category:NAME` with a ``Category`` (`category:billing`).
/// - `weight`: a positive number, default 1 (1.5 for `negative` and categories, as one such word is
///   enough; 2 for the strong kinds: churn, escalation, harm, repeat, anger).
///
/// Blank lines and lines starting with `#` are skipped. Every bad line is reported, with its number.
public enum LexiconFile {
    /// Parses lexicon text.
    ///
    /// - Parameter name: The file's name, for messages.
    /// - Throws: `HarkError` (`invalidConfiguration`) listing each bad line.
    static func parse(_ text: String, name: String) throws(HarkError) -> [LexiconEntry] {
        var entries: [LexiconEntry] = []
        var problems: [String] = []
        var number = 0
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            number += 1
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine[...]
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard fields.count == 2 || fields.count == 3 else {
                problems.append(
                    "\(name):\(number): expected term<TAB>kind[<TAB>weight], found \(fields.count) field(s)")
                continue
            }
            guard !fields[0].isEmpty, !Folding.words(of: fields[0]).isEmpty else {
                problems.append("\(name):\(number): the term has no letters or digits")
                continue
            }
            guard let kind = kind(fields[1]) else {
                problems.append("\(name):\(number): unknown kind \"\(fields[1].prefix(40))\"")
                continue
            }
            var weight = defaultWeight(kind)
            if fields.count == 3 {
                guard let value = Double(fields[2]), value.isFinite, value > 0, value <= 100 else {
                    problems.append("\(name):\(number): the weight must be a number in (0, 100]")
                    continue
                }
                weight = value
            }
            entries.append(LexiconEntry(term: fields[0], kind: kind, weight: weight))
        }
        if !problems.isEmpty {
            throw HarkError(.invalidConfiguration, "bad lexicon lines:\n" + problems.prefix(50).joined(separator: "\n"))
        }
        return entries
    }

    /// Reads and parses a lexicon file.
    static func load(path: String) throws(HarkError) -> [LexiconEntry] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw HarkError(.invalidConfiguration, "lexicon file \(path) cannot be read")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw HarkError(.invalidConfiguration, "lexicon file \(path) is not UTF-8")
        }
        return try parse(text, name: path)
    }

    static func kind(_ field: String) -> LexiconEntry.Kind? {
        let lower = field.lowercased()
        if lower.hasPrefix("category:") {
            let category = Category(rawValue: String(lower.dropFirst("category:".count)))
            return category.flatMap { $0 == .none ? nil : .topic($0) }
        }
        return CueKind(rawValue: lower).map { .cue($0) }
    }

    static func defaultWeight(_ kind: LexiconEntry.Kind) -> Double {
        switch kind {
        case .cue(.churn), .cue(.escalation), .cue(.harm), .cue(.repeat), .cue(.anger): return 2
        // One problem word is enough for a complaint, as with the built-in ones.
        case .cue(.negative), .topic: return 1.5
        default: return 1
        }
    }
}
