import Foundation

/// Re-serialises elements met inside a text construct (Atom `xhtml` content, or HTML that a feed
/// left unescaped) as markup, and remembers their names to close them.
///
/// Names are written without a prefix when `unprefixed` (XHTML, no namespace), attributes with
/// theirs (`xml:*` dropped); attribute values keep their references (`&#38;`, `&name;` are valid
/// HTML) and escape `<`, `>` and `"`. `href` and `src` are resolved against the element's base, so a
/// nested `xml:base` is honoured before the markup loses it. Void HTML elements (`br`, `img`) are
/// written once, self-closed, and get no end tag.
public struct XMLMarkupStack: Sendable {
    private var names: [UInt8] = []
    /// Per open element: where its name starts in `names`, negative for a void element.
    private var starts: [Int] = []

    public init() {}

    public var isEmpty: Bool { starts.isEmpty }

    public mutating func removeAll() {
        names.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
    }

    /// Writes `element`'s start tag to `buffer`.
    public mutating func open(_ element: XMLElement, unprefixed: Bool, void: Bool, into buffer: inout XMLTextBuffer) {
        let nameStart = names.count
        if !unprefixed, let prefix = element.prefixPointer {
            names.append(contentsOf: UnsafeBufferPointer(start: prefix, count: strlen(prefix)))
            names.append(UInt8(ascii: ":"))
        }
        let local = element.localNamePointer
        names.append(contentsOf: UnsafeBufferPointer(start: local, count: strlen(local)))
        buffer.append("<")
        names.withUnsafeBufferPointer { buffer.append(UnsafeBufferPointer(rebasing: $0[nameStart...])) }
        for index in 0..<element.attributeCount { appendAttribute(element, index, to: &buffer) }
        if void {
            buffer.append(" />")
            names.removeSubrange(nameStart...)
            starts.append(-1)
        } else {
            buffer.append(">")
            starts.append(nameStart)
        }
    }

    /// Writes the end tag of the innermost open element (nothing for a void one).
    public mutating func close(into buffer: inout XMLTextBuffer) {
        guard let start = starts.popLast() else { return }
        guard start >= 0 else { return }
        buffer.append("</")
        names.withUnsafeBufferPointer { buffer.append(UnsafeBufferPointer(rebasing: $0[start...])) }
        buffer.append(">")
        names.removeSubrange(start...)
    }

    private func appendAttribute(_ element: XMLElement, _ index: Int, to buffer: inout XMLTextBuffer) {
        let pointers = element.attributePointers!
        let local = pointers[index * 5]!
        if let prefix = pointers[index * 5 + 1], strcmp(prefix, "xml") == 0 { return }
        buffer.append(" ")
        element.appendAttributeQualifiedName(at: index, to: &buffer)
        buffer.append("=\"")
        let value = element.attributeBytes(at: index)
        if pointers[index * 5 + 1] == nil, strcmp(local, "href") == 0 || strcmp(local, "src") == 0,
            let base = element.base, let resolved = Self.resolve(value, against: base)
        {
            var escaped = resolved
            escaped.withUTF8 { buffer.appendEscaped($0, quote: true, keepingReferences: true) }
        } else {
            buffer.appendEscaped(value, quote: true, keepingReferences: true)
        }
        buffer.append("\"")
    }

    /// A relative reference made absolute against an http(s) base; `nil` when it already is absolute
    /// or does not resolve.
    private static func resolve(_ value: UnsafeBufferPointer<UInt8>, against base: URL) -> String? {
        let raw = XMLWhitespace.trim(XMLAttributeDecoding.decode(value))
        if raw.isEmpty || raw.hasPrefix("#") { return nil }
        if let colon = raw.firstIndex(of: ":"),
            raw[..<colon].allSatisfy({ $0.isLetter || $0 == "+" || $0 == "-" || $0 == "." })
        {
            return nil
        }
        guard let url = URL(string: raw, relativeTo: base)?.absoluteURL else { return nil }
        return url.absoluteString.replacingOccurrences(of: "&", with: "&amp;")
    }
}
