import Foundation

/// The words of a mention that say what it is about, reduced so that spelling variants meet:
/// lower-cased, stop words dropped, a light suffix stemmer (en, da, no, sv) and a fold of the
/// Danish, Norwegian and Swedish spelling differences (`æ`/`ä`, `ø`/`ö`, `aa`/`å`, `kj`/`k`,
/// `gj`/`g`, and the soft consonants `b d g` of Danish against `p t k`). The result is only ever
/// compared with other features, never shown; ``IssueLabel`` shows the original words.
///
/// Pure and deterministic.
public enum TextFeatures {
    /// Words shorter than this (after folding) carry no topic.
    static let minimumLength = 3
    /// At most this many distinct features per text (a long text is fingerprinted by its start).
    public static let maximumFeatures = 400

    /// The distinct features of `text`, in first-seen order.
    public static func features(of text: String) -> [String] {
        var seen: Set<String> = []
        var result: [String] = []
        for word in words(of: text) {
            guard let feature = feature(of: word), seen.insert(feature).inserted else { continue }
            result.append(feature)
            if result.count == maximumFeatures { break }
        }
        return result
    }

    /// Lower-cased letter runs (digits and signs split words; an apostrophe ends one).
    public static func words(of text: String) -> [Substring] {
        let lowered = text.lowercased()
        return lowered.split { !$0.isLetter }
    }

    /// The feature of one lower-cased word, or `nil` for a stop word or a too-short word.
    public static func feature(of word: Substring) -> String? {
        guard word.count >= 2, !StopWords.all.contains(String(word)) else { return nil }
        var folded = fold(String(word))
        folded = stem(folded)
        folded = soften(folded)
        return folded.count >= minimumLength ? folded : nil
    }

    /// Nordic letters to their common form; accents dropped.
    static func fold(_ word: String) -> String {
        var out = ""
        out.reserveCapacity(word.utf8.count)
        for character in word {
            switch character {
            case "æ", "ä": out.append("e")
            case "ø", "ö", "ó", "ò", "ô": out.append("o")
            case "å", "á", "à", "â": out.append("a")
            case "é", "è", "ê", "ë": out.append("e")
            case "ü", "ú", "ù", "û": out.append("u")
            case "í", "ì", "î", "ï": out.append("i")
            default: out.append(character)
            }
        }
        return out.replacingOccurrences(of: "aa", with: "a")
            .replacingOccurrences(of: "kj", with: "k")
            .replacingOccurrences(of: "gj", with: "g")
    }

    /// Endings of inflection and derivation, longest first (definite forms, plurals, past forms,
    /// `-ing`, `-ly`). Up to two are removed (`regningen` → `regning` → `regn`), each only when at
    /// least three letters stay.
    static let suffixes: [String] = [
        "erne", "ende", "arna", "orna", "erna", "heten", "else",
        "ene", "ane", "ede", "ing", "ies", "ets", "ens", "ers", "est",
        "ar", "er", "en", "et", "an", "na", "or", "ed", "es", "ly", "te", "de",
        "a", "e", "s", "t",
    ]

    static func stem(_ word: String) -> String {
        var word = word
        for _ in 0..<2 {
            guard let suffix = suffixes.first(where: { word.hasSuffix($0) && word.count - $0.count >= 3 }) else { break }
            word = String(word.dropLast(suffix.count))
        }
        return word
    }

    /// Soft and hard consonants to one (`købe`/`kjøpe`, `bog`/`bok`), doubled letters to one.
    static func soften(_ word: String) -> String {
        var out = ""
        var last: Character?
        for character in word {
            let hard: Character =
                switch character {
                case "b": "p"
                case "d": "t"
                case "g": "k"
                case "w": "v"
                case "c": "k"
                case "z": "s"
                default: character
                }
            if hard != last { out.append(hard) }
            last = hard
        }
        return out
    }
}
