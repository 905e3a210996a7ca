import HarkCore

/// The text of a `text/*` leaf: transfer decoding, then the charset.
///
/// A byte order mark wins over the label. Unlabelled or `us-ascii` text is UTF-8 when it is valid
/// UTF-8 (mislabelled mail is common) and windows-1252 otherwise; an unknown label is read the same
/// way, with a defect. Every other label goes to ``Charset/decode(_:charset:)``.
enum PartText {
    /// The decoded text and the canonical charset it was read as.
    static func decode(_ entity: MIMEEntity, context: inout ParseContext) -> (text: String, charset: String) {
        let bytes = entity.transferEncoding.decode(entity.body, context: &context, part: entity.path)
        let label = entity.contentType.parameters["charset"]?.trimmingBlanksAndQuotes()
        if let (bomCharset, length) = Charset.sniffBOM(bytes),
            let text = Charset.decode(bytes.dropFirst(length), charset: bomCharset)
        {
            return (text.withUnixLineEnds, bomCharset)
        }
        guard let label, !label.isEmpty, !isASCIILabel(label) else {
            return fallback(bytes, context: &context, part: entity.path, defect: .unlabelled8Bit)
        }
        if let text = Charset.decode(bytes, charset: label) {
            return (text.withUnixLineEnds, Charset.canonicalName(label) ?? label)
        }
        return fallback(bytes, context: &context, part: entity.path, defect: .unknownCharset, always: true)
    }

    /// UTF-8 when valid, else windows-1252 (recording `defect`; an unknown label records it always).
    static func fallback(
        _ bytes: ArraySlice<UInt8>,
        context: inout ParseContext,
        part: String,
        defect: MailDefect.Code,
        always: Bool = false
    ) -> (text: String, charset: String) {
        if always { context.record(defect, part: part) }
        if let text = String(validating: bytes, as: UTF8.self) { return (text.withUnixLineEnds, "UTF-8") }
        if !always { context.record(defect, part: part) }
        let text = Charset.decode(bytes, charset: "windows-1252") ?? String(decoding: bytes, as: UTF8.self)
        return (text.withUnixLineEnds, "windows-1252")
    }

    private static func isASCIILabel(_ label: String) -> Bool {
        [
            "us-ascii", "ascii", "us", "ansi_x3.4-1968", "iso646-us", "7bit", "8bit", "none", "default", "unknown",
            "x-unknown",
        ]
        .contains(label.lowercased())
    }
}

extension String {
    /// CRLF and bare CR made LF, on the bytes: decoded bodies come with CRLF, and text without CR
    /// takes the shared clean-up's fast path.
    var withUnixLineEnds: String {
        var text = self
        let converted: String? = text.withUTF8 { bytes in
            guard let first = bytes.firstIndex(of: 0x0D) else { return nil }
            return String(unsafeUninitializedCapacity: bytes.count) { out in
                var count = 0
                if first > 0 { _ = out.initialize(fromContentsOf: bytes[..<first]) }
                count = first
                var previousCR = false
                for byte in bytes[first...] {
                    if byte == 0x0D {
                        out[count] = 0x0A
                        count += 1
                        previousCR = true
                    } else {
                        if !(byte == 0x0A && previousCR) {
                            out[count] = byte
                            count += 1
                        }
                        previousCR = false
                    }
                }
                return count
            }
        }
        return converted ?? self
    }

    /// Without surrounding blanks and quotes (`"utf-8" ` → `utf-8`).
    func trimmingBlanksAndQuotes() -> String {
        var view = Substring(self)
        while let first = view.first, first == " " || first == "\t" || first == "\"" || first == "'" {
            view = view.dropFirst()
        }
        while let last = view.last, last == " " || last == "\t" || last == "\"" || last == "'" {
            view = view.dropLast()
        }
        return String(view)
    }
}
