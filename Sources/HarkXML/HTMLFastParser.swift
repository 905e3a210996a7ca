/// A reader for the HTML that feed items and mail mostly carry (paragraphs, links, emphasis, lists,
/// quotes, images, tables, entities, comments), that hands an ``HTMLEventSink`` exactly the events
/// libxml2's HTML parser would, at several times its speed; anything else it gives up on, and
/// ``HTMLParsing`` has libxml2 read the input instead.
///
/// It reads only well-nested markup from ``HTMLFastVocabulary`` (each end tag closes the innermost
/// open element; no start tag that libxml2 would answer with an implied end tag), attribute values
/// quoted or bare, numeric references to allowed characters, named entities libxml2 knows (any other
/// `&`, and a `<` before anything but a letter, `/`, `!` or `?`, is text, as it is to libxml2), and
/// comments. It gives up on: any other element, an end tag that does not match, `<!DOCTYPE`,
/// `<![CDATA[`, `<?`, `</` before anything but a letter, a malformed numeric
/// reference, duplicate attributes, a C0 control other than tab and line feed (CR included),
/// U+FFFE/U+FFFF, a NUL, and nesting deeper than ``maximumDepth``. Giving up may come after events
/// were delivered: the caller resets the sink.
///
/// The tests hold the two readers to the same output over every HTML fragment of the test corpora
/// and over generated markup.
enum HTMLFastParser {
    /// Deeper nesting is left to libxml2 (and to the sink's own cap).
    static let maximumDepth = 200
    /// More attributes on one tag are left to libxml2.
    static let maximumAttributes = 64

