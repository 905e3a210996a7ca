/// Case and diacritic folding for matching, by hand over Unicode scalars (no Foundation, no regex).
///
/// Both the text and every cue term go through the same folding, so a cue written "på" matches "på",
/// "paa" and "pa". Rules: lowercase; `å`, `ä`, `æ`, `à`… → `a`; `ø`, `ö`, `ò`… → `o`; `ü`… → `u`;
/// then, within a word, `aa` → `a`, `ae` → `a`, `oe` → `o` (so `æ` written `ae` and `ø` written `oe`
/// meet their folded forms).
enum Folding {
    /// What one scalar is to the tokenizer.
    enum Class: UInt8 {
        case letter, apostrophe, space, clauseBreak, sentenceEnd, question, exclamation, quote, at, hash,
            hyphen, emoji, other
    }

    /// The ASCII letter or digit a Latin scalar folds to (0 when none), for U+00C0…U+017F.
    private static let latinTable: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 0x180 - 0xC0)
        func set(_ range: ClosedRange<UInt32>, _ letter: Character) {
            for value in range { table[Int(value) - 0xC0] = letter.asciiValue! }
        }
        set(0xC0...0xC6, "a"); set(0xE0...0xE6, "a"); set(0xC7...0xC7, "c"); set(0xE7...0xE7, "c")
        set(0xC8...0xCB, "e"); set(0xE8...0xEB, "e"); set(0xCC...0xCF, "i"); set(0xEC...0xEF, "i")
        set(0xD0...0xD0, "d"); set(0xF0...0xF0, "d"); set(0xD1...0xD1, "n"); set(0xF1...0xF1, "n")
        set(0xD2...0xD6, "o"); set(0xF2...0xF6, "o"); set(0xD8...0xD8, "o"); set(0xF8...0xF8, "o")
        set(0xD9...0xDC, "u"); set(0xF9...0xFC, "u"); set(0xDD...0xDD, "y"); set(0xFD...0xFD, "y")
        set(0xFF...0xFF, "y"); set(0xDE...0xDE, "t"); set(0xFE...0xFE, "t"); set(0xDF...0xDF, "s")
        // Latin Extended-A comes in case pairs grouped by base letter.
        let extended: [(ClosedRange<UInt32>, Character)] = [
            (0x100...0x105, "a"), (0x106...0x10D, "c"), (0x10E...0x111, "d"), (0x112...0x11B, "e"),
            (0x11C...0x123, "g"), (0x124...0x127, "h"), (0x128...0x131, "i"), (0x134...0x135, "j"),
            (0x136...0x138, "k"), (0x139...0x142, "l"), (0x143...0x14B, "n"), (0x14C...0x153, "o"),
            (0x154...0x159, "r"), (0x15A...0x161, "s"), (0x162...0x167, "t"), (0x168...0x173, "u"),
            (0x174...0x175, "w"), (0x176...0x178, "y"), (0x179...0x17E, "z"),
        ]
        for (range, letter) in extended { set(range, letter) }
        return table
    }()

    /// Classifies `value` and gives the folded ASCII byte for a Latin letter or digit (0 otherwise).
    @inline(__always)
    static func classify(_ value: UInt32) -> (Class, UInt8) {
        if value < 0x80 {
            let byte = UInt8(value)
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): return (.letter, byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): return (.letter, byte | 0x20)
            case UInt8(ascii: "'"): return (.apostrophe, 0)
            case UInt8(ascii: "."), UInt8(ascii: "\n"): return (.sentenceEnd, 0)
            case UInt8(ascii: "?"): return (.question, 0)
            case UInt8(ascii: "!"): return (.exclamation, 0)
            case UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":"), UInt8(ascii: "("), UInt8(ascii: ")"):
                return (.clauseBreak, 0)
            case UInt8(ascii: "\""): return (.quote, 0)
            case UInt8(ascii: "@"): return (.at, 0)
            case UInt8(ascii: "#"): return (.hash, 0)
            case UInt8(ascii: "-"), UInt8(ascii: "/"), UInt8(ascii: "_"): return (.hyphen, 0)
            default: return (.space, 0)
            }
        }
        if value >= 0xC0 && value < 0x180 {
            let folded = latinTable[Int(value) - 0xC0]
            return folded == 0 ? (.other, 0) : (.letter, folded)
        }
        switch value {
        case 0x2019, 0x2018: return (.apostrophe, 0)
        case 0x201C, 0x201D, 0x201E, 0xAB, 0xBB: return (.quote, 0)
        case 0x2013, 0x2014: return (.clauseBreak, 0)
        case 0x2026: return (.sentenceEnd, 0)
        case 0x2000...0x206F, 0xA0...0xBF: return (.space, 0)
        case 0x1F000...0x1FAFF, 0x2600...0x27BF: return (.emoji, 0)
        default: return (.other, 0)
        }
    }

    /// Folds a term (a cue, a brand name) into its words, as the tokenizer would fold text.
    static func words(of term: String) -> [[UInt8]] {
        var words: [[UInt8]] = []
        var current: [UInt8] = []
        for scalar in term.unicodeScalars {
            let (kind, byte) = classify(scalar.value)
            if kind == .letter {
                append(byte, to: &current)
            } else if kind == .other, scalar.properties.isAlphabetic {
                appendOther(scalar, to: &current)
            } else if kind == .apostrophe {
                continue
            } else if !current.isEmpty {
                words.append(current)
                current = []
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// Appends a folded letter, collapsing `aa`, `ae` and `oe`.
    @inline(__always)
    static func append(_ byte: UInt8, to word: inout [UInt8]) {
        if let last = word.last {
            if last == UInt8(ascii: "a") && (byte == UInt8(ascii: "a") || byte == UInt8(ascii: "e")) { return }
            if last == UInt8(ascii: "o") && byte == UInt8(ascii: "e") { return }
        }
        word.append(byte)
    }

    /// A letter outside Latin: lowercased, kept as UTF-8.
    static func appendOther(_ scalar: Unicode.Scalar, to word: inout [UInt8]) {
        for lower in scalar.properties.lowercaseMapping.unicodeScalars {
            word.append(contentsOf: Array(String(lower).utf8))
        }
    }
}

/// FNV-1a, 64 bits: the word hashes the lexicon is indexed by (prefix hashes come for free).
enum WordHash {
    static let seed: UInt64 = 0xcbf2_9ce4_8422_2325

    @inline(__always)
    static func step(_ hash: UInt64, _ byte: UInt8) -> UInt64 {
        (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }

    static func of<C: Collection>(_ bytes: C) -> UInt64 where C.Element == UInt8 {
        var hash = seed
        for byte in bytes { hash = step(hash, byte) }
        return hash
    }
}
