/// What the text visitor and the sanitiser do with one HTML element.
///
/// A class, so that the parse's stack of open elements holds one reference per element rather than
/// three strings.
final class HTMLElement: Sendable {
    /// The element's part in plain text.
    enum TextRole: Sendable {
        /// Flows with the surrounding text.
        case inline
        /// Starts and ends a line (`div`, `li`, `tr`).
        case line
        /// Starts and ends a paragraph, with a blank line (`p`, `h1`, `table`).
        case paragraph
        /// A paragraph whose white space is kept (`pre`).
        case preformatted
        /// A table cell: a space from its neighbours.
        case cell
        /// `br`: one line break.
        case lineBreak
        /// `img`: its `alt` text, per the options.
        case image
        /// Not text at all (`script`, `style`, `head`): skipped with everything in it.
        case skipped
    }

    /// The element's fate in sanitised HTML.
    enum SanitizeRole: Sendable {
        /// Kept, with the allowed attributes, around its sanitised children.
        case kept
        /// Kept, and has no children or end tag (`br`, `hr`, `img`).
        case void
        /// Left out, its children kept (unknown and presentational elements).
        case unwrapped
        /// Left out with everything in it (`script`, `iframe`, `svg`, `form`).
        case dropped
    }

    /// The lowercase name, as written on output.
    let name: String
    let text: TextRole
    let sanitize: SanitizeRole
    /// `<name`, ready for output.
    let openTag: String
    /// `</name>`, ready for output.
    let closeTag: String

    init(name: String, text: TextRole, sanitize: SanitizeRole) {
        self.name = name
        self.text = text
        self.sanitize = sanitize
        openTag = "<" + name
        closeTag = "</" + name + ">"
    }

    /// Any element the tables do not name: inline text, unwrapped when sanitising.
    static let unknown = HTMLElement(name: "", text: .inline, sanitize: .unwrapped)

    /// The element for libxml2's name of an element. A prefixed name counts by its local part
    /// (`<svg:script>` is a `script`, `<rdf:li>` an `li`), as libxml2's tree builder always read it.
    static func lookup(_ name: UnsafePointer<UInt8>?) -> HTMLElement {
        guard let name, let key = HTMLName(localPart(of: name)) else { return unknown }
        return table[key] ?? unknown
    }

    /// The element for a packed lowercase name (no prefix).
    static func lookup(_ key: HTMLName) -> HTMLElement {
        table[key] ?? unknown
    }

    /// What follows the first `:` of a name (`xmlSplitQName`), or the whole name when the `:` is
    /// first or last.
    private static func localPart(of name: UnsafePointer<UInt8>) -> UnsafePointer<UInt8> {
        guard name[0] != 0, name[0] != UInt8(ascii: ":") else { return name }
        var index = 1
        while name[index] != 0 {
            if name[index] == UInt8(ascii: ":") {
                return name[index + 1] == 0 ? name : name + index + 1
            }
            index += 1
        }
        return name
    }

    private static let table: [HTMLName: HTMLElement] = {
        var table: [HTMLName: HTMLElement] = [:]
        for (names, text, sanitize) in rows {
            for name in names.split(separator: " ") {
                table[HTMLName(String(name))] = HTMLElement(name: String(name), text: text, sanitize: sanitize)
            }
        }
        return table
    }()

    /// The allowlist (`kept`, `void`), what is removed with its content (`dropped`), and the text
    /// roles. Elements not listed are inline and unwrapped.
    private static let rows: [(String, TextRole, SanitizeRole)] = [
        ("a abbr b code del em i ins q s small strong sub sup u span", .inline, .kept),
        ("p h1 h2 h3 h4 h5 h6 blockquote table figure", .paragraph, .kept),
        ("div li dt dd tr ul ol dl figcaption caption thead tbody tfoot", .line, .kept),
        ("pre", .preformatted, .kept),
        ("td th", .cell, .kept),
        ("br", .lineBreak, .void),
        ("hr", .paragraph, .void),
        ("img", .image, .void),
        ("html body", .inline, .unwrapped),
        ("section article aside header footer nav main summary center hgroup menu dir legend", .line, .unwrapped),
        ("address details", .paragraph, .unwrapped),
        ("listing", .preformatted, .unwrapped),
        ("xmp plaintext", .preformatted, .dropped),
        ("form fieldset button textarea", .inline, .dropped),
        ("math", .inline, .dropped),
        ("input keygen isindex option optgroup", .skipped, .dropped),
        (
            "script style template noscript head title iframe frame frameset noframes noembed object embed applet "
                + "param svg canvas audio video source track select datalist link meta base basefont bgsound map area",
            .skipped, .dropped
        ),
    ]
}
