import Foundation
import HarkCore

/// One line of a labelled (or unlabelled) mention file in the taxonomy's data format.
public struct LabelledMention: Decodable, Sendable {
    public var id: String
    public var channel: Channel?
    public var text: String
    public var subject: String?
    public var title: String?
    public var language: String?
    public var complaint: Bool?
    public var severity: Severity?
    public var category: Category?

    private enum Keys: String, CodingKey {
        case id, channel, text, subject, title, language, complaint, severity, category
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        // Ids may be written as numbers.
        if let text = try? container.decode(String.self, forKey: .id) {
            id = text
        } else if let number = try? container.decode(Int64.self, forKey: .id) {
            id = String(number)
        } else {
            id = ""
        }
        channel = try? container.decodeIfPresent(Channel.self, forKey: .channel)
        text = try container.decodeIfPresent(String.self, forKey: .text) ?? ""
        subject = try? container.decodeIfPresent(String.self, forKey: .subject)
        title = try? container.decodeIfPresent(String.self, forKey: .title)
        language = try? container.decodeIfPresent(String.self, forKey: .language)
        complaint = try? container.decodeIfPresent(Bool.self, forKey: .complaint)
        severity = try? container.decodeIfPresent(Severity.self, forKey: .severity)
        category = try? container.decodeIfPresent(Category.self, forKey: .category)
    }

    public init(
        id: String, text: String, subject: String? = nil, title: String? = nil, channel: Channel? = nil,
        language: String? = nil, complaint: Bool? = nil, severity: Severity? = nil, category: Category? = nil
    ) {
        self.id = id
        self.text = text
        self.subject = subject
        self.title = title
        self.channel = channel
        self.language = language
        self.complaint = complaint
        self.severity = severity
        self.category = category
    }

    /// Reads JSON Lines; blank lines are skipped.
    ///
    /// - Throws: `HarkError` (`invalidInput`) naming the first line that is not a JSON object.
    public static func readLines(_ data: Data) throws(HarkError) -> [LabelledMention] {
        var mentions: [LabelledMention] = []
        let decoder = JSONDecoder()
        var number = 0
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            number += 1
            if line.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 }) { continue }
            do {
                mentions.append(try decoder.decode(LabelledMention.self, from: Data(line)))
            } catch {
                throw HarkError(.invalidInput, "line \(number) is not a mention object (\"text\" is required)")
            }
        }
        return mentions
    }
}

/// Scores of one class.
public struct ClassScores: Encodable, Sendable, Equatable {
    public var precision: Double
    public var recall: Double
    public var f1: Double
    public var support: Int
}

/// Scores of one axis with several classes.
public struct AxisReport: Encodable, Sendable {
    public var accuracy: Double
    public var macroF1: Double
    public var perClass: [String: ClassScores]
    /// `confusion[gold][predicted]`.
    public var confusion: [String: [String: Int]]
    public var n: Int

    private enum Keys: String, CodingKey {
        case accuracy, macroF1 = "macro_f1", perClass = "per_class", confusion, n
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(accuracy, forKey: .accuracy)
        try container.encode(macroF1, forKey: .macroF1)
        try container.encode(perClass, forKey: .perClass)
        try container.encode(confusion, forKey: .confusion)
        try container.encode(n, forKey: .n)
    }

    /// Scores `pairs` of (gold, predicted); the classes are those of `classes` plus any seen.
    public init(_ pairs: [(String, String)], classes: [String]) {
        var labels = classes
        for (gold, predicted) in pairs {
            if !labels.contains(gold) { labels.append(gold) }
            if !labels.contains(predicted) { labels.append(predicted) }
        }
        var confusion: [String: [String: Int]] = [:]
        for gold in labels { confusion[gold] = Dictionary(uniqueKeysWithValues: labels.map { ($0, 0) }) }
        var correct = 0
        for (gold, predicted) in pairs {
            confusion[gold, default: [:]][predicted, default: 0] += 1
            if gold == predicted { correct += 1 }
        }
        var perClass: [String: ClassScores] = [:]
        var f1Sum = 0.0
        var counted = 0
        for label in labels {
            let truePositive = Double(confusion[label]?[label] ?? 0)
            let predictedCount = Double(labels.reduce(0) { $0 + (confusion[$1]?[label] ?? 0) })
            let support = confusion[label]?.values.reduce(0, +) ?? 0
            let precision = predictedCount > 0 ? truePositive / predictedCount : 0
            let recall = support > 0 ? truePositive / Double(support) : 0
            let f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
            perClass[label] = ClassScores(precision: precision, recall: recall, f1: f1, support: support)
            // Macro-F1 over the classes that occur in the gold labels.
            if support > 0 {
                f1Sum += f1
                counted += 1
            }
        }
        self.accuracy = pairs.isEmpty ? 0 : Double(correct) / Double(pairs.count)
        self.macroF1 = counted > 0 ? f1Sum / Double(counted) : 0
        self.perClass = perClass
        self.confusion = confusion
        self.n = pairs.count
    }
}

/// The `hark eval` report (`spec/interface.md`).
public struct EvaluationReport: Encodable, Sendable {
    public struct Binary: Encodable, Sendable {
        public var accuracy: Double
        public var precision: Double
        public var recall: Double
        public var f1: Double
    }

    public var n: Int
    public var complaint: Binary
    public var severity: AxisReport
    /// Scored on the mentions labelled as complaints only.
    public var category: AxisReport
    public var language: AxisReport

    /// Scores assessments against labels; mentions without a label on an axis are left out of it.
    public init(_ items: [(gold: LabelledMention, predicted: Assessment)]) {
        n = items.count
        var truePositive = 0.0, falsePositive = 0.0, falseNegative = 0.0, correct = 0.0, labelled = 0.0
        var severityPairs: [(String, String)] = []
        var categoryPairs: [(String, String)] = []
        var languagePairs: [(String, String)] = []
        for (gold, predicted) in items {
            if let complaint = gold.complaint {
                labelled += 1
                if complaint == predicted.complaint { correct += 1 }
                if complaint && predicted.complaint { truePositive += 1 }
                if !complaint && predicted.complaint { falsePositive += 1 }
                if complaint && !predicted.complaint { falseNegative += 1 }
                if complaint, let category = gold.category {
                    categoryPairs.append((category.rawValue, predicted.category.rawValue))
                }
            }
            if let severity = gold.severity { severityPairs.append((severity.rawValue, predicted.severity.rawValue)) }
            if let language = gold.language { languagePairs.append((language, predicted.language)) }
        }
        let precision = truePositive + falsePositive > 0 ? truePositive / (truePositive + falsePositive) : 0
        let recall = truePositive + falseNegative > 0 ? truePositive / (truePositive + falseNegative) : 0
        complaint = Binary(
            accuracy: labelled > 0 ? correct / labelled : 0, precision: precision, recall: recall,
            f1: precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0)
        severity = AxisReport(severityPairs, classes: Severity.allCases.map(\.rawValue))
        category = AxisReport(
            categoryPairs, classes: Category.allCases.filter { $0 != .none }.map(\.rawValue))
        language = AxisReport(languagePairs, classes: ["en", "da", "no", "sv", "und"])
    }
}
