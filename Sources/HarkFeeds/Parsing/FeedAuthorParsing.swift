import Foundation

/// Reads the author strings RSS uses: `<author>` is meant to be `email (Name)`, and feeds also write
/// `Name (email)`, `Name <email>`, a bare address, or a bare name.
enum FeedAuthorParsing {
    static func parse(_ raw: String) -> FeedAuthor? {
        let text = FeedText.strip(raw)
        guard !text.isEmpty else { return nil }
        if text.hasSuffix(")"), let open = text.firstIndex(of: "(") {
            let before = FeedText.strip(String(text[..<open]))
            let inside = FeedText.strip(String(text[text.index(after: open)..<text.index(before: text.endIndex)]))
            if isAddress(before) { return FeedAuthor(name: inside.isEmpty ? nil : inside, email: before) }
            if isAddress(inside) { return FeedAuthor(name: before.isEmpty ? nil : before, email: inside) }
            return FeedAuthor(name: text)
        }
        if text.hasSuffix(">"), let open = text.lastIndex(of: "<") {
            let address = FeedText.strip(String(text[text.index(after: open)..<text.index(before: text.endIndex)]))
            var name = FeedText.strip(String(text[..<open]))
            if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") {
                name = String(name.dropFirst().dropLast())
            }
            if isAddress(address) { return FeedAuthor(name: name.isEmpty ? nil : name, email: address) }
        }
        if isAddress(text) { return FeedAuthor(email: text) }
        return FeedAuthor(name: text)
    }

    /// Looks like `local@domain`, without spaces.
    static func isAddress(_ text: String) -> Bool {
        guard let at = text.firstIndex(of: "@"), at != text.startIndex, text.index(after: at) != text.endIndex else {
            return false
        }
        return !text.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" })
    }
}
