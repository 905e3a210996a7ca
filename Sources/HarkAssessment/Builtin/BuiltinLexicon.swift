import HarkCore

/// The built-in cue and category lists: the project's own work, written for this assessor. Each
/// language has its own file; terms are folded as the text is (case, diacritics), `*` ends a prefix.
enum BuiltinLexicon {
    /// A group of terms of one kind and weight, written `a | b c | d*`.
    struct Group {
        var kind: LexiconEntry.Kind
        var weight: Double
        var terms: String
        /// For cues that describe a problem: the category the problem belongs to, so the words that
        /// say what went wrong also say what it was about.
        var topic: Category?

        init(_ kind: CueKind, _ weight: Double, _ terms: String) {
            self.kind = .cue(kind)
            self.weight = weight
            self.terms = terms
        }

        init(_ kind: CueKind, _ weight: Double, about topic: Category, _ terms: String) {
            self.init(kind, weight, terms)
            self.topic = topic
        }

        init(_ category: Category, _ weight: Double, _ terms: String) {
            self.kind = .topic(category)
            self.weight = weight
            self.terms = terms
        }
    }

    static var cueGroups: [Group] { english + danish + norwegian + swedish + plainProblems + demands + shared }
    static var topicGroups: [Group] {
        topics + cueGroups.compactMap { group in group.topic.map { Group($0, topicWeight, group.terms) } }
    }

    /// The weight of a category implied by a problem cue: above a plain keyword's (1.5).
    static let topicWeight = 2.0

    /// The entries of `groups`; a term written again for the same kind counts once (its first weight).
    static func entries(_ groups: [Group]) -> [LexiconEntry] {
        var entries: [LexiconEntry] = []
        struct Seen: Hashable {
            var kind: LexiconEntry.Kind
            var words: [[UInt8]]
        }
        var seen = Set<Seen>()
        for group in groups {
            for term in group.terms.split(whereSeparator: { $0 == "|" || $0 == "\n" }) {
                let trimmed = term.trimmingSpaces
                if trimmed.isEmpty { continue }
                guard seen.insert(Seen(kind: group.kind, words: Folding.words(of: trimmed))).inserted
                else { continue }
                entries.append(LexiconEntry(term: trimmed, kind: group.kind, weight: group.weight))
            }
        }
        return entries
    }
}

extension Substring {
    /// Without leading and trailing spaces (no Foundation needed).
    var trimmingSpaces: String {
        var slice = self[...]
        while slice.first == " " { slice = slice.dropFirst() }
        while slice.last == " " { slice = slice.dropLast() }
        return String(slice)
    }
}
