/// One word of a mention, folded, with where it stands.
struct Token {
    /// Byte range of the folded word in `TokenizedText.bytes`.
    var start: Int32
    var end: Int32
    /// `WordHash` of the folded word.
    var hash: UInt64
    /// Hash of the lowercased word with its diacritics (`når` and `när` differ), for language identification.
    var exactHash: UInt64
    var flags: Flags
    /// Index of the sentence (split at `.`, `!`, `?`, line breaks) and the clause (also `,` `;` `:`).
    var sentence: Int32
    var clause: Int32

    var length: Int { Int(end - start) }

    struct Flags: OptionSet {
        let rawValue: UInt8
        static let handle = Flags(rawValue: 1)
        static let hashtag = Flags(rawValue: 2)
        static let shouted = Flags(rawValue: 4)
        static let quoted = Flags(rawValue: 8)
        static let sentenceStart = Flags(rawValue: 16)
        static let commaAfter = Flags(rawValue: 32)
        static let emoji = Flags(rawValue: 64)
        /// The only word inside quotation marks ("it was 'delivered'"): a scare quote.
        static let scareQuoted = Flags(rawValue: 128)
    }
}

/// A mention cut into folded words, plus the spelling markers language identification needs.
struct TokenizedText {
    var bytes: [UInt8] = []
    var tokens: [Token] = []
    /// Whether each sentence ended with a question mark.
    var questions: [Bool] = []
    /// Sentences ending in `!` count, and `!!`-runs.
    var exclamations = 0
    /// Insistent questions: `??`, `?!` or `!?`.
    var insistentQuestions = 0
    /// Counts of `æ`, `ø`, `å`, `ä`, `ö` (either case), for language identification.
    var markers = LetterMarkers()
    /// Index of the first token of each part (subject or title, then the body).
    var partStarts: [Int] = []

    struct LetterMarkers {
        var ae = 0, oSlash = 0, aRing = 0, aUmlaut = 0, oUmlaut = 0, otherLatin = 0, nonLatin = 0
    }

    /// The folded bytes of token `index`.
    func word(_ index: Int) -> ArraySlice<UInt8> {
        let token = tokens[index]
        return bytes[Int(token.start)..<Int(token.end)]
    }

    /// The `WordHash` of the first `length` bytes of token `index`.
    func prefixHash(_ index: Int, length: Int) -> UInt64 {
        let token = tokens[index]
        return WordHash.of(bytes[Int(token.start)..<Int(token.start) + length])
    }
}

/// The hash of a lowercased word that keeps its diacritics.
enum LanguageHash {
    @inline(__always)
    static func step(_ hash: UInt64, _ value: UInt32) -> UInt64 {
        var lower = value
        if (0x41...0x5A).contains(value) || ((0xC0...0xDE).contains(value) && value != 0xD7) { lower = value | 0x20 }
        var next = WordHash.step(hash, UInt8(truncatingIfNeeded: lower))
        if lower >= 0x80 { next = WordHash.step(WordHash.step(next, UInt8(truncatingIfNeeded: lower >> 8)), 0xFF) }
        return next
    }

    static func of(_ word: Substring) -> UInt64 {
        var hash = WordHash.seed
        for scalar in word.unicodeScalars { hash = step(hash, scalar.value) }
        return hash
    }
}

