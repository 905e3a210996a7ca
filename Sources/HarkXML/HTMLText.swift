/// HTML to plain text, for assessing feed items and mail bodies.
///
/// The text is what a reader sees: `script`, `style`, `template`, `noscript`, `head` (with `title`),
/// embedded objects, media and form controls are dropped with their content; block elements start
/// and end lines (`div`, `li`, `tr`, `br`) or paragraphs with one blank line (`p`, headings,
/// `blockquote`, `pre`, `table`, `hr`); table cells are spaced; white space collapses except in `pre`;
/// entities are decoded by libxml2 (`&eacute;` → é). `&nbsp;` counts as white space and becomes an
/// ordinary space, since runs of it only lay out mail. At most one blank line appears in a row, and
/// nothing leads or trails.
public enum HTMLText {
    /// Which image `alt` texts become part of the text.
    public enum ImageText: Sendable {
        /// None.
        case none
        /// Only those without letters or digits: emoji and rating stars (`😡`, `★★☆☆☆`), which carry
        /// the writer's mood, but not captions like "Company logo".
        case symbols
        /// Every `alt` text.
        case all
    }

    /// How ``plainText(_:options:)`` renders.
    public struct Options: Sendable {
        /// Which image `alt` texts to keep; `.symbols` by default.
        public var imageText: ImageText

        /// Options with the defaults.
        public init(imageText: ImageText = .symbols) {
            self.imageText = imageText
        }
    }

    /// The text of an HTML fragment or document with the default options.
    ///
    /// Text with neither `<` nor `&` skips libxml2 and only has its white space collapsed.
    public static func plainText(_ html: String) -> String {
        plainText(html, options: Options())
    }

    /// The text of an HTML fragment or document: scripts and styles dropped, block elements spaced,
    /// entities decoded, white space collapsed outside `pre`.
    public static func plainText(_ html: String, options: Options) -> String {
        var source = html
        let fast: String? = source.withUTF8 { bytes in
            guard !bytes.contains(where: { $0 == 0x3C || $0 == 0x26 }) else { return nil }
            var buffer = HTMLTextBuffer(capacity: bytes.count)
            buffer.appendFlowing(bytes)
            return buffer.string
        }
        return fast ?? parsedText(html, options: options)
    }

    /// The full path through libxml2 (also used by the tests to check the fast path against).
    static func parsedText(_ html: String, options: Options) -> String {
        let sink = HTMLEventSink(sanitizer: nil, text: HTMLTextVisitor(capacity: html.utf8.count, options: options))
        HTMLParsing.parse(html, into: sink)
        return sink.text?.buffer.string ?? ""
    }
}

/// Collects the text of the parsed HTML.
struct HTMLTextVisitor: HTMLVisitor {
    var buffer: HTMLTextBuffer
    let options: HTMLText.Options
    /// How many `pre` elements enclose the current text.
    private var preformattedDepth = 0

    init(capacity: Int, options: HTMLText.Options) {
        buffer = HTMLTextBuffer(capacity: capacity)
        self.options = options
    }

    mutating func enter(_ element: HTMLElement, _ attributes: HTMLAttributes) -> Bool {
        switch element.text {
        case .inline: return true
        case .skipped: return false
        case .lineBreak:
            buffer.lineBreak()
            return false
        case .image:
            appendAltText(attributes)
            return false
        case .cell, .line, .paragraph, .preformatted:
            boundary(element)
            if element.text == .preformatted { preformattedDepth += 1 }
            return true
        }
    }

    mutating func leave(_ element: HTMLElement) {
        if element.text == .preformatted { preformattedDepth -= 1 }
        boundary(element)
    }

    mutating func text(_ content: UnsafeBufferPointer<UInt8>) {
        if preformattedDepth > 0 {
            buffer.appendPreformatted(content)
        } else {
            buffer.appendFlowing(content)
        }
    }

    mutating func reset() {
        buffer.removeAll()
        preformattedDepth = 0
    }

    /// The spacing an element puts at its start and its end.
    private mutating func boundary(_ element: HTMLElement) {
        switch element.text {
        case .line: buffer.breakLines(1)
        case .paragraph, .preformatted: buffer.breakLines(2)
        case .cell: buffer.space()
        default: break
        }
    }

    private mutating func appendAltText(_ attributes: HTMLAttributes) {
        guard options.imageText != .none, let alt = attributes.value(named: Self.alt) else { return }
        if options.imageText == .symbols {
            let text = String(decoding: alt, as: UTF8.self)
            if text.unicodeScalars.contains(where: { $0.properties.isAlphabetic || $0.properties.numericType != nil }) {
                return
            }
        }
        buffer.space()
        buffer.appendFlowing(alt)
        buffer.space()
    }

    private static let alt = HTMLName("alt")
}
