import Foundation
import HarkCore

/// A naive Bayes model of what a complaint is about, over its folded words, their first five
/// letters (so "leveringen" and "leverede" share "lever*") and pairs of words in a row, trained on the project's labelled
/// mentions. The keyword lists name what they know; the model weighs every word, so a complaint in
/// words no list has (another industry, another writer) still leans to the category whose complaints
/// use them. `CategoryChooser` combines the two.
///
/// The text form, one feature per line: `word<TAB>c1 c2 … c7` (a prefix is written `lever*`, a pair
/// `ikke levert`), the
/// counts being how many training complaints of each category (in `categories` order) use the
/// feature; a first line `#documents<TAB>…` gives the complaints per category.
public struct CategoryModel: Sendable {
    static let categories: [Category] = [.product, .service, .delivery, .billing, .process, .digital, .other]
    /// Additive smoothing of each feature's count.
    static let smoothing = 0.5

    /// Per category: the log prior.
    private let logPriors: [Double]
    /// Features used by fewer training complaints than this are left out of the built-in model.
    public static let minimumDocuments = 2
    /// Per feature: its row in `logShares`.
    private let slots: WordTable<Int32>
    /// The log shares of each feature per category, one row of eight lanes per feature (the seven
    /// categories and a zero), so scoring a feature is one vector addition; one flat array rather
    /// than an array per feature, as a model has tens of thousands of features.
    private let logShares: [SIMD8<Double>]

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
        var slots: [UInt64: Int32] = [:]
        slots.reserveCapacity(counts.count)
        var shares: [SIMD8<Double>] = []
        shares.reserveCapacity(counts.count)
        for (hash, values) in counts where slots[hash] == nil {
            slots[hash] = Int32(shares.count)
            var row = SIMD8<Double>()
            for slot in values.indices { row[slot] = log((values[slot] + Self.smoothing) / denominators[slot]) }
            shares.append(row)
        }
        self.slots = WordTable(slots)
        logShares = shares
    }

    /// Log scores per category (in `categories` order) of a text with `features`
    /// (`ModelFeatures.hashes(of:pairs: true)`), up to a shared constant; features the model never
    /// saw count for nothing.
    func logScores(_ features: [UInt64]) -> [Double] {
        var sum = SIMD8<Double>()
        logShares.withUnsafeBufferPointer { rows in
            for feature in features {
                if let row = slots[feature] { sum += rows[Int(row)] }
            }
        }
        return logPriors.indices.map { logPriors[$0] + sum[$0] }
    }

    /// The text form of a model trained on `examples` (complaints with their categories), features
    /// sorted so that retraining on the same examples writes the same file.
    static func train(
        _ examples: [(tokens: TokenizedText, category: Category)], minimumDocuments: Int = 1
    ) -> String {
        ModelFeatures.train(
            examples.compactMap { example in categories.firstIndex(of: example.category).map { (example.tokens, $0) } },
            columns: categories.count, minimumDocuments: minimumDocuments)
    }
}
