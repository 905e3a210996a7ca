import Foundation

/// The words of a mention that say what it is about, reduced so that spelling variants meet:
/// lower-cased, stop words dropped, a light suffix stemmer (en, da, no, sv) and a fold of the
/// Danish, Norwegian and Swedish spelling differences (`æ`/`ä`, `ø`/`ö`, `aa`/`å`, `kj`/`k`,
/// `gj`/`g`, and the soft consonants `b d g` of Danish against `p t k`). The result is only ever
/// compared with other features, never shown; ``IssueTerms`` shows the words as written.
///
/// Works on bytes: Latin letters fold to ASCII on the way in, other letters are kept as their
/// lower-cased UTF-8. Pure and deterministic.
public enum TextFeatures {
    /// Words shorter than this (after folding) carry no topic.
    static let minimumLength = 3
    /// At most this many distinct features per text (a long text is fingerprinted by its start).
    public static let maximumFeatures = 400

    /// One feature: its folded form and the word as written.
    public struct Feature: Sendable, Hashable {
        public var folded: [UInt8]
        public var word: Substring

        /// The folded form as text.
        public var key: String { String(decoding: folded, as: UTF8.self) }
    }

    /// The distinct features of `text`, in first-seen order, as text.
    public static func features(of text: String) -> [String] {
        analyse(text).map(\.key)
    }

    /// The distinct features of `text` with the words they came from, in first-seen order.
    public static func analyse(_ text: String) -> [Feature] {
        var seen: Set<[UInt8]> = []
        var result: [Feature] = []
        var word: [UInt8] = []
        var start = text.unicodeScalars.startIndex
        var index = start
        let scalars = text.unicodeScalars
        func finish(_ end: String.UnicodeScalarView.Index) {
            defer { word.removeAll(keepingCapacity: true) }
            guard result.count < maximumFeatures, let folded = feature(folding: word), seen.insert(folded).inserted
            else { return }
            result.append(Feature(folded: folded, word: Substring(scalars[start..<end])))
        }
        while index < scalars.endIndex {
            let scalar = scalars[index]
            if scalar.properties.isAlphabetic {
                if word.isEmpty { start = index }
                appendFolded(scalar, to: &word)
            } else if !word.isEmpty {
                finish(index)
            }
            index = scalars.index(after: index)
        }
        if !word.isEmpty { finish(scalars.endIndex) }
        return result
    }

    /// The folded letters of a word to its feature: stop words and short words are dropped, then
    /// the spelling fold, the stemmer and the consonant fold.
    static func feature(folding letters: [UInt8]) -> [UInt8]? {
        guard letters.count >= 2, !StopWords.folded.contains(letters) else { return nil }
        var word = digraphs(letters)
        stem(&word)
        soften(&word)
        return word.count >= minimumLength ? word : nil
    }

    /// A letter, lower-cased, with the Nordic letters and accents folded to ASCII.
    static func appendFolded(_ scalar: Unicode.Scalar, to word: inout [UInt8]) {
        let value = scalar.value
        switch value {
        case 0x41...0x5A: word.append(UInt8(value + 0x20))
        case 0x61...0x7A: word.append(UInt8(value))
        case 0xE6, 0xC6, 0xE4, 0xC4, 0xE8...0xEB, 0xC8...0xCB: word.append(UInt8(ascii: "e"))  // æ ä è-ë
        case 0xF8, 0xD8, 0xF6, 0xD6, 0xF2...0xF5, 0xD2...0xD5: word.append(UInt8(ascii: "o"))  // ø ö ò-õ
        case 0xE5, 0xC5, 0xE0...0xE3, 0xC0...0xC3: word.append(UInt8(ascii: "a"))  // å à-ã
        case 0xF9...0xFC, 0xD9...0xDC: word.append(UInt8(ascii: "u"))
        case 0xEC...0xEF, 0xCC...0xCF: word.append(UInt8(ascii: "i"))
        case 0xF1, 0xD1: word.append(UInt8(ascii: "n"))
        case 0xE7, 0xC7: word.append(UInt8(ascii: "c"))
        case 0xDF: word.append(contentsOf: [UInt8(ascii: "s"), UInt8(ascii: "s")])
        default:
            for lower in scalar.properties.lowercaseMapping.unicodeScalars { word.append(contentsOf: Array(String(lower).utf8)) }
        }
    }

    /// `aa` → `a`, `kj` → `k`, `gj` → `g`.
    static func digraphs(_ letters: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(letters.count)
        for byte in letters {
            if let last = out.last {
                if last == UInt8(ascii: "a"), byte == UInt8(ascii: "a") { continue }
                if byte == UInt8(ascii: "j"), last == UInt8(ascii: "k") || last == UInt8(ascii: "g") { continue }
            }
            out.append(byte)
        }
        return out
    }

    /// Endings of inflection and derivation, longest first (definite forms, plurals, past forms,
    /// `-ing`, `-ly`). Up to two are removed (`regningen` → `regning` → `regn`), each only when at
    /// least three letters stay.
    static let suffixes: [[UInt8]] = [
        "erne", "ende", "arna", "orna", "erna", "heten", "else",
        "ene", "ane", "ede", "ing", "ies", "ets", "ens", "ers", "est",
        "ar", "er", "en", "et", "an", "na", "or", "ed", "es", "ly", "te", "de",
        "a", "e", "s", "t",
    ].map { Array($0.utf8) }

    static func stem(_ word: inout [UInt8]) {
        for _ in 0..<2 {
            guard
                let suffix = suffixes.first(where: { word.count - $0.count >= 3 && word.suffix($0.count).elementsEqual($0) })
            else { return }
            word.removeLast(suffix.count)
        }
    }

    /// Soft and hard consonants to one (`købe`/`kjøpe`, `bog`/`bok`), doubled letters to one.
    static func soften(_ word: inout [UInt8]) {
        var out = 0
        var last: UInt8 = 0
        for index in word.indices {
            var byte = word[index]
            switch byte {
            case UInt8(ascii: "b"): byte = UInt8(ascii: "p")
            case UInt8(ascii: "d"): byte = UInt8(ascii: "t")
            case UInt8(ascii: "g"), UInt8(ascii: "c"): byte = UInt8(ascii: "k")
            case UInt8(ascii: "w"): byte = UInt8(ascii: "v")
            case UInt8(ascii: "z"): byte = UInt8(ascii: "s")
            default: break
            }
            if byte != last {
                word[out] = byte
                out += 1
            }
            last = byte
        }
        word.removeLast(word.count - out)
    }
}
