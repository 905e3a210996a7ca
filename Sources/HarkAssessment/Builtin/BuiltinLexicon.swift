import HarkCore

/// The built-in cue and category lists: the project's own work, written for this assessor. Each
/// language has its own file; terms are folded as the text is (case, diacritics), `*` ends a prefix.
enum BuiltinLexicon {
    /// A group of terms of one kind and weight, written `a | b c | d*`.
    struct Group {
        var kind: LexiconEntry.Kind
        var weight: Double
        var terms: String

        init(_ kind: CueKind, _ weight: Double, _ terms: String) {
            self.kind = .cue(kind)
            self.weight = weight
            self.terms = terms
        }

        init(_ category: Category, _ weight: Double, _ terms: String) {
            self.kind = .topic(category)
            self.weight = weight
            self.terms = terms
        }
    }

    static var cueGroups: [Group] { english + danish + norwegian + swedish + shared }
    static var topicGroups: [Group] { topics }

    static func entries(_ groups: [Group]) -> [LexiconEntry] {
        var entries: [LexiconEntry] = []
        for group in groups {
            for term in group.terms.split(whereSeparator: { $0 == "|" || $0 == "\n" }) {
                let trimmed = term.trimmingSpaces
                if trimmed.isEmpty { continue }
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
