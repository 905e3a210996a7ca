/// The attributes of a start tag, as libxml2's HTML parser reads them: a name of letters, digits and
/// `: - _ .` (lowercased), then optionally `=` and a value quoted with `"` or `'`, or bare up to a
/// blank or `>`, with references decoded.
extension HTMLFastParser.Reader {
    /// One attribute (`name`, `name=value`, `name="value"`); the index after it.
    mutating func attribute(at start: Int) -> Int? {
        guard Self.isLetter(base[start]), attributes.count < HTMLFastParser.maximumAttributes else { return nil }
        var index = start
        while index < count && Self.isAttributeNameByte(base[index]) { index += 1 }
        let nameCount = index - start
        guard nameCount < 100 else { return nil }
        while index < count && Self.isBlank(base[index]) { index += 1 }
        var value: UnsafeBufferPointer<UInt8>? = nil
        if index < count && base[index] == UInt8(ascii: "=") {
            index += 1
            while index < count && Self.isBlank(base[index]) { index += 1 }
            guard index < count else { return nil }
            let quote = base[index]
            let valueStart: Int
            let valueEnd: Int
            if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                valueStart = index + 1
                index = valueStart
                while index < count && base[index] != quote { index += 1 }
                guard index < count else { return nil }
                valueEnd = index
                index += 1
            } else {
                valueStart = index
                while index < count && !Self.isBlank(base[index]) && base[index] != UInt8(ascii: ">") {
                    index += 1
                }
                valueEnd = index
                guard valueEnd > valueStart else { return nil }
            }
            guard let decoded = decodeValue(from: valueStart, to: valueEnd) else { return nil }
            value = decoded
        }
        let name = HTMLName(bytes: base + start, count: nameCount)
        // libxml2 drops a repeated attribute with an error; such a tag is left to it.
        for earlier in attributes where sameName(at: earlier.nameStart, count: earlier.nameCount, as: start, nameCount) {
            return nil
        }
        attributes.append(
            HTMLFastAttribute(
                name: name, rule: name.flatMap(HTMLAttributeRule.rule), value: value, nameStart: start,
                nameCount: nameCount))
        return index
    }

    /// Whether the attribute names at `first` and `second` are the same, ignoring ASCII case.
    private func sameName(at first: Int, count firstCount: Int, as second: Int, _ secondCount: Int) -> Bool {
        guard firstCount == secondCount else { return false }
        for offset in 0..<firstCount where (base[first + offset] | 0x20) != (base[second + offset] | 0x20) {
            return false
        }
        return true
    }

    /// The value between `start` and `end`, references decoded: the input itself when it has
    /// none, else a copy in `scratch`; `nil` to give up.
    private mutating func decodeValue(from start: Int, to end: Int) -> UnsafeBufferPointer<UInt8>? {
        var index = start
        var firstReference = -1
        while index < end {
            let byte = base[index]
            let kind = classes[Int(byte)]
            if kind == 3 || (kind == 4 && isNonCharacter(at: index)) { return nil }
            if kind == 2 && firstReference < 0 {
                if case .literal = reference(at: index) {} else { firstReference = index }
            }
            index += 1
        }
        guard firstReference >= 0 else { return UnsafeBufferPointer(start: base + start, count: end - start) }
        if scratch == nil { scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: count) }
        let output = scratch! + scratchUsed
        var written = 0
        index = start
        while index < end {
            if base[index] == UInt8(ascii: "&") {
                switch reference(at: index) {
                case .malformed: return nil
                case .literal: break
                case .character(let scalar, let next):
                    // A reference inside a bare value may not run past its end.
                    guard next <= end else { return nil }
                    written += Self.encode(scalar, into: output + written)
                    index = next
                    continue
                }
            }
            output[written] = base[index]
            written += 1
            index += 1
        }
        scratchUsed += written
        return UnsafeBufferPointer(start: output, count: written)
    }
}
