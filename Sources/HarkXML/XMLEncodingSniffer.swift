/// Reads what the first bytes of an XML document say about its encoding (XML 1.0 Appendix F).
enum XMLEncodingSniffer {
    /// UTF-16 or UTF-32 recognised by where the zero bytes of ASCII markup fall, without a BOM.
    static func zeroBytePattern(_ bytes: UnsafeRawBufferPointer) -> String? {
        guard bytes.count >= 4 else { return nil }
        let (b0, b1, b2, b3) = (bytes[0], bytes[1], bytes[2], bytes[3])
        if b0 == 0, b1 == 0, b2 == 0, b3 != 0 { return "UTF-32BE" }
        if b0 != 0, b1 == 0, b2 == 0, b3 == 0 { return "UTF-32LE" }
        if b0 == 0, b1 != 0, b2 == 0, b3 != 0 { return "UTF-16BE" }
        if b0 != 0, b1 == 0, b2 != 0, b3 == 0 { return "UTF-16LE" }
        return nil
    }

    /// The `encoding` pseudo-attribute of the XML declaration at the start of ASCII-compatible
    /// `bytes`, if any.
    static func declaredEncoding(_ bytes: UnsafeRawBufferPointer) -> String? {
        let limit = min(bytes.count, 1024)
        var index = 0
        while index < limit, isSpace(bytes[index]) { index += 1 }
        guard matches(bytes, index, "<?xml"), index + 5 < limit, isSpace(bytes[index + 5]) else { return nil }
        index += 5
        while index + 1 < limit {
            if bytes[index] == UInt8(ascii: "?") && bytes[index + 1] == UInt8(ascii: ">") { return nil }
            if matches(bytes, index, "encoding"), index > 0, isSpace(bytes[index - 1]) {
                return value(bytes, after: index + 8, limit: limit)
            }
            index += 1
        }
        return nil
    }

    private static func value(_ bytes: UnsafeRawBufferPointer, after start: Int, limit: Int) -> String? {
        var index = start
        while index < limit, isSpace(bytes[index]) { index += 1 }
        guard index < limit, bytes[index] == UInt8(ascii: "=") else { return nil }
        index += 1
        while index < limit, isSpace(bytes[index]) { index += 1 }
        guard index < limit, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") else {
            return nil
        }
        let quote = bytes[index]
        let valueStart = index + 1
        var valueEnd = valueStart
        while valueEnd < limit, bytes[valueEnd] != quote {
            guard valueEnd - valueStart < 64, bytes[valueEnd] < 0x80 else { return nil }
            valueEnd += 1
        }
        guard valueEnd < limit, valueEnd > valueStart else { return nil }
        return String(decoding: bytes[valueStart..<valueEnd], as: UTF8.self)
    }

    private static func matches(_ bytes: UnsafeRawBufferPointer, _ index: Int, _ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        let pointer = literal.utf8Start
        for offset in 0..<count where bytes[index + offset] != pointer[offset] { return false }
        return true
    }

    @inline(__always)
    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
    }
}
