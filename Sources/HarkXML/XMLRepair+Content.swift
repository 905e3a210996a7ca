/// A start tag being rewritten: its name and the attributes kept.
struct XMLRepairTag {
    struct Attribute {
        var name: Range<Int>
        /// The value's bytes in the input; `nil` for a bare attribute (`<option selected>`).
        var value: Range<Int>?
    }

    let name: Range<Int>
    var attributes: [Attribute] = []
    var selfClosing = false
}

extension XMLRepairWriter {
    /// Reads attributes up to the tag's end (`>`, `/>`, a stray `<`, or the end of input).
    mutating func readAttributes(into tag: inout XMLRepairTag) {
        while position < input.count {
            let byte = input[position]
            if XMLNameBytes.isSpace(byte) {
                position += 1
            } else if byte == UInt8(ascii: ">") {
                position += 1
                return
            } else if byte == UInt8(ascii: "/") {
                position += 1
                if position < input.count, input[position] == UInt8(ascii: ">") {
                    position += 1
                    tag.selfClosing = true
                    return
                }
            } else if byte == UInt8(ascii: "<") {
                return
            } else if let length = nameLength(from: position) {
                let name = position..<(position + length)
                position += length
                let value = attributeValue()
                if tag.attributes.count < limits.maximumAttributes,
                    !tag.attributes.contains(where: { sameName($0.name, name) })
                {
                    tag.attributes.append(XMLRepairTag.Attribute(name: name, value: value))
                }
            } else if XMLNameBytes.isNameStart(byte) {
                // A name over the cap: skip its whole run at once, so that long runs of name bytes
                // (any non-ASCII text in an unclosed tag) cost linear time, not 1,000 times it.
                position += 1
                while position < input.count, XMLNameBytes.isName(input[position]) { position += 1 }
            } else {
                position += 1
            }
        }
    }

    /// Reads `= "value"`, `= 'value'` or `= value` after an attribute name; `nil` when there is no `=`.
    private mutating func attributeValue() -> Range<Int>? {
        var index = position
        while index < input.count, XMLNameBytes.isSpace(input[index]) { index += 1 }
        guard index < input.count, input[index] == UInt8(ascii: "=") else { return nil }
        index += 1
        while index < input.count, XMLNameBytes.isSpace(input[index]) { index += 1 }
        guard index < input.count else {
            position = index
            return index..<index
        }
        let first = input[index]
        if first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") {
            var end = index + 1
            while end < input.count, input[end] != first { end += 1 }
            position = min(end + 1, input.count)
            return (index + 1)..<end
        }
        var end = index
        while end < input.count, !XMLNameBytes.isSpace(input[end]), input[end] != UInt8(ascii: ">") { end += 1 }
        position = end
        return index..<end
    }

    mutating func write(_ attribute: XMLRepairTag.Attribute) {
        output.append(UInt8(ascii: " "))
        output.append(contentsOf: input[attribute.name])
        append("=\"")
        escape(attribute.value ?? attribute.name, inAttribute: true)
        output.append(UInt8(ascii: "\""))
    }

    /// Character data between markup: dropped outside the root, escaped where needed inside it.
    mutating func text(_ range: Range<Int>) {
        guard !range.isEmpty, !stack.isEmpty else { return }
        escape(range, inAttribute: false)
    }

    /// Copies `range`, escaping `<` (and `"` in attributes), `]]>` in text, and every `&` that does
    /// not start a reference libxml2 accepts; character references to characters XML forbids are
    /// dropped.
    private mutating func escape(_ range: Range<Int>, inAttribute: Bool) {
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = input[index]
            switch byte {
            case UInt8(ascii: "&"):
                if let end = referenceEnd(from: index, limit: range.upperBound) {
                    if isAllowedReference(index..<end) {
                        output.append(contentsOf: input[index..<end])
                        // `&#X41;` is HTML, not XML: libxml2 wants a lowercase x.
                        if input[index + 1] == UInt8(ascii: "#"), input[index + 2] == UInt8(ascii: "X") {
                            output[output.count - (end - index) + 2] = UInt8(ascii: "x")
                        }
                    }
                    index = end
                    continue
                }
                append("&amp;")
            case UInt8(ascii: "<"):
                append("&lt;")
            case UInt8(ascii: "\"") where inAttribute:
                append("&quot;")
            case UInt8(ascii: ">")
            where !inAttribute && index >= 2 && input[index - 1] == UInt8(ascii: "]")
                && input[index - 2] == UInt8(ascii: "]"):
                append("&gt;")
            default:
                output.append(byte)
            }
            index += 1
        }
    }

    /// The end (past `;`) of a well-formed entity or character reference at `start`.
    private func referenceEnd(from start: Int, limit: Int) -> Int? {
        var index = start + 1
        let end = min(limit, start + 40)
        if index < end, input[index] == UInt8(ascii: "#") {
            index += 1
            let hex = index < end && (input[index] == UInt8(ascii: "x") || input[index] == UInt8(ascii: "X"))
            if hex { index += 1 }
            let digitsStart = index
            while index < end, isDigit(input[index], hex: hex) { index += 1 }
            return index > digitsStart && index < end && input[index] == UInt8(ascii: ";") ? index + 1 : nil
        }
        guard index < end, XMLNameBytes.isNameStart(input[index]) else { return nil }
        while index < end, XMLNameBytes.isName(input[index]) { index += 1 }
        return index < end && input[index] == UInt8(ascii: ";") ? index + 1 : nil
    }

    /// A character reference must name a character XML allows.
    private func isAllowedReference(_ range: Range<Int>) -> Bool {
        guard input[range.lowerBound + 1] == UInt8(ascii: "#") else { return true }
        var index = range.lowerBound + 2
        let hex = input[index] == UInt8(ascii: "x") || input[index] == UInt8(ascii: "X")
        if hex { index += 1 }
        var value: UInt32 = 0
        while index < range.upperBound - 1 {
            let byte = input[index] | 0x20
            let digit =
                byte <= UInt8(ascii: "9") ? UInt32(byte - UInt8(ascii: "0")) : UInt32(byte - UInt8(ascii: "a") + 10)
            value = value &* (hex ? 16 : 10) &+ digit
            if value > 0x10FFFF { return false }
            index += 1
        }
        switch value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: return true
        default: return false
        }
    }

    private func isDigit(_ byte: UInt8, hex: Bool) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): true
        case UInt8(ascii: "a")...UInt8(ascii: "f"), UInt8(ascii: "A")...UInt8(ascii: "F"): hex
        default: false
        }
    }
}
