import Foundation

/// The second, more tolerant reading of a broken document: rewrites tag soup into well-formed XML
/// that libxml2 then reads without losing the rest of the document.
///
/// What it changes: junk before the root, the XML declaration, processing instructions, comments and
/// any DOCTYPE are dropped; a `<` or `&` that starts no markup or reference is escaped; attribute
/// values are quoted and escaped, duplicates and attributes beyond the limit dropped; an end tag
/// closes the elements opened after its start tag, and one that matches nothing is dropped; the
/// root stays open until the end, so content after it (a second root) is kept; whatever is still
/// open at the end is closed. The output is at most about twice the input.
public enum XMLRepair {
    /// The repaired form of UTF-8 `bytes`.
    public static func repair(_ bytes: UnsafeRawBufferPointer, limits: XMLReaderLimits = XMLReaderLimits()) -> [UInt8] {
        var writer = XMLRepairWriter(input: bytes, limits: limits)
        writer.run()
        return writer.output
    }
}

struct XMLRepairWriter {
    let input: UnsafeRawBufferPointer
    let limits: XMLReaderLimits
    var output: [UInt8] = []
    /// Open elements, as ranges of their names in `input`.
    var stack: [Range<Int>] = []
    var position = 0
    let outputLimit: Int

    static let maximumNameLength = 1024

    init(input: UnsafeRawBufferPointer, limits: XMLReaderLimits) {
        self.input = input
        self.limits = limits
        outputLimit = input.count * 2 + (1 << 20)
        output.reserveCapacity(input.count + input.count / 8 + 64)
    }

    mutating func run() {
        guard let base = input.baseAddress else { return }
        while position < input.count, output.count < outputLimit {
            let remaining = input.count - position
            guard let found = memchr(base + position, Int32(UInt8(ascii: "<")), remaining) else {
                text(position..<input.count)
                position = input.count
                break
            }
            let lessThan = base.distance(to: UnsafeRawPointer(found))
            text(position..<lessThan)
            position = lessThan
            markup()
        }
        while let open = stack.popLast() { endTag(open) }
    }

    // MARK: Markup

    private mutating func markup() {
        let next = position + 1 < input.count ? input[position + 1] : 0
        if next == UInt8(ascii: "!") {
            declaration()
        } else if next == UInt8(ascii: "?") {
            position = XMLTagScan.find(input, "?>", from: position + 2) ?? input.count
        } else if next == UInt8(ascii: "/") {
            closingTag()
        } else if XMLNameBytes.isNameStart(next) {
            openingTag()
        } else {
            if !stack.isEmpty { append("&lt;") }
            position += 1
        }
    }

    private mutating func declaration() {
        if XMLTagScan.starts(input, position, "<!--") {
            position = XMLTagScan.find(input, "-->", from: position + 4) ?? input.count
        } else if XMLTagScan.starts(input, position, "<![CDATA[") {
            let start = position + 9
            let end = XMLTagScan.find(input, "]]>", from: start)
            if !stack.isEmpty {
                append("<![CDATA[")
                output.append(contentsOf: input[start..<((end ?? input.count + 3) - 3)])
                append("]]>")
            }
            position = end ?? input.count
        } else {
            skipDeclaration()
        }
    }

    /// Skips `<!DOCTYPE ...>` (with an internal subset in brackets) or another `<!...>`.
    private mutating func skipDeclaration() {
        var index = position + 2
        var brackets = 0
        var quote: UInt8 = 0
        while index < input.count {
            let byte = input[index]
            if quote != 0 {
                if byte == quote { quote = 0 }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: "[") {
                brackets += 1
            } else if byte == UInt8(ascii: "]") {
                brackets = max(0, brackets - 1)
            } else if byte == UInt8(ascii: ">") && brackets == 0 {
                break
            }
            index += 1
        }
        position = min(index + 1, input.count)
    }

    private mutating func closingTag() {
        let nameStart = position + 2
        let nameEnd = nameLength(from: nameStart).map { nameStart + $0 }
        guard let nameEnd, nameEnd > nameStart else {
            if !stack.isEmpty { append("&lt;") }
            position += 1
            return
        }
        var index = nameEnd
        while index < input.count, input[index] != UInt8(ascii: ">"), input[index] != UInt8(ascii: "<") { index += 1 }
        position = index < input.count && input[index] == UInt8(ascii: ">") ? index + 1 : index
        let name = nameStart..<nameEnd
        guard let match = stack.lastIndex(where: { sameName($0, name) }) else { return }
        // The root stays open to the end, so that a second root's content is kept.
        let keep = max(match, 1)
        while stack.count > keep { endTag(stack.removeLast()) }
    }

    private mutating func openingTag() {
        let nameStart = position + 1
        guard let length = nameLength(from: nameStart) else {
            if !stack.isEmpty { append("&lt;") }
            position += 1
            return
        }
        let name = nameStart..<(nameStart + length)
        var tag = XMLRepairTag(name: name)
        position = name.upperBound
        readAttributes(into: &tag)
        guard stack.count < limits.maximumDepth else { return }
        output.append(UInt8(ascii: "<"))
        output.append(contentsOf: input[name])
        for attribute in tag.attributes { write(attribute) }
        if tag.selfClosing {
            append("/>")
        } else {
            output.append(UInt8(ascii: ">"))
            stack.append(name)
        }
    }

    private mutating func endTag(_ name: Range<Int>) {
        append("</")
        output.append(contentsOf: input[name])
        output.append(UInt8(ascii: ">"))
    }

    /// The length of the XML name at `start`, `nil` when there is none or it is absurdly long.
    func nameLength(from start: Int) -> Int? {
        guard start < input.count, XMLNameBytes.isNameStart(input[start]) else { return nil }
        var index = start + 1
        while index < input.count, XMLNameBytes.isName(input[index]) {
            index += 1
            if index - start > Self.maximumNameLength { return nil }
        }
        return index - start
    }

    func sameName(_ left: Range<Int>, _ right: Range<Int>) -> Bool {
        left.count == right.count
            && memcmp(input.baseAddress! + left.lowerBound, input.baseAddress! + right.lowerBound, left.count) == 0
    }

    mutating func append(_ literal: StaticString) {
        output.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }
}
