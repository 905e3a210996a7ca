internal import CLibXML2

/// What a walk over a parsed HTML tree does at each node.
protocol HTMLVisitor {
    /// An element starts; returns whether to visit its children (and then call ``leave(_:)``).
    mutating func enter(_ node: xmlNodePtr, _ element: HTMLElement) -> Bool
    /// An element entered with `true` ends.
    mutating func leave(_ element: HTMLElement)
    /// A text node's UTF-8 content.
    mutating func text(_ content: UnsafeBufferPointer<UInt8>)
}

extension HTMLParsing {
    /// Visits `first`, its siblings and their descendants in document order, without recursion (so a
    /// million nested `<div>`s cannot exhaust the stack). Comments, processing instructions, CDATA and
    /// DOCTYPE nodes are never visited.
    static func walk<Visitor: HTMLVisitor>(_ first: xmlNodePtr?, _ visitor: inout Visitor) {
        var open: [HTMLElement] = []
        var node = first
        while let current = node {
            var children: xmlNodePtr? = nil
            switch current.pointee.type {
            case XML_TEXT_NODE:
                if let content = current.pointee.content {
                    visitor.text(UnsafeBufferPointer(start: content, count: Int(xmlStrlen(content))))
                }
            case XML_ELEMENT_NODE:
                let element = HTMLElement.lookup(current.pointee.name)
                if visitor.enter(current, element) {
                    if let first = current.pointee.children {
                        open.append(element)
                        children = first
                    } else {
                        visitor.leave(element)
                    }
                }
            default:
                break
            }
            if let children {
                node = children
                continue
            }
            var up = current
            node = nil
            while true {
                if let next = up.pointee.next {
                    node = next
                    break
                }
                guard let parent = up.pointee.parent, let element = open.popLast() else { break }
                visitor.leave(element)
                up = parent
            }
        }
    }

    /// The value of attribute `name` on `node` (its first text child), as libxml2 holds it.
    static func attribute(_ node: xmlNodePtr, named name: HTMLName) -> UnsafeBufferPointer<UInt8>? {
        var attribute = node.pointee.properties
        while let current = attribute {
            if let attributeName = current.pointee.name, HTMLName(attributeName) == name {
                guard let content = current.pointee.children?.pointee.content else { return nil }
                return UnsafeBufferPointer(start: content, count: Int(xmlStrlen(content)))
            }
            attribute = current.pointee.next
        }
        return nil
    }
}