    /// Delivers the events of `bytes` (an HTML fragment's UTF-8) to `sink`, starting with `body`'s
    /// start tag and leaving open elements for `sink.finish()`; `false` when it gave up.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, into sink: HTMLEventSink) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maximumDepth) { stack in
            var reader = Reader(base: base, count: bytes.count, sink: sink, stack: stack.baseAddress!)
            defer { reader.scratch?.deallocate() }
            return reader.run()
        }
    }

    /// Per byte of text: 0 plain, 1 `<`, 2 `&`, 3 refused (C0 controls but tab and LF; CR; NUL),
    /// 4 the lead byte of U+FFFE/U+FFFF (checked).
    private nonisolated(unsafe) static let classes: UnsafePointer<UInt8> = {
        let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        for byte in 0..<256 {
            switch byte {
            case 0x3C: table[byte] = 1
            case 0x26: table[byte] = 2
            case 0x09, 0x0A: table[byte] = 0
            case 0x00..<0x20: table[byte] = 3
            case 0xEF: table[byte] = 4
            default: table[byte] = 0
            }
        }
        return UnsafePointer(table)
    }()

    /// Whether none of the eight bytes of `word` is `<`, `&`, below 0x20 or 0xEF; may say no for
    /// a plain word (a tab or line feed), never yes for one that is not.
    @inline(__always)
    static func isPlain(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func hasZero(_ value: UInt64) -> UInt64 { (value &- ones) & ~value & highs }
        // Bytes of 0x80 and above cannot be below 0x20; the subtraction test only counts for ASCII.
        let control = (word &- 0x2020_2020_2020_2020) & ~word & highs
        let found = hasZero(word ^ (ones &* 0x3C)) | hasZero(word ^ (ones &* 0x26)) | hasZero(word ^ (ones &* 0xEF))
            | control
        return found == 0
    }

    /// One reading of one fragment (its attribute parsing is in `HTMLFastParser+Attributes.swift`).
    struct Reader {
        let base: UnsafePointer<UInt8>
        let count: Int
        unowned(unsafe) let sink: HTMLEventSink
        /// Indexes into the vocabulary of the open elements inside `body`.
        let stack: UnsafeMutablePointer<UInt8>
        var depth = 0
        let vocabulary = HTMLFastVocabulary.shared
        let classes = HTMLFastParser.classes
        /// Decoded attribute values (never longer than the input), allocated at the first one.
        var scratch: UnsafeMutablePointer<UInt8>?
        var scratchUsed = 0
        var attributes: [HTMLFastAttribute] = []

        init(base: UnsafePointer<UInt8>, count: Int, sink: HTMLEventSink, stack: UnsafeMutablePointer<UInt8>) {
            self.base = base
            self.count = count
            self.sink = sink
            self.stack = stack
        }

        mutating func run() -> Bool {
            guard sink.start(vocabulary.body, HTMLAttributes(fast: UnsafeBufferPointer(start: nil, count: 0))) else {
                return false
            }
            var index = 0
            var textStart = 0
            while index < count {
                // Eight bytes at a time while none is `<`, `&`, a C0 control or 0xEF (most text).
                if index + 8 <= count && HTMLFastParser.isPlain(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)) {
                    index += 8
                    continue
                }
                let kind = classes[Int(base[index])]
                if kind == 0 {
                    index += 1
                    continue
                }
                switch kind {
                case 4:
                    guard !isNonCharacter(at: index) else { return false }
                    index += 1
                    continue
                case 3:
                    return false
                case 2:
                    let reference = self.reference(at: index)
                    switch reference {
                    case .malformed: return false
                    case .literal: index += 1
                    case .character(let scalar, let next):
                        flushText(from: textStart, to: index)
                        emit(scalar)
                        index = next
                        textStart = next
                    }
                    continue
                default:
                    // A `<` that starts no tag, comment or processing instruction is text to libxml2.
                    guard index + 1 < count, Self.startsMarkup(base[index + 1]) else {
                        index += 1
                        continue
                    }
                    flushText(from: textStart, to: index)
                    guard let next = markup(at: index) else { return false }
                    index = next
                    textStart = next
                }
            }
            flushText(from: textStart, to: count)
            return true
        }

        @inline(__always)
        private func flushText(from start: Int, to end: Int) {
            if end > start { sink.characters(UnsafeBufferPointer(start: base + start, count: end - start)) }
        }

        /// U+FFFE or U+FFFF (`EF BF BE`, `EF BF BF`), which libxml2 drops.
        @inline(__always)
        func isNonCharacter(at index: Int) -> Bool {
            index + 2 < count && base[index + 1] == 0xBF && (base[index + 2] == 0xBE || base[index + 2] == 0xBF)
        }

        private func emit(_ scalar: UInt32) {
            var encoded: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
            withUnsafeMutableBytes(of: &encoded) { raw in
                let length = Self.encode(scalar, into: raw.baseAddress!.assumingMemoryBound(to: UInt8.self))
                sink.characters(UnsafeBufferPointer(start: raw.baseAddress!.assumingMemoryBound(to: UInt8.self), count: length))
            }
        }

        /// Writes the UTF-8 of `scalar` (a valid XML character) at `output`; returns its length.
        @inline(__always)
        static func encode(_ scalar: UInt32, into output: UnsafeMutablePointer<UInt8>) -> Int {
            switch scalar {
            case ..<0x80:
                output[0] = UInt8(scalar)
                return 1
            case ..<0x800:
                output[0] = UInt8(0xC0 | (scalar >> 6))
                output[1] = UInt8(0x80 | (scalar & 0x3F))
                return 2
            case ..<0x10000:
                output[0] = UInt8(0xE0 | (scalar >> 12))
                output[1] = UInt8(0x80 | ((scalar >> 6) & 0x3F))
                output[2] = UInt8(0x80 | (scalar & 0x3F))
                return 3
            default:
                output[0] = UInt8(0xF0 | (scalar >> 18))
                output[1] = UInt8(0x80 | ((scalar >> 12) & 0x3F))
                output[2] = UInt8(0x80 | ((scalar >> 6) & 0x3F))
                output[3] = UInt8(0x80 | (scalar & 0x3F))
                return 4
            }
        }

        enum Reference {
            /// `&` that libxml2 keeps as it is (no name, or a name it does not know).
            case literal
            /// A decoded reference and the index after its `;`.
            case character(UInt32, next: Int)
            /// A numeric reference libxml2 would drop or mangle.
            case malformed
        }

        /// The reference at `start` (an `&`).
        func reference(at start: Int) -> Reference {
            var index = start + 1
            guard index < count else { return .literal }
            if base[index] == UInt8(ascii: "#") {
                index += 1
                var value: UInt32 = 0
                var digits = 0
                if index < count && (base[index] | 0x20) == UInt8(ascii: "x") {
                    index += 1
                    while index < count, let digit = Self.hexDigit(base[index]), digits < 8 {
                        value = value << 4 | digit
                        digits += 1
                        index += 1
                    }
                } else {
                    while index < count, base[index] >= 0x30, base[index] <= 0x39, digits < 8 {
                        value = value * 10 + UInt32(base[index] - 0x30)
                        digits += 1
                        index += 1
                    }
                }
                guard digits > 0, index < count, base[index] == UInt8(ascii: ";"), Self.isXMLCharacter(value) else {
                    return .malformed
                }
                return .character(value, next: index + 1)
            }
            guard Self.isLetter(base[index]) else { return .literal }
            let nameStart = index
            while index < count && Self.isLetterOrDigit(base[index]) { index += 1 }
            guard index < count, base[index] == UInt8(ascii: ";"),
                let value = vocabulary.entity(UnsafeBufferPointer(start: base + nameStart, count: index - nameStart))
            else { return .literal }
            return .character(value, next: index + 1)
        }

        /// Whether a `<` before `byte` starts markup for libxml2 (a tag, an end tag, `<!`, `<?`).
        @inline(__always)
        static func startsMarkup(_ byte: UInt8) -> Bool {
            Reader.isLetter(byte) || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "!") || byte == UInt8(ascii: "?")
        }

        /// A tag or comment at `start` (a `<` before a letter, `/`, `!` or `?`); the index after it,
        /// or `nil` to give up.
        private mutating func markup(at start: Int) -> Int? {
            let next = base[start + 1]
            if Self.isLetter(next) { return startTag(at: start) }
            if next == UInt8(ascii: "/") { return endTag(at: start) }
            if next == UInt8(ascii: "!") { return comment(at: start) }
            return nil
        }

        /// `</name>` closing the innermost open element.
        private mutating func endTag(at start: Int) -> Int? {
            var index = start + 2
            let nameStart = index
            while index < count && Self.isLetterOrDigit(base[index]) { index += 1 }
            guard index > nameStart, index < count,
                let key = HTMLName(bytes: base + nameStart, count: index - nameStart),
                let element = vocabulary.element(key), depth > 0, Int(stack[depth - 1]) == element
            else { return nil }
            while index < count && Self.isBlank(base[index]) { index += 1 }
            guard index < count, base[index] == UInt8(ascii: ">") else { return nil }
            depth -= 1
            sink.end()
            return index + 1
        }

        /// `<!-- ... -->`, which libxml2 reads over without an event. Forms libxml2 reads differently
        /// (`<!-->`, `<!--->`, `--` inside, no end) are given up on.
        private func comment(at start: Int) -> Int? {
            guard start + 4 < count, base[start + 2] == UInt8(ascii: "-"), base[start + 3] == UInt8(ascii: "-"),
                base[start + 4] != UInt8(ascii: ">")
            else { return nil }
            var index = start + 4
            while index + 2 < count {
                let byte = base[index]
                if byte == UInt8(ascii: "-") && base[index + 1] == UInt8(ascii: "-") {
                    // `--` ends the comment only as `-->`, and not right after `<!--` (`<!--->`).
                    guard base[index + 2] == UInt8(ascii: ">"), index > start + 4 else { return nil }
                    return index + 3
                }
                if classes[Int(byte)] >= 3 && (byte != 0xEF || isNonCharacter(at: index)) { return nil }
                index += 1
            }
            return nil
        }

        /// A start tag with its attributes; a void or self-closed element ends at once.
        private mutating func startTag(at start: Int) -> Int? {
            var index = start + 1
            let nameStart = index
            while index < count && Self.isLetterOrDigit(base[index]) { index += 1 }
            guard index < count, let key = HTMLName(bytes: base + nameStart, count: index - nameStart),
                let element = vocabulary.element(key),
                vocabulary.nests(element, inside: depth == 0 ? nil : Int(stack[depth - 1])),
                depth < HTMLFastParser.maximumDepth
            else { return nil }
            let after = base[index]
            guard Self.isBlank(after) || after == UInt8(ascii: ">") || after == UInt8(ascii: "/") else { return nil }
            attributes.removeAll(keepingCapacity: true)
            scratchUsed = 0
            var selfClosing = false
            while true {
                while index < count && Self.isBlank(base[index]) { index += 1 }
                guard index < count else { return nil }
                let byte = base[index]
                if byte == UInt8(ascii: ">") {
                    index += 1
                    break
                }
                if byte == UInt8(ascii: "/") {
                    guard index + 1 < count, base[index + 1] == UInt8(ascii: ">") else { return nil }
                    index += 2
                    selfClosing = true
                    break
                }
                guard let next = attribute(at: index) else { return nil }
                index = next
            }
            let entry = vocabulary.entries[element]
            let accepted = attributes.withUnsafeBufferPointer { sink.start(entry.element, HTMLAttributes(fast: $0)) }
            guard accepted else { return nil }
            if selfClosing || entry.isVoid {
                sink.end()
            } else {
                stack[depth] = UInt8(element)
                depth += 1
            }
            return index
        }

        @inline(__always)
        static func isLetter(_ byte: UInt8) -> Bool {
            (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
        }

        @inline(__always)
        static func isLetterOrDigit(_ byte: UInt8) -> Bool {
            isLetter(byte) || (byte >= 0x30 && byte <= 0x39)
        }

        /// What libxml2 reads as part of an attribute name.
        @inline(__always)
        static func isAttributeNameByte(_ byte: UInt8) -> Bool {
            isLetterOrDigit(byte) || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
        }

        /// libxml2's blanks in markup: space, tab, LF, CR.
        @inline(__always)
        static func isBlank(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
        }

        @inline(__always)
        static func hexDigit(_ byte: UInt8) -> UInt32? {
            switch byte {
            case 0x30...0x39: UInt32(byte - 0x30)
            case 0x41...0x46: UInt32(byte - 0x37)
            case 0x61...0x66: UInt32(byte - 0x57)
            default: nil
            }
        }

        /// XML's `Char`, which libxml2 requires of a numeric reference.
        @inline(__always)
        static func isXMLCharacter(_ value: UInt32) -> Bool {
            switch value {
            case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
            default: false
            }
        }
    }
}
