internal import CLibXML2

/// A quiet, network-free libxml2 parse of an HTML fragment or document, shared by ``HTMLText`` and
/// ``HTMLSanitizer``: libxml2's HTML SAX parser drives an ``HTMLEventSink`` and no tree is built.
enum HTMLParsing {
    /// `NONET | RECOVER | NOERROR | NOWARNING | NOIMPLIED`, plus `NODEFDTD` (no default DOCTYPE),
    /// `COMPACT` (no effect without a tree; kept so the parser reads as it always did) and
    /// `IGNORE_ENC` (the input is already UTF-8 whatever a `<meta charset>` inside it claims).
    static let options: Int32 = {
        let options: [htmlParserOption] = [
            HTML_PARSE_NONET, HTML_PARSE_RECOVER, HTML_PARSE_NOERROR, HTML_PARSE_NOWARNING,
            HTML_PARSE_NOIMPLIED, HTML_PARSE_NODEFDTD, HTML_PARSE_COMPACT, HTML_PARSE_IGNORE_ENC,
        ]
        return Int32(bitPattern: options.reduce(0) { $0 | $1.rawValue })
    }()

    /// libxml2's global set-up, once, before the first parse on any thread.
    private static let initialized: Void = xmlInitParser()

    /// Runs libxml2's global set-up if it has not run yet.
    static func initializeLibXML2() {
        _ = initialized
    }

    /// The parser is fed `<body>` first, so that text before any tag is not wrapped in an implied
    /// `<p>`; a document's own `<html>`, `<head>` and `<body>` tags are then ignored as misplaced,
    /// and whatever they held is kept. The second `<body>` is ignored as misplaced too, and so
    /// absorbs one stray `</body>` that would otherwise close the first (and wrap the rest in `<p>`).
    private static let prefix: [UInt8] = Array("<body><body>".utf8)

    /// Parses `html` into `sink`.
    ///
    /// NUL bytes are removed first (``HTMLInput``): the HTML parser takes one for the end of the input,
    /// and browsers ignore them in markup too (so `java\0script:` is `javascript:` to both). Where the
    /// sink stops the parse at its nesting cap (256, libxml2's own tree limit), the open elements are
    /// closed and the rest of the input is parsed afresh, so deep or unbalanced markup loses its
    /// structure there but never its text, and no parse is quadratic.
    ///
    /// ``HTMLFastParser`` reads the input first; where it gives up, the sink is reset and libxml2
    /// reads it (`fast: false` skips the fast parser, for the tests that compare the two).
    static func parse(_ html: String, into sink: HTMLEventSink, fast: Bool = true) {
        _ = initialized
        if fast {
            var source = html
            if source.withUTF8({ HTMLFastParser.parse($0, into: sink) }) {
                sink.finish()
                return
            }
            sink.reset()
        }
        var input = prepared(html)
        _ = HTMLParserPool.withParser { parser in
            var start = 0
            while start < input.count {
                let stoppedAt = input.withUnsafeBufferPointer {
                    parser.parse(UnsafeBufferPointer(rebasing: $0[start...]), into: sink)
                }
                sink.finish()
                guard let stoppedAt else { return }
                var resume = start + stoppedAt
                if resume < input.count && input[resume] == UInt8(ascii: ">") { resume += 1 }
                guard resume > start + prefix.count, resume < input.count else { return }
                // The consumed bytes before `resume` make room for the next chunk's own prefix.
                start = resume - prefix.count
                input.replaceSubrange(start..<resume, with: prefix)
            }
        }
    }

    /// The prefix and the UTF-8 of `html`, prepared by ``HTMLInput``.
    private static func prepared(_ html: String) -> [UInt8] {
        var source = html
        return source.withUTF8 { HTMLInput.prepare($0, prefix: prefix) }
    }
}
