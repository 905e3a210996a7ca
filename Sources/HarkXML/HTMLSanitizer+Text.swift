import Foundation

extension HTMLSanitizer {
    /// The sanitised HTML and the plain text of `html` from one parse: exactly what
    /// ``sanitize(_:base:)`` and ``HTMLText/plainText(_:options:)`` return, for about half the cost of
    /// calling both (the libxml2 parse is most of the time). The feed and mail pipelines need both.
    public static func sanitizeWithText(
        _ html: String,
        base: URL?,
        textOptions: HTMLText.Options = HTMLText.Options()
    ) -> (html: String, text: String) {
        sanitizeWithText(html, base: base, textOptions: textOptions, fast: true)
    }

    /// `fast: false` has libxml2 read every input (the tests compare the two readers).
    static func sanitizeWithText(
        _ html: String,
        base: URL?,
        textOptions: HTMLText.Options,
        fast: Bool
    ) -> (html: String, text: String) {
        var source = html
        let plain: (String, String)? = source.withUTF8 { bytes in
            guard !bytes.contains(where: { $0 == 0x3C || $0 == 0x26 }) else { return nil }
            var output = HTMLEscapedOutput(capacity: bytes.count + 16)
            output.appendText(bytes)
            var text = HTMLTextBuffer(capacity: bytes.count)
            text.appendFlowing(bytes)
            return (output.string, text.string)
        }
        if let plain { return plain }
        let sink = HTMLEventSink(
            sanitizer: HTMLSanitizeVisitor(capacity: html.utf8.count + 64, base: HTMLLink.httpBase(base)),
            text: HTMLTextVisitor(capacity: html.utf8.count, options: textOptions)
        )
        HTMLParsing.parse(html, into: sink, fast: fast)
        return (sink.sanitizer?.output.string ?? "", sink.text?.buffer.string ?? "")
    }
}