/// The emoji that carry sentiment, as pseudo-words the lexicon can name (`emoji:eyeroll`).
enum EmojiWords {
    static func word(for value: UInt32) -> String? {
        switch value {
        case 0x1F644: return "emojieyeroll"
        case 0x1F44F: return "emojiclap"
        case 0x1F926, 0x1F937: return "emojifacepalm"
        case 0x1F624, 0x1F629, 0x1F611, 0x1F615, 0x1F620, 0x1F621, 0x1F92C, 0x1F61E, 0x1F612, 0x1F44E, 0x1F62B,
            0x1F61F, 0x1F622, 0x1F62D, 0x1F610, 0x1F92E, 0x1F4A9:
            return "emojiangry"
        case 0x1F60D, 0x1F60A, 0x1F604, 0x1F64C, 0x1F44D, 0x1F44C, 0x1F525, 0x1F970, 0x1F600, 0x1F601, 0x1F603,
            0x2764, 0x1F496, 0x1F499, 0x1F49A, 0x1F929, 0x1F60E, 0x1F973, 0x2B50, 0x1F31F, 0x1F338:
            return "emojihappy"
        default: return nil
        }
    }
}

enum Tokenizer {
    /// Longest text read, in scalars: a mention beyond this is judged on its beginning.
    static let maxScalars = 200_000

    static func tokenize(_ parts: [String]) -> TokenizedText {
        var out = TokenizedText()
        out.bytes.reserveCapacity(256)
        out.tokens.reserveCapacity(64)
        var state = State()
        var budget = maxScalars
        for part in parts {
            out.partStarts.append(out.tokens.count)
            for scalar in part.unicodeScalars {
                budget -= 1
                if budget < 0 { break }
                state.feed(scalar, into: &out)
            }
            state.endSentence(into: &out, question: false)
        }
        state.endSentence(into: &out, question: false)
        markQuotes(&out, spans: state.quoteSpans)
        return out
    }

    private static func markQuotes(_ out: inout TokenizedText, spans: [(Int, Int)]) {
        for (start, end) in spans where end > start && end - start <= 4 {
            for index in start..<end { out.tokens[index].flags.insert(.quoted) }
            if end - start == 1 { out.tokens[start].flags.insert(.scareQuoted) }
        }
    }

    struct State {
        /// The last `?` or `!` just before (spaces aside), for `??` and `?!`.
        var lastMark: UInt32 = 0
        var word: [UInt8] = []
        var exact = WordHash.seed
        var digitsOnly = true
        var upper = 0
        var lower = 0
        var pendingFlags: Token.Flags = [.sentenceStart]
        var sentence: Int32 = 0
        var clause: Int32 = 0
        var sentenceHasTokens = false
        var pendingDot = false
        var lastWasSpace = false
        var quoteOpen: Int? = nil
        var quoteSpans: [(Int, Int)] = []

        mutating func feed(_ scalar: Unicode.Scalar, into out: inout TokenizedText) {
            let value = scalar.value
            var (kind, byte) = Folding.classify(value)
            countMarker(value, &out.markers)
            if kind == .other && scalar.properties.isAlphabetic {
                kind = .letter
                out.markers.nonLatin += 1
            }
            if pendingDot {
                pendingDot = false
                // "6.99", "hyldeguld.dk": a dot inside a word is no sentence end; nor is the dot of an
                // ordinal ("5. dag", "1. juni").
                if kind == .letter && !word.isEmpty { flush(into: &out); append(scalar, byte, &out); return }
                let ordinal = digitsOnly && !word.isEmpty
                flush(into: &out)
                if !ordinal { endSentence(into: &out, question: false) }
            }
            defer { lastMark = kind == .question || kind == .exclamation ? value : (kind == .space ? lastMark : 0) }
            switch kind {
            case .letter:
                append(scalar, byte, &out)
            case .apostrophe:
                if word.isEmpty { toggleQuote(&out) }
            case .sentenceEnd:
                if value == 0x2E && !word.isEmpty { pendingDot = true; return }
                flush(into: &out)
                endSentence(into: &out, question: false)
            case .question:
                flush(into: &out)
                if lastMark != 0 { out.insistentQuestions += 1 }
                endSentence(into: &out, question: true)
            case .exclamation:
                flush(into: &out)
                if lastMark == 0x3F { out.insistentQuestions += 1 }
                out.exclamations += 1
                endSentence(into: &out, question: false)
            case .clauseBreak:
                flush(into: &out)
                if value == 0x2C || value == 0x3A, let last = out.tokens.indices.last,
                    out.tokens[last].sentence == sentence
                {
                    out.tokens[last].flags.insert(.commaAfter)
                }
                clause += 1
            case .quote:
                flush(into: &out)
                toggleQuote(&out)
            case .at:
                flush(into: &out)
                pendingFlags.insert(.handle)
            case .hash:
                flush(into: &out)
                pendingFlags.insert(.hashtag)
            case .hyphen:
                // Handles and hashtags keep their `_` and `-` inside.
                if pendingFlags.contains(.handle) || pendingFlags.contains(.hashtag), !word.isEmpty { return }
                flush(into: &out)
            case .emoji:
                flush(into: &out)
                if let name = EmojiWords.word(for: value) {
                    for unit in name.utf8 { word.append(unit) }
                    pendingFlags.insert(.emoji)
                    flush(into: &out)
                }
            case .space, .other:
                flush(into: &out)
            }
        }

