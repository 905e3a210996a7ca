import Foundation

/// A start tag as the reader delivers it: resolved names and attribute access without building
/// strings until asked.
///
/// A view into libxml2's buffers: valid only during the `XMLStreamHandler` call it is given to.
public struct XMLElement {
    /// The element's name resolved against the vocabulary.
    public let name: XMLName
    /// 1 for the root element.
    public let depth: Int
    let localNamePointer: UnsafePointer<UInt8>
    let prefixPointer: UnsafePointer<UInt8>?
    /// libxml2's namespace declarations of this tag: two pointers (prefix, URI) each.
    let namespacePointers: UnsafePointer<UnsafePointer<UInt8>?>?
    let namespaceCount: Int
    /// libxml2's attribute array: five pointers per attribute (local name, prefix, URI, value
    /// start, value end).
    let attributePointers: UnsafePointer<UnsafePointer<UInt8>?>?
    /// How many attributes the start tag has.
    public let attributeCount: Int
    /// Errors reported so far in the document (see `XMLEndTag.errorCount`).
    public let errorCount: Int
    unowned(unsafe) let session: XMLParseSession

    /// The base URI in effect for this element (its own `xml:base` included): the document's http(s)
    /// URL, changed by `xml:base` values that resolve to http(s) URLs; `nil` when there is none.
    public var base: URL? { session.scopes.base }

    /// The `xml:lang` in effect for this element, if any.
    public var language: String? { session.scopes.language }

    /// The ids of the namespaces this start tag declares (`xmlns`, `xmlns:p`), known ones only.
    public var declaredNamespaces: [UInt8] {
        guard let namespacePointers else { return [] }
        return (0..<namespaceCount).compactMap { index in
            let id = session.namespaceID(namespacePointers[index * 2 + 1])
            return id == 0 ? nil : id
        }
    }

    /// The local name as a string (for diagnostics and unknown elements).
    public var localName: String { String(cString: localNamePointer) }

    /// The resolved name of attribute `index` (`0..<attributeCount`).
    public func attributeName(at index: Int) -> XMLName {
        let base = index * 5
        return session.resolve(
            local: attributePointers![base], prefix: attributePointers![base + 1], uri: attributePointers![base + 2])
    }

    /// The value of attribute `index`, entity and character references decoded.
    public func attributeValue(at index: Int) -> String {
        XMLAttributeDecoding.decode(attributeBytes(at: index), entities: session.entities)
    }

    /// The value of the first attribute named `name`, decoded; `nil` when absent.
    public func attribute(_ name: XMLName) -> String? {
        guard let index = attributeIndex(name) else { return nil }
        return attributeValue(at: index)
    }

    /// The index of the first attribute named `name`.
    public func attributeIndex(_ name: XMLName) -> Int? {
        for index in 0..<attributeCount where attributeName(at: index) == name { return index }
        return nil
    }

    /// The raw bytes of attribute `index` as libxml2 left them (`&#38;` for `&`, `&name;` for HTML
    /// entities); see `XMLAttributeDecoding`.
    func attributeBytes(at index: Int) -> UnsafeBufferPointer<UInt8> {
        let base = index * 5
        guard let start = attributePointers![base + 3], let end = attributePointers![base + 4] else {
            return UnsafeBufferPointer(start: nil, count: 0)
        }
        return UnsafeBufferPointer(start: start, count: end - start)
    }

    /// The qualified name (`prefix:local`, or `local`) of attribute `index` as bytes, appended to `buffer`.
    func appendAttributeQualifiedName(at index: Int, to buffer: inout XMLTextBuffer) {
        let base = index * 5
        if let prefix = attributePointers![base + 1] {
            buffer.append(cString: prefix)
            buffer.append(byte: UInt8(ascii: ":"))
        }
        buffer.append(cString: attributePointers![base]!)
    }
}
