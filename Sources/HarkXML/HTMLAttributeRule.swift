/// The sanitiser's attribute allowlist: which attributes survive on which elements, and how their
/// values are checked.
final class HTMLAttributeRule: Sendable {
    /// How a value is checked.
    enum Kind: Sendable {
        /// Any text (escaped on output): `title`, `alt`, `datetime`.
        case text
        /// A link: `http`, `https` or `mailto`; relative ones resolved against an http(s) base.
        case link
        /// A resource that is loaded: `http` or `https` only, relative ones resolved.
        case resource
        /// A small whole number (`colspan`), at most 3 digits.
        case count
        /// A size in pixels or percent (`width`), at most 5 digits and an optional `%`.
        case dimension
    }

    /// The lowercase name, as written on output.
    let name: String
    let kind: Kind
    /// The elements that may carry it (at most four); `nil` for every kept element.
    let elements: [String]?
    /// ` name="`, ready for output.
    let prefix: String

    init(name: String, kind: Kind, elements: [String]?) {
        self.name = name
        self.kind = kind
        self.elements = elements
        prefix = " " + name + "=\""
    }

    /// The rule for an attribute name on any element, or `nil` for an attribute that is always dropped.
    static func rule(named name: UnsafePointer<UInt8>) -> HTMLAttributeRule? {
        guard let key = HTMLName(name) else { return nil }
        return table[key]
    }

    /// The rule for a packed lowercase attribute name.
    static func rule(_ key: HTMLName) -> HTMLAttributeRule? {
        table[key]
    }

    /// Whether the attribute is kept on `element`.
    func applies(to element: HTMLElement) -> Bool {
        guard let elements else { return true }
        return elements.contains(element.name)
    }

    /// Whether `value` is acceptable for a `count` or `dimension` attribute.
    func acceptsNumber(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        var digits = value[...]
        if kind == .dimension, digits.last == UInt8(ascii: "%") { digits = digits.dropLast() }
        let limit = kind == .count ? 3 : 5
        return (1...limit).contains(digits.count) && digits.allSatisfy { (0x30...0x39).contains($0) }
    }

    private static let table: [HTMLName: HTMLAttributeRule] = {
        let rules = [
            HTMLAttributeRule(name: "title", kind: .text, elements: nil),
            HTMLAttributeRule(name: "href", kind: .link, elements: ["a"]),
            HTMLAttributeRule(name: "src", kind: .resource, elements: ["img"]),
            HTMLAttributeRule(name: "alt", kind: .text, elements: ["img"]),
            HTMLAttributeRule(name: "width", kind: .dimension, elements: ["img"]),
            HTMLAttributeRule(name: "height", kind: .dimension, elements: ["img"]),
            HTMLAttributeRule(name: "colspan", kind: .count, elements: ["td", "th"]),
            HTMLAttributeRule(name: "rowspan", kind: .count, elements: ["td", "th"]),
            HTMLAttributeRule(name: "datetime", kind: .text, elements: ["del", "ins"]),
            HTMLAttributeRule(name: "cite", kind: .resource, elements: ["blockquote", "q", "del", "ins"]),
        ]
        var table: [HTMLName: HTMLAttributeRule] = [:]
        for rule in rules { table[HTMLName(rule.name)] = rule }
        return table
    }()
}
