/// One header field as read: name, unfolded value bytes and the raw bytes it came from.
struct RawHeaderField: Sendable, Hashable {
    /// The name as written.
    let name: String
    /// The name lower-cased, for lookups.
    let lowerName: String
    /// The value with folding removed and surrounding blanks trimmed, still undecoded bytes.
    let value: [UInt8]
    /// The field as written, folding included, without the final line terminator.
    let raw: ArraySlice<UInt8>
}

/// The header fields of a message or a MIME part, in order.
struct HeaderSection: Sendable, Hashable {
    var fields: [RawHeaderField] = []

    /// The first field called `lowerName`.
    func first(_ lowerName: String) -> RawHeaderField? {
        fields.first { $0.lowerName == lowerName }
    }

    /// Every field called `lowerName`, in order.
    func all(_ lowerName: String) -> [RawHeaderField] {
        fields.filter { $0.lowerName == lowerName }
    }
}

extension HeaderSection {
    /// Reads the header section at the start of `bytes`; returns it with the index where the body
    /// begins (after the blank line, or at the first line that is no header field, unless more
    /// fields and then the blank line follow it: then it is a stray line and is dropped).
    ///
    /// Physical lines longer than the line limit are kept (a defect records them); reading stops at
    /// the size limit, the rest of the section is skipped to its blank line and the message flagged
    /// as truncated.
    static func parse(
        _ bytes: ArraySlice<UInt8>,
        skipMboxLine: Bool,
        context: inout ParseContext,
        part: String?
    ) -> (header: HeaderSection, bodyStart: Int) {
        var reader = HeaderReader(bytes: bytes, part: part, crBreaks: context.crBreaks)
        if skipMboxLine,
            ByteScan.hasPrefix(bytes, at: bytes.startIndex, Array("From ".utf8))
                || ByteScan.hasPrefix(bytes, at: bytes.startIndex, Array(">From ".utf8))
        {
            // An mbox `From sender date` line, unless it is an obsolete `From  : name` field.
            let (end, next) = ByteScan.line(in: bytes, from: bytes.startIndex, crBreaks: context.crBreaks)
            if reader.fieldName(from: bytes.startIndex, to: end) == nil { reader.index = next }
        }
        let bodyStart = reader.run(&context)
        return (HeaderSection(fields: reader.fields), bodyStart)
    }
}

/// The line-by-line state of reading one header section.
private struct HeaderReader {
    let bytes: ArraySlice<UInt8>
    let part: String?
    let crBreaks: Bool
    var index: Int
    var fields: [RawHeaderField] = []
    /// The field being read: where it starts, its name, its value so far and where its raw bytes end.
    var pending: (start: Int, name: String, value: [UInt8], rawEnd: Int)?

    init(bytes: ArraySlice<UInt8>, part: String?, crBreaks: Bool) {
        self.bytes = bytes
        self.part = part
        self.crBreaks = crBreaks
        self.index = bytes.startIndex
    }

    mutating func run(_ context: inout ParseContext) -> Int {
        var total = 0
        while index < bytes.endIndex {
            let (lineEnd, next) = ByteScan.line(in: bytes, from: index, crBreaks: crBreaks)
            if lineEnd == index {
                finishPending()
                return next
            }
            // Long lines are kept whole (wrapped, as Postfix does); only the section's size is cut.
            if lineEnd - index > context.limits.headerLineBytes { context.record(.headerLineTooLong, part: part) }
            let remaining = context.limits.headerBytes - total
            total += next - index
            let overflow = lineEnd - index > remaining
            let contentEnd = overflow ? index + max(0, remaining) : lineEnd
            if ByteScan.isBlank(bytes[index]) {
                if pending != nil {
                    pending!.value.append(contentsOf: bytes[index..<contentEnd])
                    pending!.rawEnd = contentEnd
                } else {
                    context.record(.orphanContinuationLine, part: part)
                }
            } else if let (name, valueStart) = fieldName(from: index, to: contentEnd) {
                finishPending()
                pending = (index, name, Array(bytes[valueStart..<contentEnd]), contentEnd)
            } else if overflow || (!fields.isEmpty || pending != nil) && isStrayLine(after: next) {
                context.record(.invalidHeaderLine, part: part)
            } else {
                finishPending()
                context.record(.missingHeaderBodySeparator, part: part)
                return index
            }
            if overflow {
                context.record(.headerTooLarge, part: part, truncates: true)
                finishPending()
                return skipToBlankLine(from: next)
            }
            index = next
        }
        finishPending()
        return bytes.endIndex
    }

    /// The field name of a line (printable ASCII up to a colon, blanks before the colon allowed as in
    /// the obsolete syntax) and where its value starts; `nil` when the line is no header field.
    func fieldName(from start: Int, to end: Int) -> (String, Int)? {
        var cursor = start
        while cursor < end {
            let byte = bytes[cursor]
            if byte == 0x3A { break }
            if byte <= 0x20 || byte >= 0x7F {
                guard ByteScan.isBlank(byte) else { return nil }
                var blank = cursor
                while blank < end, ByteScan.isBlank(bytes[blank]) { blank += 1 }
                guard blank < end, bytes[blank] == 0x3A, cursor > start else { return nil }
                return (String(decoding: bytes[start..<cursor], as: UTF8.self), blank + 1)
            }
            cursor += 1
        }
        guard cursor < end, cursor > start else { return nil }
        return (String(decoding: bytes[start..<cursor], as: UTF8.self), cursor + 1)
    }

    mutating func finishPending() {
        guard let field = pending else { return }
        pending = nil
        var value = field.value[...]
        while let first = value.first, ByteScan.isBlank(first) { value = value.dropFirst() }
        while let last = value.last, ByteScan.isBlank(last) { value = value.dropLast() }
        fields.append(
            RawHeaderField(
                name: field.name,
                lowerName: field.name.lowercased(),
                value: Array(value),
                raw: bytes[field.start..<field.rawEnd]
            )
        )
    }

    /// Whether a line that is no header field is a stray line among the fields (dropped) rather than
    /// the start of a body that lacks its blank line: it is when at least one field follows it, and
    /// only fields and continuations, up to a blank line within the next 50 lines.
    func isStrayLine(after start: Int) -> Bool {
        var cursor = start
        var sawField = false
        for _ in 0..<50 {
            guard cursor < bytes.endIndex else { return false }
            let (lineEnd, next) = ByteScan.line(in: bytes, from: cursor, crBreaks: crBreaks)
            if lineEnd == cursor { return sawField }
            if !ByteScan.isBlank(bytes[cursor]) {
                guard fieldName(from: cursor, to: min(lineEnd, cursor + 1000)) != nil else { return false }
                sawField = true
            }
            cursor = next
        }
        return false
    }

    /// After the size limit: the index after the next blank line, or the end.
    func skipToBlankLine(from start: Int) -> Int {
        var cursor = start
        while cursor < bytes.endIndex {
            let (lineEnd, next) = ByteScan.line(in: bytes, from: cursor, crBreaks: crBreaks)
            if lineEnd == cursor { return next }
            cursor = next
        }
        return bytes.endIndex
    }
}
