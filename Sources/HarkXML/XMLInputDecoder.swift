import Foundation
import HarkCore

/// Turns a fetched document into `XMLInput`: the encoding chosen by the byte order mark, then the
/// transport's charset (HTTP `Content-Type`), then the XML declaration, then UTF-8; legacy charsets
/// transcoded (`Charset.decode`) before libxml2 sees them, which is told to ignore the declaration.
public enum XMLInputDecoder {
    /// Decodes `data`; `transportCharset` is the `charset` parameter of the HTTP `Content-Type`.
    public static func decode(_ data: Data, transportCharset: String?) -> XMLInput {
        var choice = data.withUnsafeBytes { choose($0, transportCharset: transportCharset) }
        if choice.charset == "UTF-8" {
            choice.skip += data.withUnsafeBytes {
                leadingSpaceBeforeDeclaration(UnsafeRawBufferPointer(rebasing: $0[choice.skip...]))
            }
            let outcome = data.withUnsafeBytes {
                UTF8Cleaner.clean(UnsafeRawBufferPointer(rebasing: $0[choice.skip...]))
            }
            switch outcome {
            case .clean:
                return XMLInput(
                    storage: .original(data, offset: choice.skip), encoding: "UTF-8", encodingSource: choice.source,
                    unknownLabel: choice.unknownLabel, replacedSequences: 0, removedCharacters: 0)
            case .cleaned(let bytes, let replaced, let removed):
                return XMLInput(
                    storage: .decoded(bytes, originalCount: data.count), encoding: "UTF-8", encodingSource: choice.source,
                    unknownLabel: choice.unknownLabel, replacedSequences: replaced, removedCharacters: removed)
            case .notUTF8 where choice.source != .byteOrderMark:
                return transcode(
                    data, skip: choice.skip, charset: "windows-1252", source: .legacyFallback,
                    unknownLabel: choice.unknownLabel)
            case .notUTF8:
                return transcodeReplacing(data, skip: choice.skip, source: choice.source)
            }
        }
        return transcode(
            data, skip: choice.skip, charset: choice.charset, source: choice.source, unknownLabel: choice.unknownLabel)
    }

    /// White space before an XML declaration (PHP scripts print a newline first): libxml2 calls
    /// that not well-formed, but nothing is lost by dropping it.
    private static func leadingSpaceBeforeDeclaration(_ bytes: UnsafeRawBufferPointer) -> Int {
        var index = 0
        while index < bytes.count, index < 4096, XMLTextBuffer.isSpace(bytes[index]) { index += 1 }
        guard index > 0, index + 5 <= bytes.count,
            bytes[index..<(index + 5)].elementsEqual("<?xml".utf8)
        else { return 0 }
        return index
    }

    private struct Choice {
        var charset: String
        var source: XMLInput.EncodingSource
        var skip = 0
        var unknownLabel: String?
    }

    private static func choose(_ bytes: UnsafeRawBufferPointer, transportCharset: String?) -> Choice {
        if let bom = Charset.sniffBOM(bytes) {
            return Choice(charset: bom.charset, source: .byteOrderMark, skip: bom.length)
        }
        let pattern = XMLEncodingSniffer.zeroBytePattern(bytes)
        var unknownLabel: String?
        if let label = transportCharset.map(XMLWhitespace.trim), !label.isEmpty {
            if let name = Charset.canonicalName(label) {
                // A label for an ASCII-compatible charset cannot describe bytes full of zeros, and a
                // UTF-16/32 label cannot describe markup without them.
                if (pattern != nil) == isWide(name) { return Choice(charset: name, source: .transport) }
            } else {
                unknownLabel = label
            }
        }
        if let pattern { return Choice(charset: pattern, source: .zeroBytePattern, unknownLabel: unknownLabel) }
        if let label = XMLEncodingSniffer.declaredEncoding(bytes) {
            if let name = Charset.canonicalName(label) {
                if !isWide(name) { return Choice(charset: name, source: .declaration, unknownLabel: unknownLabel) }
            } else if unknownLabel == nil {
                unknownLabel = label
            }
        }
        return Choice(charset: "UTF-8", source: .default, unknownLabel: unknownLabel)
    }

    private static func isWide(_ name: String) -> Bool {
        name.hasPrefix("UTF-16") || name.hasPrefix("UTF-32")
    }

    private static func transcode(
        _ data: Data, skip: Int, charset: String, source: XMLInput.EncodingSource, unknownLabel: String?
    ) -> XMLInput {
        guard let text = Charset.decode(data.dropFirst(skip), charset: charset) else {
            return transcodeReplacing(data, skip: skip, source: .default, unknownLabel: charset)
        }
        var bytes = Array(text.utf8)
        var removed = 0
        var replaced = 0
        bytes.withUnsafeBytes { raw in
            if case .cleaned(let cleaned, let replacedCount, let removedCount) = UTF8Cleaner.clean(raw) {
                bytes = cleaned
                removed = removedCount
                replaced = replacedCount
            }
        }
        // The decoders mark each invalid sequence with U+FFFD; count them as replaced.
        replaced += text.unicodeScalars.lazy.filter { $0 == "\u{FFFD}" }.count
        return XMLInput(
            storage: .decoded(bytes, originalCount: data.count), encoding: Charset.canonicalName(charset) ?? charset, encodingSource: source,
            unknownLabel: unknownLabel, replacedSequences: replaced, removedCharacters: removed)
    }

    /// UTF-8 with every invalid sequence replaced (used when no better reading exists).
    private static func transcodeReplacing(
        _ data: Data, skip: Int, source: XMLInput.EncodingSource, unknownLabel: String? = nil
    ) -> XMLInput {
        let text = String(decoding: data.dropFirst(skip), as: UTF8.self)
        var bytes = Array(text.utf8)
        var removed = 0
        bytes.withUnsafeBytes { raw in
            if case .cleaned(let cleaned, _, let removedCount) = UTF8Cleaner.clean(raw) {
                bytes = cleaned
                removed = removedCount
            }
        }
        let replaced = text.unicodeScalars.lazy.filter { $0 == "\u{FFFD}" }.count
        return XMLInput(
            storage: .decoded(bytes, originalCount: data.count), encoding: "UTF-8", encodingSource: source, unknownLabel: unknownLabel,
            replacedSequences: max(replaced, 1), removedCharacters: removed)
    }
}
