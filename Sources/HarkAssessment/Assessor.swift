import HarkCore

/// Assesses one mention: language, complaint or not, severity, category, brands, and the cues that
/// decided it (`spec/complaint-taxonomy.md`).
///
/// Pure and deterministic: the same text and settings always give the same assessment. Built once
/// (lexicons compiled, brand spellings indexed), then `assess` costs a pass over the text plus a few
/// hash look-ups per word; it is safe to share between tasks.
public struct Assessor: Sendable {
    let cues: Lexicon
    let topics: Lexicon
    let brands: BrandMatcher
    let languages: LanguageIdentifier
    let categoryModel: CategoryModel?
    let complaintModel: ComplaintModel?

    /// Builds an assessor.
    ///
    /// - Parameter settings: Brands, extra cues and category keywords, lexicon files.
    /// - Throws: `HarkError` (`invalidConfiguration`) when a lexicon file cannot be read or has bad
    ///   lines (each named with its number), or a configured term has no letters.
    public init(settings: AssessmentSettings = AssessmentSettings()) throws(HarkError) {
        try self.init(
            settings: settings, categoryModel: settings.useBuiltinLexicon ? BuiltinCategoryModel.model : nil,
            complaintModel: settings.useBuiltinLexicon ? BuiltinComplaintModel.model : nil)
    }

