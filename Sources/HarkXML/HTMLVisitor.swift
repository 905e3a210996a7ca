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
    /// Forgets everything heard, keeping its buffers' capacity (a parse starts again).
    mutating func reset()
}

/// The attributes of one start tag, from libxml2's HTML parser or from ``HTMLFastParser``, names
/// lowercased, entities in values decoded, duplicates dropped. Valid only during the start-element
/// event.
struct HTMLAttributes {
    /// libxml2's: `name, value, name, value, ..., NULL`; a value is NULL for an attribute written
    /// without one.
    private let pairs: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    /// The parser's name cache (the names are interned in its dictionary); `nil` for the fast parser's.
    private unowned(unsafe) let names: HTMLNameCache?
    /// The fast parser's.
    private let fast: UnsafeBufferPointer<HTMLFastAttribute>

    init(_ pairs: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, names: HTMLNameCache) {
        self.pairs = pairs
        self.names = names
        fast = UnsafeBufferPointer(start: nil, count: 0)
    }

    init(fast: UnsafeBufferPointer<HTMLFastAttribute>) {
        pairs = nil
        names = nil
        self.fast = fast
    }

    /// Calls `body` with the sanitiser's rule and the value (`nil` for an attribute written without
    /// one) of each attribute the sanitiser keeps on `element`, in document order.
    func forEachKept(on element: HTMLElement, _ body: (HTMLAttributeRule, UnsafeBufferPointer<UInt8>?) -> Void) {
        if let names {
            guard let pairs else { return }
            var index = 0
            while let name = pairs[index] {
                if let rule = names.attributeRule(name), rule.applies(to: element) {
                    body(rule, Self.buffer(pairs[index + 1]))
                }
                index += 2
            }
        } else {
            for attribute in fast {
                if let rule = attribute.rule, rule.applies(to: element) { body(rule, attribute.value) }
            }
        }
    }

    /// The value of the first attribute called `name`; `nil` when there is none or it has no value.
    func value(named name: HTMLName) -> UnsafeBufferPointer<UInt8>? {
        if names != nil {
            guard let pairs else { return nil }
            var index = 0
            while let current = pairs[index] {
                if HTMLName(current) == name { return Self.buffer(pairs[index + 1]) }
                index += 2
            }
            return nil
        }
        return fast.first { $0.name == name }?.value ?? nil
    }

    private static func buffer(_ value: UnsafePointer<xmlChar>?) -> UnsafeBufferPointer<UInt8>? {
        guard let value else { return nil }
        return UnsafeBufferPointer(start: value, count: Int(xmlStrlen(value)))
    }
}

/// One attribute read by ``HTMLFastParser``.
struct HTMLFastAttribute {
    /// The lowercase name; `nil` when longer than any name the tables know.
    let name: HTMLName?
    /// The sanitiser's rule for the name, whatever the element.
    let rule: HTMLAttributeRule?
    /// The decoded value; `nil` when written without one.
    let value: UnsafeBufferPointer<UInt8>?
    /// Where the name is in the input, as written.
    let nameStart: Int
    let nameCount: Int
}
