import Foundation

/// The bytes handed to libxml2's HTML parser: NUL bytes removed, and no start tag with more than
/// ``maxAttributes`` attributes.
///
/// libxml2 2.9.14 looks for a duplicate of every attribute among those before it in the same tag, so
/// one tag of 20,000 attributes (170 KB) costs about a second, and a megabyte of them half a minute:
/// a mail could stall a source. The scan here, on the way into the parser's buffer, cuts such a tag
/// after ``maxAttributes`` attributes. It reads tags the way libxml2 does closely enough to count
/// (a token after white space, `/` or a value starts an attribute; values may be quoted), and it
/// over-counts rather than under-counts; no real tag comes near the limit.
enum HTMLInput {
    /// More attributes than any real tag has.
    static let maxAttributes = 256

    /// `prefix`, then `bytes` without NUL bytes and with over-long tags cut.
    static func prepare(_ bytes: UnsafeBufferPointer<UInt8>, prefix: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(prefix.count + bytes.count)
        output.append(contentsOf: prefix)
        guard let base = bytes.baseAddress else { return output }
        let count = bytes.count
        let hasNUL = memchr(base, 0, count) != nil
        var index = 0
        while index < count {
            var end = index
            if hasNUL {
                while end < count && bytes[end] != UInt8(ascii: "<") && bytes[end] != 0 { end += 1 }
            } else if let found = memchr(base + index, Int32(UInt8(ascii: "<")), count - index) {
                end = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            } else {
                end = count
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<end]))
            index = end
            guard index < count else { break }
            if bytes[index] == 0 {
                index += 1
            } else if index + 1 < count && isLetter(bytes[index + 1]) {
                index = copyStartTag(bytes, from: index, into: &output)
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return output
    }

    /// Copies the start tag at `start` (without NULs), cut after `maxAttributes` attributes; returns
    /// the index after it.
    private static func copyStartTag(
        _ bytes: UnsafeBufferPointer<UInt8>,
        from start: Int,
        into output: inout [UInt8]
    ) -> Int {
        let count = bytes.count
        var index = start + 1
        var tokens = 0
        var atTokenStart = true
        var cut: Int? = nil
        scan: while index < count {
            switch bytes[index] {
            case UInt8(ascii: ">"):
                index += 1
                break scan
            case 0x20, 0x09, 0x0A, 0x0C, 0x0D, UInt8(ascii: "/"):
                atTokenStart = true
                index += 1
            case UInt8(ascii: "="):
                index = skipValue(bytes, from: index + 1)
                atTokenStart = true
            default:
                if atTokenStart {
                    tokens += 1
                    if tokens > maxAttributes + 1 && cut == nil { cut = index }
                }
                atTokenStart = false
                index += 1
            }
        }
        for byte in bytes[start..<(cut ?? index)] where byte != 0 { output.append(byte) }
        if cut != nil { output.append(UInt8(ascii: ">")) }
        return index
    }

    /// The index after the attribute value that follows an `=` (blanks, then a quoted or bare value).
    private static func skipValue(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let count = bytes.count
        var index = start
        while index < count && isBlank(bytes[index]) { index += 1 }
        guard index < count else { return index }
        let quote = bytes[index]
        if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
            index += 1
            while index < count && bytes[index] != quote { index += 1 }
            return min(index + 1, count)
        }
        while index < count && !isBlank(bytes[index]) && bytes[index] != UInt8(ascii: ">") { index += 1 }
        return index
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }
}
