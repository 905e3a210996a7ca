import HarkCore

/// `Message-ID`, `In-Reply-To` and `References`: the ids between angle brackets, without them.
///
/// Tolerates what mailers write: ids without brackets, commas between ids, comments, blanks inside
/// the brackets (dropped), and `In-Reply-To` with a phrase around the id. Long ids are kept (the
/// header line limit bounds them); hashing them for keys is the caller's business.
enum MessageIDs {
    /// The ids of a value, in order.
    static func parse(_ value: [UInt8]) -> [String] {
        let text = HeaderText.string(value).text
        var ids: [String] = []
        var bracketed = false
        var cursor = text.startIndex
        // Found on the UTF-8 bytes: `<` and `>` are ASCII, so their indices fall between scalars.
        let utf8 = text.utf8
        while let open = utf8[cursor...].firstIndex(of: UInt8(ascii: "<")) {
            let close = utf8[open...].firstIndex(of: UInt8(ascii: ">")) ?? utf8.endIndex
            if let id = clean(text[utf8.index(after: open)..<close]) { ids.append(id) }
            bracketed = true
            guard close < utf8.endIndex else { break }
            cursor = utf8.index(after: close)
        }
        if bracketed { return ids }
        // No brackets: the words that look like ids (`local@domain`), else the single word given.
        let words = withoutComments(text).split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," })
        let withAt = words.filter { $0.contains("@") }.compactMap { clean($0) }
        if !withAt.isEmpty { return withAt }
        if words.count == 1, let only = clean(words[0]) { return [only] }
        return []
    }

    private static func clean(_ id: Substring) -> String? {
        // The usual id, printable ASCII without comments, is kept as it is.
        if !id.isEmpty,
            id.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "(") && $0 != UInt8(ascii: ")") })
        {
            return String(id)
        }
        let kept = withoutComments(String(id)).unicodeScalars.filter {
            $0.value > 0x20 && $0.value != 0x7F && !(0x80...0x9F).contains($0.value)
        }
        guard !kept.isEmpty else { return nil }
        return TextCleanup.singleLine(String(String.UnicodeScalarView(kept)))
    }

    private static func withoutComments(_ text: String) -> String {
        var out = ""
        var depth = 0
        for character in text {
            if character == "(" {
                depth += 1
            } else if character == ")" {
                depth = max(0, depth - 1)
            } else if depth == 0 {
                out.append(character)
            }
        }
        return out
    }
}
