import HarkCore

/// RFC 2047 encoded words (`=?charset?B|Q?text?=`), read the way mail clients read them.
///
/// Beyond the RFC: words glued to text or to each other without spaces, words inside quoted strings
/// (the caller unquotes first), blanks inside the encoded text, a language suffix on the charset
/// (`utf-8*en`, RFC 2231). Adjacent words with the same charset are joined as bytes before decoding,
/// so a character split across two words survives; the white space between two words is dropped. An
/// unknown charset decodes as UTF-8 with U+FFFD for what is not.
enum EncodedWords {
    /// `text` with every encoded word decoded.
    static func decode(_ text: String, context: inout ParseContext, part: String?) -> String {
        let bytes = Array(text.utf8)
        guard let lastClose = lastClose(in: bytes), firstOpen(in: bytes, before: lastClose) else { return text }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var pending: (charset: String, bytes: [UInt8])?
        var literalStart = 0
        var index = 0
        var afterWord = false

        func flush(_ context: inout ParseContext) {
            guard let run = pending else { return }
            pending = nil
            output.append(contentsOf: decodeCharset(run.bytes, run.charset, context: &context, part: part).utf8)
        }

        while index < lastClose {
            guard bytes[index] == 0x3D, bytes[index + 1] == 0x3F, let word = parseWord(bytes, at: index) else {
                index += 1
                continue
            }
            let literal = bytes[literalStart..<index]
            if !(afterWord && literal.allSatisfy(ByteScan.isBlank)) {
                flush(&context)
                output.append(contentsOf: literal)
            }
            let decoded = word.isBase64 ? TransferDecoding.base64(word.text).bytes : qDecode(word.text)
            if let run = pending, run.charset.lowercased() == word.charset.lowercased() {
                pending!.bytes.append(contentsOf: decoded)
            } else {
                flush(&context)
                pending = (word.charset, decoded)
            }
            index = word.end
            literalStart = index
            afterWord = true
        }
        flush(&context)
        output.append(contentsOf: bytes[literalStart...])
        return String(decoding: output, as: UTF8.self)
    }

    /// One encoded word starting at `start` (at `=?`): charset, encoding, text and where it ends.
    private static func parseWord(
        _ bytes: [UInt8],
        at start: Int
    ) -> (charset: String, isBase64: Bool, text: ArraySlice<UInt8>, end: Int)? {
        var cursor = start + 2
        let charsetStart = cursor
        while cursor < bytes.count, bytes[cursor] != 0x3F {
            let byte = bytes[cursor]
            if byte <= 0x20 || byte >= 0x7F || byte == 0x3D { return nil }
            cursor += 1
        }
        guard cursor + 2 < bytes.count, cursor > charsetStart, cursor - charsetStart <= 64 else { return nil }
        let encoding = bytes[cursor + 1] | 0x20
        guard encoding == 0x62 || encoding == 0x71, bytes[cursor + 2] == 0x3F else { return nil }
        let textStart = cursor + 3
        var close = textStart
        // The text ends at the first `?=`; another `=?` first means this was no word (neither
        // encoding can contain it), which also keeps the scan linear.
        while close + 1 < bytes.count, !(bytes[close] == 0x3F && bytes[close + 1] == 0x3D) {
            if bytes[close] == 0x3D && bytes[close + 1] == 0x3F
                && (close + 2 == bytes.count || bytes[close + 2] != 0x3D)
            {
                return nil
            }
            close += 1
        }
        guard close + 1 < bytes.count else { return nil }
        var charset = String(decoding: bytes[charsetStart..<cursor], as: UTF8.self)
        if let star = charset.firstIndex(of: "*") { charset = String(charset[..<star]) }
        return (charset, encoding == 0x62, bytes[textStart..<close], close + 2)
    }

    /// The Q encoding: `_` is a space, `=XX` a byte; a broken escape is kept as written.
    static func qDecode(_ text: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        var index = text.startIndex
        while index < text.endIndex {
            let byte = text[index]
            if byte == 0x5F {
                out.append(0x20)
            } else if byte == 0x3D, index + 2 < text.endIndex,
                let high = TransferDecoding.hexValue(text[index + 1]),
                let low = TransferDecoding.hexValue(text[index + 2])
            {
                out.append(high << 4 | low)
                index += 2
            } else {
                out.append(byte)
            }
            index += 1
        }
        return out
    }

    /// Bytes in a charset, with the unknown-charset fallback.
    static func decodeCharset(_ bytes: [UInt8], _ charset: String, context: inout ParseContext, part: String?) -> String
    {
        if let text = Charset.decode(bytes, charset: charset) { return text }
        context.record(.unknownCharset, part: part)
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func lastClose(in bytes: [UInt8]) -> Int? {
        guard bytes.count >= 2 else { return nil }
        var index = bytes.count - 2
        while index >= 0 {
            if bytes[index] == 0x3F && bytes[index + 1] == 0x3D { return index }
            index -= 1
        }
        return nil
    }

    private static func firstOpen(in bytes: [UInt8], before limit: Int) -> Bool {
        var index = 0
        while index < limit {
            if bytes[index] == 0x3D && bytes[index + 1] == 0x3F { return true }
            index += 1
        }
        return false
    }
}
