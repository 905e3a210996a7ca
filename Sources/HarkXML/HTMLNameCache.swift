/// Element and attribute-rule lookups by the address of libxml2's name string.
///
/// libxml2 interns every tag and attribute name in its parser context's dictionary, so one name has
/// one address for as long as the context lives; a small direct-mapped table keyed by that address
/// saves packing and hashing the name on every event. It lives and dies with its context.
final class HTMLNameCache {
    private static let size = 256

    @exclusivity(unchecked) private var elementKeys = [UnsafeRawPointer?](repeating: nil, count: size)
    @exclusivity(unchecked) private var elements = [HTMLElement](repeating: .unknown, count: size)
    @exclusivity(unchecked) private var attributeKeys = [UnsafeRawPointer?](repeating: nil, count: size)
    @exclusivity(unchecked) private var attributeRules = [HTMLAttributeRule?](repeating: nil, count: size)

    @inline(__always)
    private static func slot(_ key: UnsafeRawPointer) -> Int {
        Int(bitPattern: UInt(bitPattern: key) >> 3) & (size - 1)
    }

    /// ``HTMLElement/lookup(_:)`` of an interned name.
    @inline(__always)
    func element(_ name: UnsafePointer<UInt8>) -> HTMLElement {
        let key = UnsafeRawPointer(name)
        let slot = Self.slot(key)
        if elementKeys[slot] == key { return elements[slot] }
        let element = HTMLElement.lookup(name)
        elementKeys[slot] = key
        elements[slot] = element
        return element
    }

    /// The attribute rule for an interned attribute name, whatever the element (``HTMLAttributeRule/applies(to:)``
    /// then checks the element).
    @inline(__always)
    func attributeRule(_ name: UnsafePointer<UInt8>) -> HTMLAttributeRule? {
        let key = UnsafeRawPointer(name)
        let slot = Self.slot(key)
        if attributeKeys[slot] == key { return attributeRules[slot] }
        let rule = HTMLAttributeRule.rule(named: name)
        attributeKeys[slot] = key
        attributeRules[slot] = rule
        return rule
    }
}
