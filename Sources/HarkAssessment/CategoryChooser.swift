import HarkCore

/// Chooses a complaint's category from its keywords and the words of the whole text: a keyword in a
/// sentence that complains, or in the subject or title, counts more, because the taxonomy asks for
/// what the customer is most upset about; the `CategoryModel` then weighs every word, with the
/// keywords' choice as a strong prior, and decides alone when no keyword is found.
enum CategoryChooser {
    /// When scores tie, the more specific category wins.
    private static let order: [Category] = [.digital, .billing, .delivery, .product, .service, .process, .other]

    static func choose(
        tokens: TokenizedText, topics: Lexicon, scoring: Scoring, model: CategoryModel?, features: [UInt64]
    ) -> (Category, String?) {
        let troubled = scoring.troubledSentences
        let bodyStart = tokens.partStarts.count > 1 ? tokens.partStarts[tokens.partStarts.count - 1] : 0
        var scores: [Category: Double] = [:]
        var best: [Category: (String, Double)] = [:]
        let reassuring = scoring.reassuringSpans
        for match in topics.matches(in: tokens) {
            let pattern = topics.patterns[Int(match.pattern)]
            guard case .topic(let category) = pattern.kind else { continue }
            if reassuring.contains(where: { $0.contains(Int(match.start)) }) { continue }
            let token = tokens.tokens[Int(match.start)]
            var weight = pattern.weight
            if troubled.contains(token.sentence) { weight *= 2 }
            if Int(match.start) < bodyStart { weight *= 1.5 }
            scores[category, default: 0] += weight
            if weight > best[category]?.1 ?? 0 { best[category] = (pattern.label, weight) }
        }
        var chosen = Category.other
        var top = 0.0
        for category in order where (scores[category] ?? 0) > top {
            top = scores[category] ?? 0
            chosen = category
        }
        // The model weighs every word; a keyword found moves its category up by `keywordWeight`.
        if let model {
            var modelScores = model.logScores(features)
            if top > 0, let slot = CategoryModel.categories.firstIndex(of: chosen) {
                modelScores[slot] += keywordWeight
            }
            let slot = modelScores.indices.max { modelScores[$0] < modelScores[$1] }!
            if CategoryModel.categories[slot] != chosen || top == 0 {
                chosen = CategoryModel.categories[slot]
                return (chosen, best[chosen].map { "\(chosen.rawValue):\($0.0)" } ?? "\(chosen.rawValue):words")
            }
        }
        let label = best[chosen].map { "\(chosen.rawValue):\($0.0)" }
        return (chosen, label)
    }

    /// How much a keyword list's choice counts against the model's: a log-odds bonus of e^6 (about
    /// 400 to 1), so the model overrules the lists only when the words lean clearly elsewhere.
    static let keywordWeight = 6.0
}
