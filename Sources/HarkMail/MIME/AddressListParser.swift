import HarkCore

/// One item of an address list: a mailbox, or a named group of mailboxes (`undisclosed-recipients:;`).
enum AddressListItem: Equatable {
    case mailbox(MailAddress)
    case group(name: String, members: [MailAddress])
}

/// Address lists (`From`, `To`, `Cc`, `Reply-To`) as mail clients read them: display names plain,
/// quoted or RFC 2047-encoded (also inside quotes), comments as names when there is no other,
/// groups, obsolete routes, and the broken forms (no comma, an unclosed `<`, a name with an `@` and
/// no angle brackets).
enum AddressListParser {
    /// The list's mailboxes with groups flattened (a name without an address included).
    static func mailboxes(_ value: [UInt8], context: inout ParseContext, part: String?) -> [MailAddress] {
        items(value, context: &context, part: part).flatMap { item -> [MailAddress] in
            switch item {
            case .mailbox(let mailbox): [mailbox]
            case .group(_, let members): members
            }
        }
    }

    /// The list's items, groups kept.
    static func items(_ value: [UInt8], context: inout ParseContext, part: String?) -> [AddressListItem] {
        let (text, legacy) = HeaderText.string(value)
        if legacy { context.record(.nonUTF8Header, part: part) }
        var tokenizer = AddressTokenizer(text)
        var builder = Builder()
        for token in tokenizer.tokens() {
            switch token {
            case .word(let word, let quoted):
                builder.words.append((word, quoted))
            case .comment(let comment):
                builder.comments.append(comment)
            case .angle(let address):
                if builder.angle == nil {
                    builder.angle = address
                } else {
                    builder.finish(&context, part)
                    builder.angle = address
                }
            case .comma:
                builder.finish(&context, part)
            case .colon:
                if builder.angle == nil, builder.group == nil {
                    builder.group = (builder.phrase(&context, part) ?? "", [])
                    builder.words = []
                    builder.comments = []
                } else {
                    builder.words.append((":", false))
                }
            case .semicolon:
                builder.finish(&context, part)
                builder.closeGroup()
            }
        }
        builder.finish(&context, part)
        builder.closeGroup()
        return builder.items
    }

    /// The state between separators.
    private struct Builder {
        var items: [AddressListItem] = []
        var group: (name: String, members: [MailAddress])?
        var words: [(String, Bool)] = []
        var comments: [String] = []
        var angle: String?

        func phrase(_ context: inout ParseContext, _ part: String?) -> String? {
            display(words.map(\.0).joined(separator: " "), &context, part)
        }

        func display(_ raw: String, _ context: inout ParseContext, _ part: String?) -> String? {
            guard !raw.isEmpty else { return nil }
            return TextCleanup.singleLine(EncodedWords.decode(raw, context: &context, part: part))
        }

        mutating func finish(_ context: inout ParseContext, _ part: String?) {
            defer {
                words = []
                comments = []
                angle = nil
            }
            // A comment alone (`undisclosed-recipients:; (none)`) is no mailbox.
            guard angle != nil || !words.isEmpty else { return }
            var name: String?
            var address: String
            if let angle {
                address = Self.cleanAddress(angle)
                name = phrase(&context, part)
            } else if let at = words.lastIndex(where: { !$0.1 && $0.0.contains("@") }) {
                var first = at
                var last = at
                // `john @ example . com` (obsolete spacing): glue words joined by a dangling `@` or `.`.
                func joins(_ left: String, _ right: String) -> Bool {
                    left.hasSuffix("@") || left.hasSuffix(".") || right.hasPrefix("@") || right.hasPrefix(".")
                }
                while first > 0, !words[first - 1].1, joins(words[first - 1].0, words[first].0) { first -= 1 }
                while last + 1 < words.count, !words[last + 1].1, joins(words[last].0, words[last + 1].0) { last += 1 }
                address = Self.cleanAddress(words[first...last].map(\.0).joined())
                let rest = Array(words[..<first]) + Array(words[(last + 1)...])
                name = display(rest.map(\.0).joined(separator: " "), &context, part)
            } else if words.count == 1, !words[0].1 {
                address = Self.cleanAddress(words[0].0)
            } else {
                address = ""
                name = phrase(&context, part)
            }
            if name == nil, let comment = comments.last { name = display(comment, &context, part) }
            guard !address.isEmpty || name != nil else { return }
            let mailbox = MailAddress(name: name, address: address)
            if group != nil { group!.members.append(mailbox) } else { items.append(.mailbox(mailbox)) }
        }

        mutating func closeGroup() {
            guard let open = group else { return }
            items.append(.group(name: open.name, members: open.members))
            group = nil
        }

        /// The address without blanks, comments, quotes around it, a `mailto:` or an obsolete route.
        static func cleanAddress(_ raw: String) -> String {
            var scalars = String.UnicodeScalarView()
            var depth = 0
            for scalar in raw.unicodeScalars {
                if scalar == "(" {
                    depth += 1
                } else if scalar == ")", depth > 0 {
                    depth -= 1
                } else if depth == 0,
                    scalar.value > 0x20, scalar.value != 0x7F, !(0x80...0x9F).contains(scalar.value)
                {
                    scalars.append(scalar)
                }
            }
            var text = String(scalars)
            if text.lowercased().hasPrefix("mailto:") { text = String(text.dropFirst(7)) }
            if text.hasPrefix("@"), let colon = text.firstIndex(of: ":") {
                text = String(text[text.index(after: colon)...])
            }
            if text.count >= 2, text.hasPrefix("'") && text.hasSuffix("'") {
                text = String(text.dropFirst().dropLast())
            }
            return text
        }
    }
}