    /// Builds an assessor with `categoryModel` and `complaintModel` (none: the lists alone) instead of
    /// the built-in ones, for models trained on a deployment's own labelled mentions
    /// (`CategoryTraining.modelText`, `ComplaintTraining.modelText`).
    public init(
        settings: AssessmentSettings, categoryModel: CategoryModel?, complaintModel: ComplaintModel? = nil
    ) throws(HarkError) {
        self.categoryModel = categoryModel
        self.complaintModel = complaintModel
        var cueEntries = settings.useBuiltinLexicon ? BuiltinLexicon.entries(BuiltinLexicon.cueGroups) : []
        var topicEntries = settings.useBuiltinLexicon ? BuiltinLexicon.entries(BuiltinLexicon.topicGroups) : []
        var problems: [String] = []
        for (kind, terms) in settings.extraCues.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            for term in terms {
                if Folding.words(of: term).isEmpty { problems.append("cue \"\(term.prefix(40))\" has no letters") }
                let weight = LexiconFile.defaultWeight(.cue(kind))
                cueEntries.append(LexiconEntry(term: term, kind: .cue(kind), weight: weight))
            }
        }
        for (category, terms) in settings.categoryKeywords.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            guard category != .none else {
                problems.append("category keywords need a category other than none")
                continue
            }
            for term in terms {
                if Folding.words(of: term).isEmpty { problems.append("keyword \"\(term.prefix(40))\" has no letters") }
                topicEntries.append(LexiconEntry(term: term, kind: .topic(category), weight: 1.5))
            }
        }
        if !problems.isEmpty { throw HarkError(.invalidConfiguration, problems.joined(separator: "; ")) }
        for path in settings.lexiconFiles {
            for entry in try LexiconFile.load(path: path) {
                if case .topic = entry.kind { topicEntries.append(entry) } else { cueEntries.append(entry) }
            }
        }
        cues = Lexicon(cueEntries)
        topics = Lexicon(topicEntries)
        brands = BrandMatcher(settings.brands)
        languages = LanguageIdentifier()
    }

    /// Assesses one mention.
    ///
    /// - Parameters:
    ///   - text: The body.
    ///   - subject: A mail's subject, read before the body.
    ///   - title: A feed item's title, read before the body.
    ///   - channel: Where the mention came from (kept for future use; the verdict does not depend on it yet).
    public func assess(
        text: String, subject: String? = nil, title: String? = nil, channel: Channel? = nil
    ) -> Assessment {
        let tokens = Self.tokens(text: text, subject: subject, title: title)
        let language = languages.identify(tokens)
        var scoring = Scoring(text: tokens, lexicon: cues)
        scoring.run()
        // The models' features, read once for both.
        let features = complaintModel != nil || categoryModel != nil ? ModelFeatures.hashes(of: tokens, pairs: true) : []
        let (complaint, overruled) = isComplaint(features: features, scoring: scoring)
        let severity: Severity = complaint ? (scoring.isStrong ? .veryDissatisfied : .dissatisfied) : .none
        var category = Category.none
        var cueLabels = scoring.cueLabels(complaint: complaint)
        if overruled { cueLabels.insert(complaint ? "complaint:words" : "not_complaint:words", at: 0) }
        if complaint {
            let (chosen, label) = CategoryChooser.choose(
                tokens: tokens, topics: topics, scoring: scoring, model: categoryModel, features: features)
            category = chosen
            if let label { cueLabels.append("category:\(label)") }
        }
        let named = brandNames(tokens: tokens, scoring: scoring, complaint: complaint, cues: &cueLabels)
        return Assessment(
            language: language, complaint: complaint, severity: severity, category: category, brands: named,
            cues: cueLabels)
    }

    /// Whether the mention complains: the cue lists' verdict, weighed with the complaint model's
    /// reading of every word when there is one; `overruled` when the model turned the verdict.
    private func isComplaint(features: [UInt64], scoring: Scoring) -> (complaint: Bool, overruled: Bool) {
        let listed = scoring.isComplaint
        guard let complaintModel else { return (listed, false) }
        let odds = complaintModel.logOdds(features) + (listed ? ComplaintModel.ruleWeight : -ComplaintModel.ruleWeight)
        return (odds > 0, (odds > 0) != listed)
    }

    /// How much of a body is read, in UTF-8 bytes: what a customer is unhappy about is said long
    /// before this (a long letter is a few kilobytes), and a pasted log or a forwarded thread of
    /// hundreds of kilobytes would cost time without changing the verdict.
    public static let bodyBytesRead = 16 * 1024

    /// The words of a mention: subject or title first, then the body (its first ``bodyBytesRead``).
    static func tokens(text: String, subject: String?, title: String?) -> TokenizedText {
        var parts: [String] = []
        if let subject, !subject.isEmpty { parts.append(subject) }
        if let title, !title.isEmpty { parts.append(title) }
        parts.append(text.utf8.count > bodyBytesRead ? leading(text, bytes: bodyBytesRead) : text)
        return Tokenizer.tokenize(parts)
    }

    /// The longest start of `text` of at most `bytes` UTF-8 bytes that ends between characters.
    static func leading(_ text: String, bytes: Int) -> String {
        var end = text.utf8.index(text.utf8.startIndex, offsetBy: min(bytes, text.utf8.count))
        while end > text.startIndex, end.samePosition(in: text) == nil { end = text.utf8.index(before: end) }
        return String(text[..<end])
    }

    /// The category of a mention taken to be a complaint (for cross-validating the category alone).
    func category(text: String, subject: String?, title: String?) -> Category {
        let tokens = Self.tokens(text: text, subject: subject, title: title)
        var scoring = Scoring(text: tokens, lexicon: cues)
        scoring.run()
        let features = categoryModel != nil ? ModelFeatures.hashes(of: tokens, pairs: true) : []
        return CategoryChooser.choose(
            tokens: tokens, topics: topics, scoring: scoring, model: categoryModel, features: features
        ).0
    }

    /// The brands named, in order of first mention; for a complaint naming several, the one it is about
    /// first (nearest to the complaint's cues, or named in the subject).
    private func brandNames(
        tokens: TokenizedText, scoring: Scoring, complaint: Bool, cues: inout [String]
    ) -> [String] {
        let occurrences = brands.occurrences(in: tokens)
        guard !occurrences.isEmpty else { return [] }
        var order: [Int] = []
        for occurrence in occurrences where !order.contains(occurrence.brand) { order.append(occurrence.brand) }
        if complaint && order.count > 1 {
            let bodyStart = tokens.partStarts.count > 1 ? tokens.partStarts[tokens.partStarts.count - 1] : 0
            var best = order[0]
            var bestScore = -Double.infinity
            for brand in order {
                var score = -Double.infinity
                for occurrence in occurrences where occurrence.brand == brand {
                    var value = -Double(scoring.distanceToComplaint(from: occurrence.start))
                    if occurrence.start < bodyStart { value += 25 }
                    score = max(score, value)
                }
                if score > bestScore {
                    bestScore = score
                    best = brand
                }
            }
            order.removeAll { $0 == best }
            order.insert(best, at: 0)
            cues.append("target:\(brands.names[best])")
        }
        return order.map { brands.names[$0] }
    }
}
