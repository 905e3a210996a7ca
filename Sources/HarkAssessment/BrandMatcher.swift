/// Finds configured brands in a mention: names and aliases as whole words (a genitive `s` allowed),
/// `@handles` and `#hashtags` (also a hashtag that contains the name, `#boycottnordlys`), all folded, and
/// not where an exclusion phrase covers the match.
struct BrandMatcher: Sendable {
    /// A name, alias, or exclusion as folded words.
    private struct Form: Sendable {
        var brand: Int
        var hashes: [UInt64]
        /// The words run together, for handles and hashtags.
        var joined: [UInt8]
        /// Written with `@` or `#`: matches only a handle or hashtag.
        var tagOnly: Bool
    }

    /// Where a brand was found.
    struct Occurrence {
        var brand: Int
        var start: Int
        var end: Int
    }

    let names: [String]
    private var forms: [UInt64: [Int]] = [:]
    private var allForms: [Form] = []
    private var exclusions: [UInt64: [Int]] = [:]
    private var exclusionForms: [Form] = []
    /// Joined spellings of at least 4 bytes, to look for inside hashtags.
    private var hashtagNeedles: [(brand: Int, bytes: [UInt8])] = []
    /// Run-together spellings, for handles and hashtags written as one word.
    private var joinedForms: [UInt64: Int] = [:]

    var isEmpty: Bool { names.isEmpty }

    init(_ rules: [BrandRule]) {
        names = rules.map(\.name)
        for (brand, rule) in rules.enumerated() {
            for spelling in [rule.name] + rule.aliases {
                let tagOnly = spelling.hasPrefix("@") || spelling.hasPrefix("#")
                let words = Folding.words(of: spelling)
                guard !words.isEmpty else { continue }
                let joined = words.flatMap { $0 }
                let form = Form(brand: brand, hashes: words.map { WordHash.of($0) }, joined: joined, tagOnly: tagOnly)
                forms[form.hashes[0], default: []].append(allForms.count)
                allForms.append(form)
                if joinedForms[WordHash.of(joined)] == nil { joinedForms[WordHash.of(joined)] = brand }
                if joined.count >= 4 && hashtagNeedles.count < 2_000 { hashtagNeedles.append((brand, joined)) }
            }
            for phrase in rule.exclude {
                let words = Folding.words(of: phrase)
                guard !words.isEmpty else { continue }
                let form = Form(brand: brand, hashes: words.map { WordHash.of($0) }, joined: [], tagOnly: false)
                exclusions[form.hashes[0], default: []].append(exclusionForms.count)
                exclusionForms.append(form)
            }
        }
    }

    /// Every occurrence of a configured brand in `text`, in text order.
    func occurrences(in text: TokenizedText) -> [Occurrence] {
        guard !names.isEmpty else { return [] }
        let tokens = text.tokens
        var excluded: [(brand: Int, start: Int, end: Int)] = []
        if !exclusionForms.isEmpty {
            for index in tokens.indices {
                for formIndex in exclusions[tokens[index].hash] ?? [] {
                    let form = exclusionForms[formIndex]
                    if matches(form.hashes, at: index, in: text) {
                        excluded.append((form.brand, index, index + form.hashes.count))
                    }
                }
            }
        }
        var found: [Occurrence] = []
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            var matched: Occurrence? = nil
            let isTag = token.flags.contains(.handle) || token.flags.contains(.hashtag)
            for formIndex in forms[token.hash] ?? [] {
                let form = allForms[formIndex]
                if form.tagOnly && !isTag { continue }
                if matches(form.hashes, at: index, in: text),
                    matched.map({ $0.end - $0.start < form.hashes.count }) ?? true
                {
                    matched = Occurrence(brand: form.brand, start: index, end: index + form.hashes.count)
                }
            }
            if matched == nil { matched = genitive(at: index, in: text) }
            if matched == nil && isTag { matched = tag(at: index, in: text) }
            if let occurrence = matched {
                let isExcluded = excluded.contains {
                    $0.brand == occurrence.brand && $0.start <= occurrence.start && $0.end >= occurrence.end
                }
                if !isExcluded { found.append(occurrence) }
                index = occurrence.end
            } else {
                index += 1
            }
        }
        return found
    }

    private func matches(_ hashes: [UInt64], at index: Int, in text: TokenizedText) -> Bool {
        guard index + hashes.count <= text.tokens.count else { return false }
        for offset in 0..<hashes.count where text.tokens[index + offset].hash != hashes[offset] { return false }
        return true
    }

    /// "Nordlys's", "Nordlys'" (apostrophes fold away) and Nordic genitives: a one-word name plus `s`.
    private func genitive(at index: Int, in text: TokenizedText) -> Occurrence? {
        let word = text.word(index)
        guard word.count >= 4, word.last == UInt8(ascii: "s") else { return nil }
        let hash = WordHash.of(word.dropLast())
        for formIndex in forms[hash] ?? [] where allForms[formIndex].hashes.count == 1 && !allForms[formIndex].tagOnly {
            return Occurrence(brand: allForms[formIndex].brand, start: index, end: index + 1)
        }
        // "Løftehusets": the definite genitive of a name ending in a vowel.
        let article = word.count >= 6 ? word[word.endIndex - 2] : 0
        if article == UInt8(ascii: "t") || article == UInt8(ascii: "n") {
            let stem = WordHash.of(word.dropLast(2))
            for formIndex in forms[stem] ?? [] where allForms[formIndex].hashes.count == 1 {
                if allForms[formIndex].tagOnly { continue }
                return Occurrence(brand: allForms[formIndex].brand, start: index, end: index + 1)
            }
        }
        return nil
    }

    /// A handle or hashtag: the brand's words run together, or (hashtags) containing them.
    private func tag(at index: Int, in text: TokenizedText) -> Occurrence? {
        let word = text.word(index)
        var plain: [UInt8] = []
        plain.reserveCapacity(word.count)
        for byte in word where byte != UInt8(ascii: "_") && byte != UInt8(ascii: "-") { plain.append(byte) }
        if let brand = joinedForms[WordHash.of(plain)] { return Occurrence(brand: brand, start: index, end: index + 1) }
        guard text.tokens[index].flags.contains(.hashtag), plain.count <= 140 else { return nil }
        for needle in hashtagNeedles where needle.bytes.count <= plain.count {
            if contains(plain, needle.bytes) { return Occurrence(brand: needle.brand, start: index, end: index + 1) }
        }
        return nil
    }

    private func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        for start in 0...(haystack.count - needle.count) {
            var equal = true
            for offset in 0..<needle.count where haystack[start + offset] != needle[offset] {
                equal = false
                break
            }
            if equal { return true }
        }
        return false
    }
}
