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
        sortHashes(&features)
        var kept = 0
        for index in features.indices where kept == 0 || features[index] != features[kept - 1] {
            features[kept] = features[index]
            kept += 1
        }
        features.removeLast(features.count - kept)
        return features
    }

    /// Sorts hashes in ascending order: a least-significant-byte radix sort for long texts (eight
    /// passes, skipping the bytes all hashes share), the standard sort for short ones.
    static func sortHashes(_ values: inout [UInt64]) {
        guard values.count > 256 else {
            values.sort()
            return
        }
        var counts = [Int](repeating: 0, count: 8 * 256)
        for value in values {
            for byte in 0..<8 { counts[byte << 8 | Int(truncatingIfNeeded: value >> (byte * 8)) & 0xFF] += 1 }
        }
        var buffer = [UInt64](repeating: 0, count: values.count)
        for byte in 0..<8 {
            let base = byte << 8
            // A byte that every hash has the same value in does not reorder anything.
            if counts[base + Int(truncatingIfNeeded: values[0] >> (byte * 8)) & 0xFF] == values.count { continue }
            var offset = 0
            for digit in 0..<256 {
                let count = counts[base + digit]
                counts[base + digit] = offset
                offset += count
            }
            values.withUnsafeBufferPointer { source in
                buffer.withUnsafeMutableBufferPointer { target in
                    counts.withUnsafeMutableBufferPointer { starts in
                        for value in source {
                            let slot = base + Int(truncatingIfNeeded: value >> (byte * 8)) & 0xFF
                            target[starts[slot]] = value
                            starts[slot] += 1
                        }
                    }
                }
            }
            swap(&values, &buffer)
        }
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
        hash(ofName: Array(name.utf8)[...])
    }

    /// The hash of a feature name's bytes: `word`, `word*` or `word word`; `nil` for anything else.
    static func hash(ofName name: ArraySlice<UInt8>) -> UInt64? {
        let space = UInt8(ascii: " ")
        guard let first = name.first, first != space, name.last != space else { return nil }
        if let gap = name.firstIndex(of: space) {
            let second = name[(gap + 1)...]
            guard second.first != space, !second.contains(space) else { return nil }
            return pair(WordHash.of(name[..<gap]), WordHash.of(second))
        }
        if name.last == UInt8(ascii: "*") {
            let stem = name.dropLast()
            return stem.isEmpty ? nil : WordHash.of(stem) ^ prefixSalt
        }
        return WordHash.of(name)
    }

    /// Reads a model's text form: a `#documents` line and one line per feature, each a name, a tab
    /// and `columns` counts of 0 or more separated by spaces. Read byte by byte (a built-in model
    /// has tens of thousands of lines, read at every start).
    ///
    /// - Throws: `HarkError` (`invalidInput`) naming the first bad line.
    static func read(_ text: String, columns: Int, model: String) throws(HarkError) -> (
        documents: [Double], features: [(UInt64, [Double])]
    ) {
        let bytes = Array(text.utf8)
        var documents: [Double]?
        var features: [(UInt64, [Double])] = []
        var values: [Double] = []
        var number = 0
        var start = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            defer { start = end + 1 }
            if end == start { continue }
            number += 1
            let line = bytes[start..<end]
            func bad(_ what: String) -> HarkError {
                HarkError(.invalidInput, "\(model) model line \(number): \(what)")
            }
            guard let tab = line.firstIndex(of: UInt8(ascii: "\t")), tab > line.startIndex,
                Self.counts(line[(tab + 1)...], into: &values), values.count == columns
            else { throw bad("expected a word, a tab and \(columns) counts of 0 or more") }
            let name = line[..<tab]
            if name.elementsEqual("#documents".utf8) {
                documents = values
                continue
            }
            guard let hash = hash(ofName: name) else { throw bad("not a word, a word* or two words") }
            features.append((hash, values))
        }
        guard let documents, documents.contains(where: { $0 > 0 }) else {
            throw HarkError(.invalidInput, "\(model) model: no #documents line, or no training mentions at all")
        }
        return (documents, features)
    }

    /// Reads counts separated by single spaces: whole numbers directly, anything else through
    /// `Double`; `false` when one is not a finite number of 0 or more.
    private static func counts(_ field: ArraySlice<UInt8>, into values: inout [Double]) -> Bool {
        values.removeAll(keepingCapacity: true)
        for part in field.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false) {
            var whole: UInt64 = 0
            var digits = 0
            for byte in part {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), digits < 15 else {
                    digits = -1
                    break
                }
                whole = whole * 10 + UInt64(byte - UInt8(ascii: "0"))
                digits += 1
            }
            if digits > 0 {
                values.append(Double(whole))
            } else if let value = Double(String(decoding: part, as: UTF8.self)), value.isFinite, value >= 0 {
                values.append(value)
            } else {
                return false
            }
        }
        return true
    }

    /// The text form of a model trained on `examples`, each a text and its column (its class):
    /// per feature, how many training texts of each column use it.
    static func train(
        _ examples: [(tokens: TokenizedText, column: Int)], columns: Int, minimumDocuments: Int
    ) -> String {
        var documents = [Int](repeating: 0, count: columns)
        var counts: [String: [Int]] = [:]
        for example in examples where documents.indices.contains(example.column) {
            documents[example.column] += 1
            for name in names(of: example.tokens, pairs: true) {
                counts[name, default: [Int](repeating: 0, count: columns)][example.column] += 1
            }
        }
        return write(documents: documents, counts: counts, minimumDocuments: minimumDocuments)
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
