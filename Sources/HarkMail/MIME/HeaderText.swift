import HarkCore

/// Header bytes to text: 8-bit headers, RFC 2047 words and the clean-up every value gets.
enum HeaderText {
    /// `bytes` as UTF-8 when they are valid UTF-8 (RFC 6532), else as windows-1252; `isLegacy` says
    /// the fallback was taken.
    static func string(_ bytes: some Collection<UInt8>) -> (text: String, isLegacy: Bool) {
        if bytes.allSatisfy({ $0 < 0x80 }) { return (String(decoding: bytes, as: UTF8.self), false) }
        if let text = String(validating: bytes, as: UTF8.self) { return (text, false) }
        return (Charset.decode(bytes, charset: "windows-1252") ?? String(decoding: bytes, as: UTF8.self), true)
    }

    /// An unstructured value (`Subject`, `Comments`): 8-bit read as above, RFC 2047 words decoded,
    /// then made one line without control characters (CR, LF and NUL never survive, so a decoded
    /// `=0D=0A` cannot inject a header). `nil` when nothing is left.
    static func unstructured(_ bytes: [UInt8], context: inout ParseContext, part: String?) -> String? {
        if let plain = plainASCII(bytes) { return plain.isEmpty ? nil : plain }
        let (text, legacy) = string(bytes)
        if legacy { context.record(.nonUTF8Header, part: part) }
        let decoded = EncodedWords.decode(text, context: &context, part: part)
        return TextCleanup.singleLine(decoded)
    }

    /// The one-line form of a value of printable ASCII, blanks and line breaks without an encoded
    /// word (most header fields), in one pass: every run of blanks and controls one space, none at
    /// either end; what ``TextCleanup/singleLine(_:)`` makes of it. `nil` for any other value.
    private static func plainASCII(_ bytes: [UInt8]) -> String? {
        var previous: UInt8 = 0
        for byte in bytes {
            if byte >= 0x7F || (byte == UInt8(ascii: "?") && previous == UInt8(ascii: "=")) { return nil }
            previous = byte
        }
        return String(unsafeUninitializedCapacity: bytes.count) { out in
            var count = 0
            var space = false
            for byte in bytes {
                if byte <= 0x20 {
                    space = count > 0
                    continue
                }
                if space {
                    out[count] = 0x20
                    count += 1
                    space = false
                }
                out[count] = byte
                count += 1
            }
            return count
        }
    }

    /// Like ``unstructured(_:context:part:)`` without defect bookkeeping (headers the model keeps as is).
    static func unstructured(_ bytes: [UInt8]) -> String {
        var scratch = ParseContext(limits: MailParserLimits())
        return unstructured(bytes, context: &scratch, part: nil) ?? ""
    }
}
