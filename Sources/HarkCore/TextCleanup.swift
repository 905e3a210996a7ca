/// Clean-up applied to every text that enters the inbox.
///
/// Stored text is valid UTF-8 (Swift strings are), without NUL and C0/C1 control characters other
/// than tab and newline; single-line fields (names, subjects) have no line breaks at all, so they can
/// never inject a header into outgoing mail or a line into a log.
public enum TextCleanup {
    /// Normalises line endings to `\n`, strips control characters and trims surrounding white space.
    public static func body(_ text: String) -> String {
        switch fastClean(text, allowingLineBreaks: true) {
        case .unchanged: return text
        case .cleaned(let cleaned): return cleaned
        case .fullPass: break
        }
        var scalars = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0D:
                scalars.append("\n")
                previousWasCR = true
                continue
            case 0x0A:
                if !previousWasCR { scalars.append("\n") }
            case 0x09:
                scalars.append(scalar)
            case 0x00...0x1F, 0x7F...0x9F:
                break
            default:
                scalars.append(scalar)
            }
            previousWasCR = false
        }
        return String(scalars).trimmingWhitespace()
    }

    /// A single-line field: control characters and line breaks become spaces, runs of white space
    /// collapse. Returns `nil` for an empty result.
    public static func singleLine(_ text: String) -> String? {
        switch fastClean(text, allowingLineBreaks: false) {
        case .unchanged: return text.isEmpty ? nil : text
        case .cleaned(let cleaned): return cleaned.isEmpty ? nil : cleaned
        case .fullPass: break
        }
        var scalars = String.UnicodeScalarView()
        var lastWasSpace = true
        for scalar in text.unicodeScalars {
            let isSpace: Bool
            switch scalar.value {
            case 0x00...0x20, 0x7F...0xA0, 0x2028, 0x2029: isSpace = true
            default: isSpace = false
            }
            if isSpace {
                if !lastWasSpace { scalars.append(" ") }
                lastWasSpace = true
            } else {
                scalars.append(scalar)
                lastWasSpace = false
            }
        }
        let result = String(scalars).trimmingWhitespace()
        return result.isEmpty ? nil : result
    }

    /// The common case, decided on the UTF-8 bytes without the full scalar-by-scalar pass: no C0 or C1
    /// control character (tab and `\n` allowed in bodies), no CR, and for single lines no line break
    /// and no run of spaces; ASCII spaces (and in bodies tabs and `\n`) at either end are trimmed.
    /// Returns `.fullPass` when the input needs the full path (non-ASCII white space at an end
    /// included; any other non-ASCII letter at an end is kept as it is).
    static func fastClean(_ text: String, allowingLineBreaks: Bool) -> FastPath {
        var copy = text
        return copy.withUTF8 { bytes -> FastPath in
            func isEdgeSpace(_ byte: UInt8) -> Bool {
                byte == 0x20 || (allowingLineBreaks && (byte == 0x0A || byte == 0x09))
            }
            var lower = 0
            var upper = bytes.count
            while lower < upper, isEdgeSpace(bytes[lower]) { lower += 1 }
            while upper > lower, isEdgeSpace(bytes[upper - 1]) { upper -= 1 }
            guard lower < upper else { return .cleaned("") }
            if bytes[lower] >= 0x80, !isPlainScalar(bytes[lower...]) { return .fullPass }
            if bytes[upper - 1] >= 0x80 {
                var start = upper - 1
                while start > lower, bytes[start] & 0xC0 == 0x80 { start -= 1 }
                if !isPlainScalar(bytes[start..<upper]) { return .fullPass }
            }
            var previous: UInt8 = 0
            var index = lower
            while index < upper {
                // In a body, eight bytes at a time while they are printable ASCII (the common case).
                if allowingLineBreaks, index + 8 <= upper {
                    let word = UInt64(
                        littleEndian: UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self))
                    if isPrintableASCII(word) {
                        previous = UInt8(truncatingIfNeeded: word >> 56)
                        index += 8
                        continue
                    }
                }
                let byte = bytes[index]
                index += 1
                switch byte {
                case 0x0A, 0x09:
                    if !allowingLineBreaks { return .fullPass }
                case 0x20:
                    if !allowingLineBreaks && previous == 0x20 { return .fullPass }
                case 0x00...0x1F, 0x7F:
                    return .fullPass
                case 0x80...0xBF:
                    // C1 controls, U+0085 and U+00A0 are C2 80...C2 A0; U+2028/2029 are E2 80 A8/A9.
                    if previous == 0xC2 && byte <= 0xA0 { return .fullPass }
                    if previous == 0x80 && (byte == 0xA8 || byte == 0xA9) { return .fullPass }
                default:
                    break
                }
                previous = byte
            }
            if lower == 0 && upper == bytes.count { return .unchanged }
            // The bounds are next to ASCII white space, so between scalars: the slice of the code
            // units is copied without decoding them again (a String subscript would round the
            // bounds to grapheme clusters instead).
            let utf8 = text.utf8
            let start = utf8.index(utf8.startIndex, offsetBy: lower)
            let slice = utf8[start..<utf8.index(start, offsetBy: upper - lower)]
            return .cleaned(
                String(slice) ?? String(decoding: UnsafeBufferPointer(rebasing: bytes[lower..<upper]), as: UTF8.self))
        }
    }

    /// Whether eight bytes (read little-endian: the last one is the high byte) are all in 0x20...0x7E.
    @inline(__always)
    private static func isPrintableASCII(_ word: UInt64) -> Bool {
        let high: UInt64 = 0x8080_8080_8080_8080
        let ones: UInt64 = 0x0101_0101_0101_0101
        let control = (word &- ones &* 0x20) & ~word & high
        let delete = word ^ (ones &* 0x7F)
        let hasDelete = (delete &- ones) & ~delete & high
        return (word & high) | control | hasDelete == 0
    }

    /// Whether the scalar at the start of `bytes` (valid UTF-8) is neither white space nor a C1
    /// control character, so that a text may begin or end with it untrimmed.
    private static func isPlainScalar(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        guard case .scalarValue(let scalar) = decoder.decode(&iterator) else { return false }
        return scalar.value > 0xA0 && !scalar.properties.isWhitespace
    }

    /// ``singleLine(_:)`` for a field that is always present: the empty string when nothing is left.
    /// Every diagnostic and label a store keeps (reasons, error messages, actor names) passes here, so
    /// no store meets a NUL (PostgreSQL text cannot hold one) or a line break it would log.
    public static func line(_ text: String) -> String {
        singleLine(text) ?? ""
    }

    /// The longest prefix of `text` of whole Unicode scalars within `maximumBytes` UTF-8 bytes, and
    /// whether anything was cut.
    public static func prefix(_ text: String, maximumBytes: Int) -> (String, Bool) {
        guard text.utf8.count > maximumBytes else { return (text, false) }
        var bytes = 0
        var end = text.unicodeScalars.startIndex
        for index in text.unicodeScalars.indices {
            let width = UTF8.width(text.unicodeScalars[index])
            if bytes + width > maximumBytes { break }
            bytes += width
            end = text.unicodeScalars.index(after: index)
        }
        return (String(text.unicodeScalars[..<end]), true)
    }

    /// ``line(_:)`` for the keys and values of a dictionary of details; a key left empty is dropped.
    public static func lines(_ fields: [String: String]) -> [String: String] {
        var cleaned: [String: String] = [:]
        for (key, value) in fields {
            guard let key = singleLine(key) else { continue }
            cleaned[key] = line(value)
        }
        return cleaned
    }

    enum FastPath {
        case unchanged
        case cleaned(String)
        case fullPass
    }

    /// Keeps a link only when it is an absolute `http` or `https` URL without white space or controls.
    public static func httpLink(_ text: String) -> String? {
        guard let line = singleLine(text), !line.contains(" "), line.utf8.count <= 4096 else { return nil }
        let lower = line.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else { return nil }
        return line
    }

    /// Escapes control characters for a log line or an audit record (`\n` becomes `\\n`, ESC `\\u{1B}`).
    public static func escapedForLog(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x00...0x1F, 0x7F...0x9F: out += "\\u{\(String(scalar.value, radix: 16))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[first...last])
    }
}
