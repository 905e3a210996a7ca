import Foundation

/// Sanitised HTML for showing feed and mail content on Hark's web page: an allowlist, serialised anew.
///
/// The input is parsed by libxml2 and only the allowlist is written back out, so what a browser
/// parses is exactly what was checked:
/// - elements `a abbr b blockquote br code del em h1`–`h6 hr i img ins li ol p pre q s small strong sub
///   sup table thead tbody tfoot caption tr th td u ul dl dt dd figure figcaption span div`;
/// - attributes `title` anywhere, `href` on `a`, `src alt width height` on `img`, `colspan rowspan`
///   on cells, `datetime` on `del ins`, `cite` on `blockquote q del ins`;
/// - links `http`, `https` and (for `href`) `mailto`; relative links resolved against `base` when it
///   is http(s), dropped otherwise; `a` gets `rel="nofollow noopener noreferrer"`.
///
/// `script style template noscript iframe object embed svg math form` and form controls, `link meta
/// base head title` and media are removed with their content; other elements are unwrapped (their
/// content kept); comments, processing instructions, event handlers, `style`, `class`, `srcdoc`,
/// `formaction` and every other attribute are dropped (a `<![CDATA[`, which HTML does not have, is
/// text to libxml2 and comes out escaped). Text and attribute values are escaped; attribute values
/// are always double-quoted.
public enum HTMLSanitizer {
    /// `html` reduced to the allowlist. Text with neither `<` nor `&` skips libxml2 and is only
    /// escaped.
    public static func sanitize(_ html: String, base: URL?) -> String {
        var source = html
        let fast: String? = source.withUTF8 { bytes in
            guard !bytes.contains(where: { $0 == 0x3C || $0 == 0x26 }) else { return nil }
            var output = HTMLEscapedOutput(capacity: bytes.count + 16)
            output.appendText(bytes)
            return output.string
        }
        return fast ?? parsedSanitize(html, base: base)
    }

    /// The full path through libxml2 (also used by the tests to check the fast path against).
    static func parsedSanitize(_ html: String, base: URL?) -> String {
        let sink = HTMLEventSink(
            sanitizer: HTMLSanitizeVisitor(capacity: html.utf8.count + 64, base: HTMLLink.httpBase(base)),
            text: nil
        )
        HTMLParsing.parse(html, into: sink)
        return sink.sanitizer?.output.string ?? ""
    }
}

/// Writes the allowlisted part of the parsed HTML.
struct HTMLSanitizeVisitor: HTMLVisitor {
    var output: HTMLEscapedOutput
    /// The http(s) base for relative links, if any.
    let base: URL?

    init(capacity: Int, base: URL?) {
        output = HTMLEscapedOutput(capacity: capacity)
        self.base = base
    }

    mutating func enter(_ element: HTMLElement, _ attributes: HTMLAttributes) -> Bool {
        switch element.sanitize {
        case .dropped: return false
        case .unwrapped: return true
        case .kept, .void:
            output.appendMarkup(element.openTag)
            appendAttributes(attributes, element)
            output.appendMarkup(">")
            return element.sanitize == .kept
        }
    }

    mutating func leave(_ element: HTMLElement) {
        if element.sanitize == .kept { output.appendMarkup(element.closeTag) }
    }

    mutating func text(_ content: UnsafeBufferPointer<UInt8>) {
        output.appendText(content)
    }

    mutating func reset() {
        output.removeAll()
    }

    private mutating func appendAttributes(_ attributes: HTMLAttributes, _ element: HTMLElement) {
        attributes.forEachKept(on: element) { rule, value in
            let value = value ?? UnsafeBufferPointer(start: nil, count: 0)
            switch rule.kind {
            case .text:
                output.appendMarkup(rule.prefix)
                output.appendAttributeValue(value)
            case .count, .dimension:
                guard rule.acceptsNumber(value) else { return }
                output.appendMarkup(rule.prefix)
                output.appendAttributeValue(value)
            case .link, .resource:
                let allowMailto = rule.kind == .link
                if HTMLLink.isSafeAsWritten(value, allowMailto: allowMailto) {
                    output.appendMarkup(rule.prefix)
                    output.appendAttributeValue(value)
                } else {
                    guard let url = HTMLLink.safeValue(value, base: base, allowMailto: allowMailto) else { return }
                    output.appendMarkup(rule.prefix)
                    output.appendAttributeValue(url)
                }
            }
            output.appendMarkup("\"")
        }
        if element.name == "a" { output.appendMarkup(" rel=\"nofollow noopener noreferrer\"") }
    }
}
