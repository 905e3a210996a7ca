internal import CLibXML2

/// A quiet, network-free libxml2 parse of an HTML fragment or document, shared by ``HTMLText`` and
/// ``HTMLSanitizer``.
enum HTMLParsing {
    /// `NONET | RECOVER | NOERROR | NOWARNING | NOIMPLIED`, plus `NODEFDTD` (no default DOCTYPE node),
    /// `COMPACT` (small text nodes inline, fewer allocations) and `IGNORE_ENC` (the input is already
    /// UTF-8 whatever a `<meta charset>` inside it claims).
    static let options: Int32 = {
        let options: [htmlParserOption] = [
            HTML_PARSE_NONET, HTML_PARSE_RECOVER, HTML_PARSE_NOERROR, HTML_PARSE_NOWARNING,
            HTML_PARSE_NOIMPLIED, HTML_PARSE_NODEFDTD, HTML_PARSE_COMPACT, HTML_PARSE_IGNORE_ENC,
        ]
        return Int32(bitPattern: options.reduce(0) { $0 | $1.rawValue })
    }()

    /// libxml2's global set-up, once, before the first parse on any thread.
    private static let initialized: Void = xmlInitParser()

    /// The parser is fed `<body>` first, so that text before any tag is not wrapped in an implied
    /// `<p>`; a document's own `<html>`, `<head>` and `<body>` tags are then ignored as misplaced,
    /// and whatever they held stays in the tree. The second `<body>` is ignored as misplaced too, and
    /// so absorbs one stray `</body>` that would otherwise close the first (and wrap the rest in `<p>`).
    private static let prefix: [UInt8] = Array("<body><body>".utf8)

    /// Parses `html` and walks the tree with `visitor`, freeing each document after its walk.
    ///
    /// NUL bytes are removed first (``HTMLInput``): the HTML parser takes one for the end of the input,
    /// and browsers ignore them in markup too (so `java\0script:` is `javascript:` to both). When
    /// libxml2 halts at its nesting cap (256), the rest of the input is parsed afresh and walked in
    /// turn, so deep or unbalanced markup loses its structure there but never its text.
    static func parse<Visitor: HTMLVisitor>(_ html: String, into visitor: inout Visitor) {
        _ = initialized
        var input = prepared(html)
        var start = 0
        while start < input.count {
            let chunkCount = input.count - start
            guard chunkCount <= Int(Int32.max) else { return }
            var note = hark_html_parse_note(halted_at: -1)
            let document = input.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { chars in
                    hark_html_read_quietly(chars.baseAddress! + start, Int32(chunkCount), options, &note)
                }
            }
            if let document {
                walk(document.pointee.children, &visitor)
                xmlFreeDoc(document)
            }
            guard note.halted_at >= 0 else { return }
            var resume = start + note.halted_at
            if resume < input.count && input[resume] == UInt8(ascii: ">") { resume += 1 }
            guard resume > start + prefix.count, resume < input.count else { return }
            // The consumed bytes before `resume` make room for the next chunk's own prefix.
            start = resume - prefix.count
            input.replaceSubrange(start..<resume, with: prefix)
        }
    }

    /// The prefix and the UTF-8 of `html`, prepared by ``HTMLInput``.
    private static func prepared(_ html: String) -> [UInt8] {
        var source = html
        return source.withUTF8 { HTMLInput.prepare($0, prefix: prefix) }
    }
}
