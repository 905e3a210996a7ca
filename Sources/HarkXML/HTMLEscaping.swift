/// HTML serialisation into a UTF-8 byte buffer: escaped text and attribute values.
struct HTMLEscapedOutput {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    /// The HTML so far.
    var string: String { String(decoding: bytes, as: UTF8.self) }

    /// Empties the buffer, keeping its capacity.
    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
    }

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
        // Bytes that are copied as they are skip the switch: one table look-up each.
        let plain: UInt8 = escapingQuotes ? 1 : 3
        var runStart = 0
        var index = 0
        let count = text.count
        while index < count {
            let byte = text[index]
            if Self.byteClass[Int(byte)] & plain != 0 {
                index += 1
                continue
            }
            let replacement: StaticString
            switch byte {
            case 0x26: replacement = "&amp;"
            case 0x3C: replacement = "&lt;"
            case 0x3E: replacement = "&gt;"
            case 0x22: replacement = "&quot;"
            case 0x27: replacement = "&#39;"
            default: replacement = ""
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart..<index]))
            replacement.withUTF8Buffer { bytes.append(contentsOf: $0) }
            index += 1
            runStart = index
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart...]))
    }

    /// Per byte: bit 0 set when it is copied as it is in an attribute value, bit 1 when it is copied
    /// as it is in text (quotes are). `&`, `<`, `>`, C0 controls other than tab, LF and CR, and DEL
    /// are neither.
    private static let byteClass: [UInt8] = (0...255).map { byte -> UInt8 in
        switch byte {
        case 0x26, 0x3C, 0x3E: return 0
        case 0x22, 0x27: return 2
        case 0x09, 0x0A, 0x0D: return 3
        case 0x00..<0x20, 0x7F: return 0
        default: return 3
        }
    }
}
