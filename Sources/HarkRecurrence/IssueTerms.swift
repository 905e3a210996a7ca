/// The characteristic words of an issue: how often each feature occurred among its complaints,
/// with the word it was first seen as, kept to the most frequent ``capacity``. The label is the
/// top three, as written by the customers.
public struct IssueTerms: Sendable, Hashable, Codable {
    public struct Term: Sendable, Hashable, Codable {
        public var feature: String
        public var word: String
        public var count: Int
    }

    public static let capacity = 40
    public private(set) var terms: [Term]

    public init(terms: [Term] = []) {
        self.terms = terms
    }

    /// Counts the words of one more complaint.
    public mutating func add(text: String) {
        add(features: TextFeatures.analyse(text))
    }

    /// Counts the analysed words of one more complaint.
    public mutating func add(features: [TextFeatures.Feature]) {
        var position: [String: Int] = [:]
        for (index, term) in terms.enumerated() { position[term.feature] = index }
        for feature in features {
            let key = feature.key
            if let index = position[key] {
                terms[index].count += 1
            } else {
                position[key] = terms.count
                terms.append(Term(feature: key, word: feature.word.lowercased(), count: 1))
            }
        }
        // Stable: equal counts keep their first-seen order.
        terms = terms.enumerated().sorted { ($1.element.count, $0.offset) < ($0.element.count, $1.offset) }.map(\.element)
        if terms.count > Self.capacity { terms.removeLast(terms.count - Self.capacity) }
    }

    /// Up to three words, most frequent first, joined by " · ".
    public var label: String {
        terms.prefix(3).map(\.word).joined(separator: " · ")
    }
}
