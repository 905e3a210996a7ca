/// HTML serialisation into a UTF-8 byte buffer: escaped text and attribute values.
struct HTMLEscapedOutput {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    /// The HTML so far.
    var string: String { String(decoding: bytes, as: UTF8.self) }

    /// Markup that needs no escaping (tag names and fixed attributes from the tables).
    mutating func appendMarkup(_ markup: String) {
        bytes.append(contentsOf: markup.utf8)
    }

    /// Text content: `&`, `<` and `>` escaped; C0 controls other than tab, LF and CR, and DEL, dropped.
    mutating func appendText(_ text: UnsafeBufferPointer<UInt8>) {
        append(text, escapingQuotes: false)
    }

    /// An attribute value for a double-quoted attribute: as text, with `"` and `'` escaped too.
    mutating func appendAttributeValue(_ value: UnsafeBufferPointer<UInt8>) {
        append(value, escapingQuotes: true)
    }

    /// An attribute value held as a String (a resolved URL).
    mutating func appendAttributeValue(_ value: String) {
        var value = value
        value.withUTF8 { append($0, escapingQuotes: true) }
    }

    private mutating func append(_ text: UnsafeBufferPointer<UInt8>, escapingQuotes: Bool) {
        var runStart = 0
        for index in text.indices {
            let byte = text[index]
            let replacement: StaticString?
            switch byte {
            case 0x26: replacement = "&amp;"
            case 0x3C: replacement = "&lt;"
            case 0x3E: replacement = "&gt;"
            case 0x22 where escapingQuotes: replacement = "&quot;"
            case 0x27 where escapingQuotes: replacement = "&#39;"
            case 0x09, 0x0A, 0x0D: continue
            case 0x00..<0x20, 0x7F: replacement = ""
            default: continue
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart..<index]))
            if let replacement {
                replacement.withUTF8Buffer { bytes.append(contentsOf: $0) }
            }
            runStart = index + 1
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart...]))
    }
}