        private mutating func toggleQuote(_ out: inout TokenizedText) {
            if let open = quoteOpen {
                quoteSpans.append((open, out.tokens.count))
                quoteOpen = nil
            } else {
                quoteOpen = out.tokens.count
            }
        }

        @inline(__always)
        private mutating func append(_ scalar: Unicode.Scalar, _ byte: UInt8, _ out: inout TokenizedText) {
            if byte != 0 {
                Folding.append(byte, to: &word)
            } else {
                Folding.appendOther(scalar, to: &word)
            }
            exact = LanguageHash.step(exact, scalar.value)
            if byte < UInt8(ascii: "0") || byte > UInt8(ascii: "9") { digitsOnly = false }
            let value = scalar.value
            if value < 0x80 {
                if value >= 0x41 && value <= 0x5A { upper += 1 } else if value >= 0x61 { lower += 1 }
            } else if value < 0x100 {
                if value < 0xDF && value != 0xD7 { upper += 1 } else { lower += 1 }
            } else {
                let properties = scalar.properties
                if properties.isUppercase { upper += 1 } else if properties.isLowercase { lower += 1 }
            }
        }

        mutating func flush(into out: inout TokenizedText) {
            guard !word.isEmpty else { return }
            var flags = pendingFlags
            if upper >= 2 && lower == 0 { flags.insert(.shouted) }
            let start = Int32(out.bytes.count)
            out.bytes.append(contentsOf: word)
            out.tokens.append(
                Token(
                    start: start, end: Int32(out.bytes.count), hash: WordHash.of(word), exactHash: exact, flags: flags,
                    sentence: sentence, clause: clause))
            word.removeAll(keepingCapacity: true)
            exact = WordHash.seed
            digitsOnly = true
            upper = 0
            lower = 0
            pendingFlags = []
            sentenceHasTokens = true
        }

        mutating func endSentence(into out: inout TokenizedText, question: Bool) {
            flush(into: &out)
            if pendingDot { pendingDot = false }
            if sentenceHasTokens {
                out.questions.append(question)
                sentence += 1
                clause += 1
                sentenceHasTokens = false
            } else if question, !out.questions.isEmpty {
                out.questions[out.questions.count - 1] = true
            }
            pendingFlags = [.sentenceStart]
        }

        @inline(__always)
        private func countMarker(_ value: UInt32, _ markers: inout TokenizedText.LetterMarkers) {
            guard value >= 0xC0 else { return }
            switch value {
            case 0xE6, 0xC6: markers.ae += 1
            case 0xF8, 0xD8: markers.oSlash += 1
            case 0xE5, 0xC5: markers.aRing += 1
            case 0xE4, 0xC4: markers.aUmlaut += 1
            case 0xF6, 0xD6: markers.oUmlaut += 1
            case 0xC0...0x24F: markers.otherLatin += 1
            default: break
            }
        }
    }
}
