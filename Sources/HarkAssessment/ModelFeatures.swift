import HarkCore

/// The features the naive Bayes models (`CategoryModel`, `ComplaintModel`) read from a text, as
/// hashes when assessing and as names when training; `hash(ofName:)` turns a name of the text form
/// back into the hash, so a model file and the assessing code always agree.
///
/// - a folded word of three or more bytes (`leveringen`);
/// - the five-byte prefix of a longer word, written `lever*` (so "leveringen" and "leverede" share it);
/// - optionally, two words in a row, written `ikke darlig`, where negations and idioms live.
enum ModelFeatures {
    /// Words shorter than this (in folded bytes) say little on their own.
    static let shortestWord = 3
    /// The length of the prefix feature, taken from longer words.
    static let prefixLength = 5
    /// Keeps prefix features apart from words of the same letters.
    private static let prefixSalt: UInt64 = 0x9E37_79B9_7F4A_7C15
    /// Mixes the first word of a pair, so `a b` and `b a` differ.
    private static let pairMultiplier: UInt64 = 0xC2B2_AE3D_27D4_EB4F

    private static func pair(_ first: UInt64, _ second: UInt64) -> UInt64 {
        let mixed = first &* pairMultiplier
        return (mixed << 29 | mixed >> 35) ^ second
    }

    private static func hasPrefix(_ tokens: TokenizedText, _ index: Int) -> Bool {
        let token = tokens.tokens[index]
        return token.length > prefixLength && tokens.bytes[Int(token.start) + prefixLength] & 0xC0 != 0x80
    }

    /// The feature hashes of a text, each once, in ascending order.
    static func hashes(of tokens: TokenizedText, pairs: Bool) -> [UInt64] {
        var features: [UInt64] = []
        features.reserveCapacity(tokens.tokens.count * (pairs ? 3 : 2))
        for index in tokens.tokens.indices {
            let token = tokens.tokens[index]
            if pairs, index > 0 { features.append(pair(tokens.tokens[index - 1].hash, token.hash)) }
            guard token.length >= shortestWord else { continue }
            features.append(token.hash)
            if hasPrefix(tokens, index) { features.append(tokens.prefixHash(index, length: prefixLength) ^ prefixSalt) }
        }
        // Sorted and deduplicated in place: cheaper than a Set for a few hundred hashes.
        features.sort()
        var kept = 0
        for index in features.indices where kept == 0 || features[index] != features[kept - 1] {
            features[kept] = features[index]
            kept += 1
        }
        features.removeLast(features.count - kept)
        return features
    }

    /// The feature names of a text, as the text form writes them (for training).
    static func names(of tokens: TokenizedText, pairs: Bool) -> Set<String> {
        var names = Set<String>()
        for index in tokens.tokens.indices {
            let token = tokens.tokens[index]
            let word = String(decoding: tokens.word(index), as: UTF8.self)
            if pairs, index > 0 { names.insert(String(decoding: tokens.word(index - 1), as: UTF8.self) + " " + word) }
            guard token.length >= shortestWord else { continue }
            names.insert(word)
            if hasPrefix(tokens, index) {
                names.insert(String(decoding: tokens.word(index).prefix(prefixLength), as: UTF8.self) + "*")
            }
        }
        return names
    }

    /// The hash of a feature name of the text form, or `nil` when it is not one.
    static func hash(ofName name: Substring) -> UInt64? {
        let parts = name.split(separator: " ", omittingEmptySubsequences: false)
        guard !parts.contains(where: \.isEmpty) else { return nil }
        switch parts.count {
        case 1 where name.hasSuffix("*"):
            let stem = name.dropLast()
            return stem.isEmpty ? nil : WordHash.of(Array(stem.utf8)[...]) ^ prefixSalt
        case 1: return WordHash.of(Array(name.utf8)[...])
        case 2: return pair(WordHash.of(Array(parts[0].utf8)[...]), WordHash.of(Array(parts[1].utf8)[...]))
        default: return nil
        }
    }

    /// Reads a model's text form: a `#documents` line and one line per feature, each a name, a tab
    /// and `columns` counts of 0 or more separated by spaces.
    ///
    /// - Throws: `HarkError` (`invalidInput`) naming the first bad line.
    static func read(_ text: String, columns: Int, model: String) throws(HarkError) -> (
        documents: [Double], features: [(UInt64, [Double])]
    ) {
        var documents: [Double]?
        var features: [(UInt64, [Double])] = []
        for (number, line) in text.split(separator: "\n").enumerated() {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            let values = fields.count == 2 ? fields[1].split(separator: " ").compactMap { Double($0) } : []
            guard values.count == columns, values.allSatisfy({ $0.isFinite && $0 >= 0 }), !fields[0].isEmpty else {
                throw HarkError(
                    .invalidInput,
                    "\(model) model line \(number + 1): expected a word, a tab and \(columns) counts of 0 or more")
            }
            if fields[0] == "#documents" {
                documents = values
                continue
            }
            guard let hash = hash(ofName: fields[0]) else {
                throw HarkError(.invalidInput, "\(model) model line \(number + 1): not a word, a word* or two words")
            }
            features.append((hash, values))
        }
        guard let documents, documents.contains(where: { $0 > 0 }) else {
            throw HarkError(.invalidInput, "\(model) model: no #documents line, or no training mentions at all")
        }
        return (documents, features)
    }

    /// The text form of counts per feature name (features sorted, so the same examples give the
    /// same file); features seen in fewer than `minimumDocuments` training mentions are left out.
    static func write(documents: [Int], counts: [String: [Int]], minimumDocuments: Int = 1) -> String {
        var lines = ["#documents\t" + documents.map(String.init).joined(separator: " ")]
        for name in counts.keys.sorted() where !name.contains("\t") && !name.contains("\n") {
            let values = counts[name]!
            guard values.reduce(0, +) >= minimumDocuments else { continue }
            lines.append(name + "\t" + values.map(String.init).joined(separator: " "))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
