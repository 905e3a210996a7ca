internal import CLibXML2

/// What a consumer of the HTML parse (the sanitiser, the text collector) does at each event.
protocol HTMLVisitor {
    /// An element starts; returns whether to hear its content (and then ``leave(_:)``). A visitor
    /// that declines hears nothing more until that element has ended.
    mutating func enter(_ element: HTMLElement, _ attributes: HTMLAttributes) -> Bool
    /// An element entered with `true` ends.
    mutating func leave(_ element: HTMLElement)
    /// UTF-8 text content, entities decoded; one text may come in several pieces.
    mutating func text(_ content: UnsafeBufferPointer<UInt8>)
}

/// The attributes of one start tag as libxml2's HTML parser hands them over: a NULL-terminated array
/// of name and value pairs, names lowercased, entities in values decoded, duplicates already dropped.
/// Valid only during the start-element event.
struct HTMLAttributes {
    /// `name, value, name, value, ..., NULL`; a value is NULL for an attribute written without one.
    private let pairs: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    /// The parser's name cache (the names are interned in its dictionary).
    private unowned(unsafe) let names: HTMLNameCache

    init(_ pairs: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, names: HTMLNameCache) {
        self.pairs = pairs
        self.names = names
    }

    /// The sanitiser's rule for attribute `name` (one of these attributes) on `element`; `nil` when the
    /// attribute is dropped.
    func rule(_ name: UnsafePointer<UInt8>, on element: HTMLElement) -> HTMLAttributeRule? {
        guard let rule = names.attributeRule(name), rule.applies(to: element) else { return nil }
        return rule
    }

    /// Calls `body` with each attribute's name and value, in document order; `value` is `nil` for an
    /// attribute written without one (`<img alt>`).
    func forEach(_ body: (UnsafePointer<UInt8>, UnsafeBufferPointer<UInt8>?) -> Void) {
        guard let pairs else { return }
        var index = 0
        while let name = pairs[index] {
            body(name, Self.buffer(pairs[index + 1]))
            index += 2
        }
    }

    /// The value of the first attribute called `name`; `nil` when there is none or it has no value.
    func value(named name: HTMLName) -> UnsafeBufferPointer<UInt8>? {
        guard let pairs else { return nil }
        var index = 0
        while let current = pairs[index] {
            if HTMLName(current) == name { return Self.buffer(pairs[index + 1]) }
            index += 2
        }
        return nil
    }

    private static func buffer(_ value: UnsafePointer<xmlChar>?) -> UnsafeBufferPointer<UInt8>? {
        guard let value else { return nil }
        return UnsafeBufferPointer(start: value, count: Int(xmlStrlen(value)))
    }
}
