/// How an Atom text construct (`title`, `summary`, `content`) is to be read, from its `type` and,
/// in Atom 0.3, its `mode`.
enum FeedAtomType: Equatable {
    /// Plain text.
    case text
    /// Escaped HTML.
    case html
    /// Inline XHTML (or other XML) markup, re-serialised; Atom 1.0's wrapper `div` is left out.
    case xhtml
    /// Atom 0.3 `mode="base64"`: decoded, then read as text or HTML.
    case base64(FeedContentKind)
    /// Binary or unknown media: nothing to show as text.
    case unsupported

    /// - Parameters:
    ///   - type: the `type` attribute, lowercased (`text`, `html`, `xhtml`, or a MIME type).
    ///   - mode: Atom 0.3's `mode` attribute, lowercased (`xml`, the default, `escaped`, `base64`).
    init(type: String?, mode: String?, atom03: Bool) {
        enum Media { case text, html, xml, binary }
        let media: Media
        switch type ?? (atom03 ? "text/plain" : "text") {
        case "", "text", "text/plain": media = .text
        case "html", "text/html": media = .html
        case "xhtml", "application/xhtml+xml": media = .xml
        case let other where other.hasPrefix("text/"): media = .text
        case let other where other.hasSuffix("+xml") || other.hasSuffix("/xml"): media = .xml
        // Not a media type at all: read as the default, text.
        case let other where !other.contains("/"): media = .text
        default: media = .binary
        }
        switch (mode, media) {
        case (_, .binary) where atom03 || mode != nil: self = .unsupported
        // Atom 1.0: other media types are base64; kept when they decode to text.
        case (_, .binary): self = .base64(.unspecified)
        case ("base64"?, .text): self = .base64(.text)
        case ("base64"?, _): self = .base64(.html)
        case (_, .text): self = .text
        case ("escaped"?, _): self = .html
        case (nil, .html) where !atom03: self = .html
        default: self = .xhtml
        }
    }
}
