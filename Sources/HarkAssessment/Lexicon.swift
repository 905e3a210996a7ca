import HarkCore

/// One term of a lexicon: a cue of some kind, or a keyword of a category.
struct LexiconEntry: Sendable {
    enum Kind: Sendable, Hashable {
        case cue(CueKind)
        case topic(Category)
    }

    var term: String
    var kind: Kind
    var weight: Double
}

/// Terms compiled for matching: indexed by the hash of their first folded word (or of its prefix, for
/// `word*`), so matching costs a few dictionary look-ups per word of text, whatever the lexicon's size.
struct Lexicon: Sendable {
    struct WordPattern: Sendable {
        var hash: UInt64
        var length: Int
        var isPrefix: Bool
    }

    struct Pattern: Sendable {
        var words: [WordPattern]
        var kind: LexiconEntry.Kind
        var weight: Double
        /// The term as written, for `cues`.
        var label: String
    }

    /// A pattern found at tokens `start..<end`.
    struct Match {
        var pattern: Int32
        var start: Int32
        var end: Int32
    }

    private(set) var patterns: [Pattern] = []
    /// Per pattern: word count and weight, kept apart so matching reads plain numbers.
    private var wordCounts: [Int] = []
    private var weights: [Double] = []
    private var exact = WordTable<[Int32]>([:])
    private var prefixed = WordTable<[Int32]>([:])
    private var building: (exact: [UInt64: [Int32]], prefixed: [UInt64: [Int32]], suffixed: [UInt64: [Int32]]) = (
        [:], [:], [:]
    )
    /// `prefixLengths[n]`: some pattern's first word is a prefix of `n` bytes.
    private var prefixLengths = [Bool](repeating: false, count: Lexicon.maxPrefix + 1)
    private var hasPrefixes = false
    /// The longest first-word prefix of any pattern: a word is hashed no further.
    private var longestPrefix = 0
    /// Words that are negators on their own ("not", "ikke").
    private var negators = WordTable<Bool>([:])
    /// One-word terms written `*word`: the end of a compound ("ekspeditionsgebyr" for `*gebyr`).
    private var suffixed = WordTable<[Int32]>([:])
    private var suffixLengths: [Int] = []

    static let maxPrefix = 40
    static let minPrefix = 3

    init(_ entries: [LexiconEntry]) {
        for entry in entries { add(entry) }
        exact = WordTable(building.exact)
        prefixed = WordTable(building.prefixed)
        suffixed = WordTable(building.suffixed)
        building = ([:], [:], [:])
        var negatorWords: [UInt64: Bool] = [:]
        for pattern in patterns where pattern.kind == .cue(.negator) && pattern.words.count == 1 {
            negatorWords[pattern.words[0].hash] = true
        }
        negators = WordTable(negatorWords)
        wordCounts = patterns.map(\.words.count)
        weights = patterns.map(\.weight)
    }

    /// Whether a folded word is a negator by itself.
    func isNegator(_ hash: UInt64) -> Bool { negators[hash] ?? false }

