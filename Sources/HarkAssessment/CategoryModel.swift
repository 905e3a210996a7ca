import Foundation
import HarkCore

/// A naive Bayes model of what a complaint is about, over its folded words and their first five
/// letters (so "leveringen" and "leverede" share "lever*"), trained on the project's labelled
/// mentions. The keyword lists name what they know; the model weighs every word, so a complaint in
/// words no list has (another industry, another writer) still leans to the category whose complaints
/// use them. `CategoryChooser` combines the two.
///
/// The text form, one feature per line: `word<TAB>c1 c2 … c7` (a prefix is written `lever*`), the
/// counts being how many training complaints of each category (in `categories` order) use the
/// feature; a first line `#documents<TAB>…` gives the complaints per category.
public struct CategoryModel: Sendable {
    static let categories: [Category] = [.product, .service, .delivery, .billing, .process, .digital, .other]
    /// Additive smoothing of each feature's count.
    static let smoothing = 0.5

    /// Per category: the log prior.
    private let logPriors: [Double]
    /// Per feature: the log share per category.
    private let logShares: [UInt64: [Double]]

    /// The features of a text: its words and word prefixes (`ModelFeatures`).
    static func features(of tokens: TokenizedText) -> Set<UInt64> {
        ModelFeatures.hashes(of: tokens, pairs: false)
    }

    /// Reads the text form (as `CategoryTraining.modelText` writes it).
    ///
    /// - Throws: `HarkError` (`invalidInput`) naming the first bad line.
    public init(text: String) throws(HarkError) {
        let (documents, counts) = try ModelFeatures.read(text, columns: Self.categories.count, model: "category")
        var totals = [Double](repeating: 0, count: Self.categories.count)
        for (_, values) in counts { for slot in values.indices { totals[slot] += values[slot] } }
        let vocabulary = Double(counts.count)
        let denominators = totals.map { $0 + Self.smoothing * vocabulary }
        let all = documents.reduce(0, +)
        // Smoothed too, so a category without training complaints is unlikely, not impossible.
        logPriors = documents.map { log(($0 + Self.smoothing) / (all + Self.smoothing * Double(documents.count))) }
        var shares: [UInt64: [Double]] = [:]
        shares.reserveCapacity(counts.count)
        for (hash, values) in counts {
            shares[hash] = values.indices.map { log((values[$0] + Self.smoothing) / denominators[$0]) }
        }
        logShares = shares
    }

    /// Log scores per category (in `categories` order), up to a shared constant; features the
    /// model never saw count for nothing.
    func logScores(_ features: Set<UInt64>) -> [Double] {
        var scores = logPriors
        for feature in features {
            guard let shares = logShares[feature] else { continue }
            for slot in scores.indices { scores[slot] += shares[slot] }
        }
        return scores
    }

    /// The text form of a model trained on `examples` (complaints with their categories), features
    /// sorted so that retraining on the same examples writes the same file.
    static func train(_ examples: [(tokens: TokenizedText, category: Category)]) -> String {
        var documents = [Int](repeating: 0, count: categories.count)
        var counts: [String: [Int]] = [:]
        for example in examples {
            guard let slot = categories.firstIndex(of: example.category) else { continue }
            documents[slot] += 1
            for name in ModelFeatures.names(of: example.tokens, pairs: false) {
                counts[name, default: [Int](repeating: 0, count: categories.count)][slot] += 1
            }
        }
        return ModelFeatures.write(documents: documents, counts: counts)
    }
}
