import Foundation
import HarkAssessment
import HarkCore
import Yams

/// The `assessment` section: a deployment's own cue words, category keywords and lexicon files,
/// added to the built-in lists.
///
/// ```yaml
/// assessment:
///   cues:
///     negative: ["strømbrudd", "blackout"]
///     escalation: ["Elklagenævnet"]
///   category_keywords:
///     billing: ["avregning", "a conto"]
///   lexicons: ["lexicons/energy.tsv"]     # relative to this file
/// ```
extension HarkConfiguration {
    public struct AssessmentSection: Sendable {
        /// Extra cue terms per kind.
        public var cues: [CueKind: [String]] = [:]
        /// Extra keywords per category.
        public var categoryKeywords: [Category: [String]] = [:]
        /// Lexicon file paths as written (relative ones are read from the configuration's directory).
        public var lexicons: [String] = []
    }

    /// The assessment settings this configuration describes: brands, extra cues and keywords,
    /// lexicon paths resolved against the configuration's directory.
    public var assessmentSettings: AssessmentSettings {
        AssessmentSettings(
            brands: brands.map { BrandRule(name: $0.name, aliases: $0.aliases, exclude: $0.exclude) },
            extraCues: assessment.cues, categoryKeywords: assessment.categoryKeywords,
            lexiconFiles: assessment.lexicons.map { $0.hasPrefix("/") ? $0 : "\(directory)/\($0)" })
    }

    mutating func readAssessment(_ node: Node?, _ reader: ConfigReader) {
        guard let map = reader.mapping(node, at: "assessment", known: ["cues", "category_keywords", "lexicons"])
        else { return }
        let kinds = Set(CueKind.allCases.map(\.rawValue))
        if let cues = reader.mapping(map["cues"], at: "assessment.cues", known: kinds) {
            for (name, value) in cues {
                guard let kind = CueKind(rawValue: name) else { continue }
                assessment.cues[kind] = terms(value, at: "assessment.cues.\(name)", reader)
            }
        }
        let categories = Set(Category.allCases.filter { $0 != .none }.map(\.rawValue))
        if let keywords = reader.mapping(map["category_keywords"], at: "assessment.category_keywords", known: categories) {
            for (name, value) in keywords {
                guard let category = Category(rawValue: name) else { continue }
                assessment.categoryKeywords[category] = terms(value, at: "assessment.category_keywords.\(name)", reader)
            }
        }
        assessment.lexicons = reader.strings(map["lexicons"], at: "assessment.lexicons")
        for (index, path) in assessment.lexicons.enumerated() where path.isEmpty {
            reader.problem("assessment.lexicons[\(index)]", "expected a file path")
        }
    }

    /// A list of cue terms: each must have a letter or digit, and at most 8 words and 200 characters.
    private func terms(_ node: Node, at path: String, _ reader: ConfigReader) -> [String] {
        var result: [String] = []
        for (index, term) in reader.strings(node, at: path).enumerated() {
            let words = term.split(whereSeparator: { $0.isWhitespace })
            if !term.contains(where: { $0.isLetter || $0.isNumber }) {
                reader.problem("\(path)[\(index)]", "a term needs a letter or digit")
            } else if term.count > 200 || words.count > 8 {
                reader.problem("\(path)[\(index)]", "a term is at most 8 words and 200 characters")
            } else {
                result.append(term)
            }
        }
        return result
    }
}
