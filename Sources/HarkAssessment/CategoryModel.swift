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
    /// Words shorter than this (in folded bytes) say little about a topic.
    static let shortestWord = 3
    /// The length of the prefix feature, taken from longer words.
    static let prefixLength = 5
    /// Keeps prefix features apart from words of the same letters.
    private static let prefixSalt: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// Per category: the log prior.
    private let logPriors: [Double]
    /// Per feature: the log share per category.
    private let logShares: [UInt64: [Double]]

    /// The features of a text: each distinct folded word of three or more bytes, and the five-byte
    /// prefix of each longer word (only where the prefix ends on a character boundary).
    static func features(of tokens: TokenizedText) -> Set<UInt64> {
        var features = Set<UInt64>()
        for index in tokens.tokens.indices {
            let token = tokens.tokens[index]
            guard token.length >= shortestWord else { continue }
            features.insert(token.hash)
            if token.length > prefixLength, tokens.bytes[Int(token.start) + prefixLength] & 0xC0 != 0x80 {
                features.insert(tokens.prefixHash(index, length: prefixLength) ^ prefixSalt)
            }
        }
        return features
    }

    /// The feature names of a text, as the text form writes them (for training).
    static func featureNames(of tokens: TokenizedText) -> Set<String> {
        var names = Set<String>()
        for index in tokens.tokens.indices {
            let token = tokens.tokens[index]
            guard token.length >= shortestWord else { continue }
            let word = tokens.word(index)
            names.insert(String(decoding: word, as: UTF8.self))
            if token.length > prefixLength, tokens.bytes[Int(token.start) + prefixLength] & 0xC0 != 0x80 {
                names.insert(String(decoding: word.prefix(prefixLength), as: UTF8.self) + "*")
            }
        }
        return names
    }

    /// Reads the text form (as `CategoryTraining.modelText` writes it).
    ///
    /// - Throws: `HarkError` (`invalidInput`) naming the first bad line.
    public init(text: String) throws(HarkError) {
        var documents: [Double]?
        var counts: [(UInt64, [Double])] = []
        for (number, line) in text.split(separator: "\n").enumerated() {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            let values = fields.count == 2 ? fields[1].split(separator: " ").compactMap { Double($0) } : []
            guard values.count == Self.categories.count, values.allSatisfy({ $0.isFinite && $0 >= 0 }),
                !fields[0].isEmpty
            else {
                throw HarkError(
                    .invalidInput, "category model line \(number + 1): expected a word, a tab and 7 counts of 0 or more")
            }
            if fields[0] == "#documents" {
                documents = values
                continue
            }
            let isPrefix = fields[0].hasSuffix("*")
            let word = Array((isPrefix ? fields[0].dropLast() : fields[0]).utf8)
            counts.append((WordHash.of(word) ^ (isPrefix ? Self.prefixSalt : 0), values))
        }
        guard let documents, documents.contains(where: { $0 > 0 }) else {
            throw HarkError(.invalidInput, "category model: no #documents line, or no complaints at all")
        }
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
            for name in featureNames(of: example.tokens) {
                counts[name, default: [Int](repeating: 0, count: categories.count)][slot] += 1
            }
        }
        var lines = ["#documents\t" + documents.map(String.init).joined(separator: " ")]
        for name in counts.keys.sorted() where !name.contains("\t") && !name.contains("\n") {
            lines.append(name + "\t" + counts[name]!.map(String.init).joined(separator: " "))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
