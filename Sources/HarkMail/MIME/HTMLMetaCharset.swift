/// Rewrites the charset an HTML body declares in its `<meta>` tags to `utf-8`.
///
/// The body has been decoded to Unicode, so a leftover `charset=windows-1251` would make whoever
/// serves or parses it later decode it a second time, wrongly.
enum HTMLMetaCharset {
    static func declaringUTF8(_ html: String) -> String {
        var bytes = Array(html.utf8)
        var cursor = 0
        var changed = false
        var rewrites = 0
        while rewrites < 8, let found = find(bytes, "charset", from: cursor) {
            cursor = found + 7
            guard insideMetaTag(bytes, found) else { continue }
            var valueStart = cursor
            while valueStart < bytes.count, bytes[valueStart] == 0x20 || bytes[valueStart] == 0x09 { valueStart += 1 }
            guard valueStart < bytes.count, bytes[valueStart] == 0x3D else { continue }
            valueStart += 1
            while valueStart < bytes.count, [0x20, 0x09, 0x22, 0x27].contains(bytes[valueStart]) { valueStart += 1 }
            var valueEnd = valueStart
            while valueEnd < bytes.count, isLabelByte(bytes[valueEnd]) { valueEnd += 1 }
            guard valueEnd > valueStart else { continue }
            let label = String(decoding: bytes[valueStart..<valueEnd], as: UTF8.self).lowercased()
            rewrites += 1
            guard label != "utf-8" else { continue }
            bytes.replaceSubrange(valueStart..<valueEnd, with: Array("utf-8".utf8))
            cursor = valueStart + 5
            changed = true
        }
        return changed ? String(decoding: bytes, as: UTF8.self) : html
    }

    /// The first case-insensitive occurrence of the ASCII `needle` at or after `from`.
    private static func find(_ bytes: [UInt8], _ needle: String, from: Int) -> Int? {
        let pattern = Array(needle.utf8)
        guard bytes.count >= pattern.count else { return nil }
        var index = from
        while index <= bytes.count - pattern.count {
            var match = true
            for offset in 0..<pattern.count where bytes[index + offset] | 0x20 != pattern[offset] {
                match = false
                break
            }
            if match { return index }
            index += 1
        }
        return nil
    }

    /// Whether the nearest `<` before `index` opens a `<meta` tag not yet closed by `>`.
    private static func insideMetaTag(_ bytes: [UInt8], _ index: Int) -> Bool {
        var cursor = index - 1
        while cursor >= 0, index - cursor < 512 {
            if bytes[cursor] == 0x3E { return false }
            if bytes[cursor] == 0x3C {
                return find(Array(bytes[cursor..<min(bytes.count, cursor + 5)]), "<meta", from: 0) == 0
            }
            cursor -= 1
        }
        return false
    }

    private static func isLabelByte(_ byte: UInt8) -> Bool {
        (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x5F
            || byte == 0x2E || byte == 0x3A
    }
}
