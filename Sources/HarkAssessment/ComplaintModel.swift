import Foundation
import HarkCore

/// A naive Bayes model of whether a mention complains, over its folded words, their first five
/// letters and pairs of words in a row (`ModelFeatures`), trained on the project's labelled
/// mentions.
///
/// The cue lists decide from the words and rules they know; this model weighs every word and pair,
/// so a complaint told as a plain story ("the courier left it in the rain") in words no list has
/// still leans to a complaint. `Assessor` adds the lists' verdict as a strong prior
/// (``ruleWeight``), so the model overrules them only when the words lean clearly the other way.
///
/// The text form, one feature per line: `name<TAB>complaints others`, the counts being how many
/// training mentions of each kind use the feature; a first line `#documents<TAB>complaints others`.
public struct ComplaintModel: Sendable {
    /// Additive smoothing of each feature's count: a whole count, so that the many features seen in a
    /// couple of training mentions do not add up to a confident verdict between them.
    static let smoothing = 1.0
    /// Features used by fewer training mentions than this are left out of the built-in model: a
    /// word seen once is mostly that one text's, not complaints'.
    public static let minimumDocuments = 2
    /// The log-odds bonus the cue lists' verdict gives (e^6, about 400 to 1).
    static let ruleWeight = 6.0

    /// Log prior odds of a complaint.
    private let logPriorOdds: Double
    /// Per feature: its log odds of a complaint.
    private let logOdds: WordTable<Double>

    /// Reads the text form (as `ComplaintTraining.modelText` writes it).
    ///
    /// - Throws: `HarkError` (`invalidInput`) naming the first bad line.
    public init(text: String) throws(HarkError) {
        let (documents, counts) = try ModelFeatures.read(text, columns: 2, model: "complaint")
        var totals = [0.0, 0.0]
        for (_, values) in counts {
            totals[0] += values[0]
            totals[1] += values[1]
        }
        let vocabulary = Double(counts.count)
        let denominators = totals.map { $0 + Self.smoothing * vocabulary }
        logPriorOdds = log((documents[0] + Self.smoothing) / (documents[1] + Self.smoothing))
        var odds: [UInt64: Double] = [:]
        odds.reserveCapacity(counts.count)
        for (hash, values) in counts {
            odds[hash] =
                log((values[0] + Self.smoothing) / denominators[0]) - log((values[1] + Self.smoothing) / denominators[1])
        }
        logOdds = WordTable(odds)
    }

    /// The log odds that a text with `features` (`ModelFeatures.hashes(of:pairs: true)`) complains
    /// (above 0: more likely than not); features the model never saw count for nothing.
    func logOdds(_ features: [UInt64]) -> Double {
        var total = logPriorOdds
        for feature in features { total += logOdds[feature] ?? 0 }
        return total
    }

    /// The text form of a model trained on `examples`.
    static func train(_ examples: [(tokens: TokenizedText, complaint: Bool)], minimumDocuments: Int = 1) -> String {
        ModelFeatures.train(
            examples.map { ($0.tokens, $0.complaint ? 0 : 1) }, columns: 2, minimumDocuments: minimumDocuments)
    }
}

/// The model `Assessor` uses unless told otherwise, trained on the project's labelled fixtures.
enum BuiltinComplaintModel {
    static let model: ComplaintModel = {
        do {
            return try ComplaintModel(text: trained)
        } catch {
            preconditionFailure("the built-in complaint model does not load: \(error)")
        }
    }()
}
