import Foundation

/// A quick look for start tags with more attributes than the limit, before libxml2 sees them.
///
/// libxml2 2.9 checks every attribute of a tag against all earlier ones (and every namespace
/// declaration likewise), so one tag with a million attributes takes hours. Text is skipped with
/// `memchr`, attribute values likewise, and comments, CDATA sections and processing instructions are
/// skipped whole, so a quote in them cannot hide a tag.
enum XMLTagScan {
    /// Whether a start tag in `bytes` has more than `limit` attributes.
    static func hasOversizedTag(_ bytes: UnsafeRawBufferPointer, attributeLimit limit: Int) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let count = bytes.count
        var index = 0
        while index < count {
            guard let found = memchr(base + index, Int32(UInt8(ascii: "<")), count - index) else { return false }
            index = base.distance(to: UnsafeRawPointer(found)) + 1
            guard index < count else { return false }
            let next = bytes[index]
            if next == UInt8(ascii: "!") {
                if let end = skipDeclaration(bytes, from: index) { index = end } else { return false }
            } else if next == UInt8(ascii: "?") {
                guard let end = find(bytes, "?>", from: index) else { return false }
                index = end
            } else if XMLNameBytes.isNameStart(next) {
                let (attributes, end) = countAttributes(bytes, from: index)
                if attributes > limit { return true }
                index = end
            }
        }
        return false
    }

    /// Counts `=` outside quoted values up to the tag's `>` (or a stray `<`); returns where it stopped.
    private static func countAttributes(_ bytes: UnsafeRawBufferPointer, from start: Int) -> (Int, Int) {
        var index = start
        var attributes = 0
        let count = bytes.count
        while index < count {
            switch bytes[index] {
            case UInt8(ascii: ">"), UInt8(ascii: "<"):
                return (attributes, index)
            case UInt8(ascii: "="):
                attributes += 1
                index += 1
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                let quote = bytes[index]
                guard let base = bytes.baseAddress,
                    let found = memchr(base + index + 1, Int32(quote), count - index - 1)
                else { return (attributes, count) }
                index = base.distance(to: UnsafeRawPointer(found)) + 1
            default:
                index += 1
            }
        }
        return (attributes, index)
    }

    /// Skips `<!-- -->`, `<![CDATA[ ]]>` or another `<!...>`; `nil` when it runs to the end.
    private static func skipDeclaration(_ bytes: UnsafeRawBufferPointer, from index: Int) -> Int? {
        if starts(bytes, index, "!--") { return find(bytes, "-->", from: index + 3) }
        if starts(bytes, index, "![CDATA[") { return find(bytes, "]]>", from: index + 8) }
        return index + 1
    }

    /// The index just past the first `literal` at or after `index`.
    static func find(_ bytes: UnsafeRawBufferPointer, _ literal: StaticString, from index: Int) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        let length = literal.utf8CodeUnitCount
        let first = Int32(literal.utf8Start.pointee)
        var position = index
        while position + length <= bytes.count {
            guard let found = memchr(base + position, first, bytes.count - position - length + 1) else { return nil }
            position = base.distance(to: UnsafeRawPointer(found))
            if memcmp(base + position, literal.utf8Start, length) == 0 { return position + length }
            position += 1
        }
        return nil
    }

    static func starts(_ bytes: UnsafeRawBufferPointer, _ index: Int, _ literal: StaticString) -> Bool {
        let length = literal.utf8CodeUnitCount
        guard index + length <= bytes.count else { return false }
        return memcmp(bytes.baseAddress! + index, literal.utf8Start, length) == 0
    }
}

/// Byte classes of XML names, as the repair pass and the scan approximate them (any non-ASCII byte
/// counts as a name character, as libxml2 accepts most).
enum XMLNameBytes {
    @inline(__always)
    static func isNameStart(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"),
            UInt8(ascii: ":"), 0x80...0xFF:
            true
        default: false
        }
    }

    @inline(__always)
    static func isName(_ byte: UInt8) -> Bool {
        isNameStart(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: ".")
    }

    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
    }
}