    private mutating func add(_ entry: LexiconEntry) {
        if entry.term.hasPrefix("*") {
            let folded = Folding.words(of: String(entry.term.dropFirst()))
            guard folded.count == 1, folded[0].count >= Lexicon.minPrefix, folded[0].count <= Lexicon.maxPrefix else {
                return
            }
            let word = folded[0]
            let index = Int32(patterns.count)
            patterns.append(
                Pattern(
                    words: [WordPattern(hash: WordHash.of(word), length: word.count, isPrefix: false)],
                    kind: entry.kind, weight: entry.weight, label: entry.term.replacingStars))
            building.suffixed[WordHash.of(word), default: []].append(index)
            if !suffixLengths.contains(word.count) { suffixLengths.append(word.count) }
            return
        }
        var words: [WordPattern] = []
        let raw = entry.term.split(whereSeparator: { $0 == " " || $0 == "\t" })
        for piece in raw {
            let isPrefix = piece.hasSuffix("*")
            let folded = Folding.words(of: String(isPrefix ? piece.dropLast() : piece[...]))
            for (index, word) in folded.enumerated() {
                let prefix = isPrefix && index == folded.count - 1
                if prefix && (word.count < Lexicon.minPrefix || word.count > Lexicon.maxPrefix) {
                    words.append(WordPattern(hash: WordHash.of(word), length: word.count, isPrefix: false))
                } else {
                    words.append(WordPattern(hash: WordHash.of(word), length: word.count, isPrefix: prefix))
                }
            }
        }
        guard let first = words.first, words.count <= 8 else { return }
        let index = Int32(patterns.count)
        patterns.append(Pattern(words: words, kind: entry.kind, weight: entry.weight, label: entry.term.replacingStars))
        if first.isPrefix {
            building.prefixed[first.hash, default: []].append(index)
            prefixLengths[first.length] = true
            hasPrefixes = true
            longestPrefix = max(longestPrefix, first.length)
        } else {
            building.exact[first.hash, default: []].append(index)
        }
    }

    var isEmpty: Bool { patterns.isEmpty }

    /// Longest matches from left to right, not overlapping, each within one sentence.
    func matches(in text: TokenizedText) -> [Match] {
        var found: [Match] = []
        let tokens = text.tokens
        var index = 0
        while index < tokens.count {
            var best: Best? = nil
            if let candidates = exact[tokens[index].hash] { consider(candidates, at: index, in: text, best: &best) }
            if hasPrefixes {
                let token = tokens[index]
                var hash = WordHash.seed
                let limit = min(token.length, longestPrefix)
                var position = Int(token.start)
                for length in 1...max(limit, 1) where length <= limit {
                    hash = WordHash.step(hash, text.bytes[position])
                    position += 1
                    if length >= Lexicon.minPrefix, prefixLengths[length], let candidates = prefixed[hash] {
                        consider(candidates, at: index, in: text, best: &best)
                    }
                }
            }
            if best == nil && !suffixLengths.isEmpty {
                let token = tokens[index]
                for length in suffixLengths where length < token.length {
                    let hash = WordHash.of(text.bytes[(Int(token.end) - length)..<Int(token.end)])
                    if let candidates = suffixed[hash] { consider(candidates, at: index, in: text, best: &best) }
                }
            }
            if let best {
                found.append(Match(pattern: best.pattern, start: Int32(index), end: Int32(index + best.count)))
                index += best.count
            } else {
                index += 1
            }
        }
        return found
    }

    /// The longest (then heaviest) match found so far at a token.
    private typealias Best = (pattern: Int32, count: Int, weight: Double)

    /// Keeps in `best` the longest, then heaviest, of `candidates` that matches at `index`.
    /// A method with an `inout` rather than a closure over `best`: no dynamic exclusivity check.
    @inline(__always)
    private func consider(_ candidates: [Int32], at index: Int, in text: TokenizedText, best: inout Best?) {
        for candidate in candidates {
            let count = wordCounts[Int(candidate)]
            let weight = weights[Int(candidate)]
            if let best, best.count > count || (best.count == count && best.weight >= weight) { continue }
            if count > 1 && !rest(of: patterns[Int(candidate)], at: index, in: text) { continue }
            best = (candidate, count, weight)
        }
    }

    /// Whether the words after the first match the tokens after `index`, in the same sentence.
    private func rest(of pattern: Pattern, at index: Int, in text: TokenizedText) -> Bool {
        let tokens = text.tokens
        guard index + pattern.words.count <= tokens.count else { return false }
        let sentence = tokens[index].sentence
        for offset in 1..<pattern.words.count {
            let word = pattern.words[offset]
            let token = tokens[index + offset]
            if token.sentence != sentence { return false }
            if word.isPrefix {
                if token.length < word.length || text.prefixHash(index + offset, length: word.length) != word.hash {
                    return false
                }
            } else if token.hash != word.hash {
                return false
            }
        }
        return true
    }
}
