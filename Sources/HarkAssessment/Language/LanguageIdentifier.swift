/// Identifies `en`, `da`, `no`, `sv` (else `und`) from folded words: known words of each language,
/// character trigrams learnt from the same word lists, and spelling markers (`æ`/`ø` against `ä`/`ö`,
/// `-sjon`, `hv-`, Danish `-erne`). Scores are summed, so a short text still has a best guess.
struct LanguageIdentifier: Sendable {
    static let codes = ["en", "da", "no", "sv"]
    private static let count = 4
    private static let buckets = 1 << 13

    /// For each known word as written (diacritics kept): which languages list it (bit per language).
    private let words: WordTable<UInt8>
    /// The same, folded: the fallback for text typed without diacritics.
    private let folded: WordTable<UInt8>
    /// Log-probability of each trigram bucket per language, `buckets * count`.
    private let trigrams: [SIMD4<Float>]

    init() {
        var words: [UInt64: UInt8] = [:]
        var folded: [UInt64: UInt8] = [:]
        var counts = [Float](repeating: 1, count: Self.buckets * Self.count)
        var totals = [Float](repeating: Float(Self.buckets), count: Self.count)
        let lists = [LanguageWords.english, LanguageWords.danish, LanguageWords.norwegian, LanguageWords.swedish]
        for (language, list) in lists.enumerated() {
            var seen = Set<UInt64>()
            for term in list.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
                words[LanguageHash.of(term), default: 0] |= 1 << UInt8(language)
                for word in Folding.words(of: String(term)) {
                    let hash = WordHash.of(word)
                    folded[hash, default: 0] |= 1 << UInt8(language)
                    guard seen.insert(hash).inserted else { continue }
                    Self.forEachTrigram(word[...]) { bucket in
                        counts[bucket * Self.count + language] += 1
                        totals[language] += 1
                    }
                }
            }
        }
        for bucket in 0..<Self.buckets {
            for language in 0..<Self.count {
                counts[bucket * Self.count + language] = logf(counts[bucket * Self.count + language] / totals[language])
            }
        }
        self.words = WordTable(words)
        self.folded = WordTable(folded)
        self.trigrams = (0..<Self.buckets).map { bucket in
            SIMD4(counts[bucket * 4], counts[bucket * 4 + 1], counts[bucket * 4 + 2], counts[bucket * 4 + 3])
        }
    }

    @inline(__always)
    private static func forEachTrigram(_ word: ArraySlice<UInt8>, _ body: (Int) -> Void) {
        // The word padded with a space at each end: " ab", "abc", ..., "yz ".
        var a: UInt32 = 32
        var b: UInt32 = 32
        for byte in word {
            let c = UInt32(byte)
            if a != 32 || b != 32 { body(Int((a &* 961 &+ b &* 31 &+ c) % UInt32(buckets))) }
            a = b
            b = c
        }
        body(Int((a &* 961 &+ b &* 31 &+ 32) % UInt32(buckets)))
    }

    /// The language of `text`, and the per-language scores (for tests and cues).
    func identify(_ text: TokenizedText) -> String {
        var score = SIMD4<Float>(repeating: 0)
        var known = 0
        var letters = 0
        var gram = SIMD4<Float>(repeating: 0)
        var grams = 0
        for index in text.tokens.indices {
            let token = text.tokens[index]
            if !token.flags.isDisjoint(with: [.emoji, .handle, .hashtag]) { continue }
            let word = text.word(index)
            guard let first = word.first, first >= UInt8(ascii: "a") || first >= 0x80 else { continue }
            letters += 1
            if let mask = words[token.exactHash] {
                known += 1
                let share: Float = 1 / Float(mask.nonzeroBitCount)
                for language in 0..<Self.count where mask & (1 << UInt8(language)) != 0 {
                    score[language] += 0.6 + share
                }
            } else if let mask = folded[token.hash] {
                known += 1
                let share: Float = 0.5 / Float(mask.nonzeroBitCount)
                for language in 0..<Self.count where mask & (1 << UInt8(language)) != 0 {
                    score[language] += 0.3 + share
                }
            }
            Self.forEachTrigram(word) { bucket in
                grams += 1
                gram += trigrams[bucket]
            }
            markWord(word, &score)
        }
        let markers = text.markers
        let nordic = Float(min(markers.ae + markers.oSlash, 6))
        score[1] += nordic * 0.5
        score[2] += nordic * 0.5
        score[3] += Float(min(markers.aUmlaut + markers.oUmlaut, 6)) * 0.8
        if markers.aRing > 0 { for language in 1...3 { score[language] += 0.3 } }
        if markers.ae + markers.oSlash + markers.aRing + markers.aUmlaut + markers.oUmlaut > 0 { score[0] -= 1 }
        if grams > 0 {
            let mean = gram.sum() / Float(Self.count)
            score += (gram - SIMD4(repeating: mean)) * 0.35
        }
        if markers.nonLatin > letters * 2 || letters == 0 { return "und" }
        var best = 0
        for language in 1..<Self.count where score[language] > score[best] { best = language }
        // Nothing known and little else: not a language this assessor knows.
        if known == 0 && letters < 3 && score[best] < 1.5 { return "und" }
        if known * 5 < letters && letters >= 6 && score[best] < Float(letters) * 0.3 { return "und" }
        return Self.codes[best]
    }

    /// Spelling markers of one folded word.
    @inline(__always)
    private func markWord(_ word: ArraySlice<UInt8>, _ score: inout SIMD4<Float>) {
        let count = word.count
        guard count >= 4 else { return }
        let base = word.startIndex
        if word[base] == UInt8(ascii: "h") && word[base + 1] == UInt8(ascii: "v") {
            score[1] += 0.4
            score[2] += 0.4
        }
        let end = word.endIndex
        let (c1, c2, c3, c4) = (word[end - 4], word[end - 3], word[end - 2], word[end - 1])
        if c1 == UInt8(ascii: "s") && c2 == UInt8(ascii: "j") && c3 == UInt8(ascii: "o") && c4 == UInt8(ascii: "n") {
            score[2] += 0.8
        }
        if c1 == UInt8(ascii: "e") && c2 == UInt8(ascii: "r") && c3 == UInt8(ascii: "n") && c4 == UInt8(ascii: "e") {
            score[1] += 0.5
        }
        if c1 == UInt8(ascii: "k") && c2 == UInt8(ascii: "k") && c3 == UInt8(ascii: "j") && c4 == UInt8(ascii: "e") {
            score[2] += 1
        }
        if (c2 == UInt8(ascii: "i") && c3 == UInt8(ascii: "g") && c4 == UInt8(ascii: "t"))
            || (c2 == UInt8(ascii: "h") && c3 == UInt8(ascii: "e") && c4 == UInt8(ascii: "d"))
        {
            score[1] += 0.6
        }
        // Norwegian "kj", "gj" (kjøpe, gjøre) and "øy" (høy); doubled final consonants (jobb, takk).
        for offset in 0..<(count - 1) {
            let a = word[base + offset], b = word[base + offset + 1]
            if (a == UInt8(ascii: "k") || a == UInt8(ascii: "g")) && b == UInt8(ascii: "j") { score[2] += 0.5 }
            if a == UInt8(ascii: "o") && b == UInt8(ascii: "y") { score[2] += 0.3 }
            if a == UInt8(ascii: "e") && b == UInt8(ascii: "i") { score[2] += 0.2 }
            // Danish "ej" (vej, dejlig) where Norwegian writes "ei".
            if a == UInt8(ascii: "e") && b == UInt8(ascii: "j") { score[1] += 0.2 }
        }
        // Danish final "øj" (høj, værktøj; folded "oj") where Norwegian writes "øy".
        if c3 == UInt8(ascii: "o") && c4 == UInt8(ascii: "j") { score[1] += 0.4 }
        // Danish past tense "-ede" (købte, skiftede) where Norwegian writes "-et" or "-a".
        if c2 == UInt8(ascii: "e") && c3 == UInt8(ascii: "d") && c4 == UInt8(ascii: "e") && count >= 6 {
            score[1] += 0.3
        }
        let last = word[base + count - 1]
        let doubled: [UInt8] = [UInt8(ascii: "b"), UInt8(ascii: "k"), UInt8(ascii: "p"), UInt8(ascii: "g"), UInt8(ascii: "t")]
        if last == word[base + count - 2], doubled.contains(last) {
            score[2] += 0.3
            score[3] += 0.15
        }
    }
}

@inline(__always)
private func logf(_ value: Float) -> Float {
    // Natural logarithm without Foundation: log2 via the exponent, refined by a short series.
    var x = value
    var exponent: Float = 0
    while x > 2 { x /= 2; exponent += 1 }
    while x < 1 { x *= 2; exponent -= 1 }
    let y = (x - 1) / (x + 1)
    let y2 = y * y
    let series = 2 * y * (1 + y2 / 3 + y2 * y2 / 5 + y2 * y2 * y2 / 7)
    return series + exponent * 0.693_147_2
}
