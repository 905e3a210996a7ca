/// Turns the small HTML fragments webhooks carry (Discourse's `cooked`) into plain text.
///
/// Not a sanitiser and not a general HTML parser: tags are dropped, block ends become line breaks,
/// the content of `script` and `style` is dropped, and character references are decoded (the five
/// XML ones, `&nbsp;` and numeric ones). The result is still cleaned by `TextCleanup` afterwards.
enum HTMLText {
    private static let blockTags: Set<String> = [
        "p", "div", "br", "li", "ul", "ol", "blockquote", "pre", "tr", "table", "aside", "hr",
        "h1", "h2", "h3", "h4", "h5", "h6",
    ]
    private static let hiddenTags: Set<String> = ["script", "style"]

    /// The text of `html`.
    static func plainText(_ html: String) -> String {
        let scalars = Array(html.unicodeScalars)
        var out = String.UnicodeScalarView()
        var hiddenUntil: String?
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "<" {
                guard let close = scalars[index...].firstIndex(of: ">") else { break }
                let (name, closing) = tagName(scalars[(index + 1)..<close])
                index = close + 1
                if let hidden = hiddenUntil {
                    if closing && name == hidden { hiddenUntil = nil }
                    continue
                }
                if !closing && hiddenTags.contains(name) {
                    hiddenUntil = name
                } else if blockTags.contains(name) {
                    out.append("\n")
                }
                continue
            }
            index += 1
            if hiddenUntil != nil { continue }
            if scalar == "&", let (decoded, length) = characterReference(scalars, at: index - 1) {
                out.append(decoded)
                index += length - 1
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// The lower-cased name of a tag and whether it closes an element; comments give an empty name.
    private static func tagName(_ inside: ArraySlice<Unicode.Scalar>) -> (String, Bool) {
        var body = inside[...]
        let closing = body.first == "/"
        if closing { body = body.dropFirst() }
        let name = body.prefix { $0.properties.isAlphabetic || ("0"..."9").contains($0) }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: name)
        return (String(text).lowercased(), closing)
    }

    /// Decodes the reference starting with `&` at `start`; the length includes `&` and `;`.
    private static func characterReference(_ scalars: [Unicode.Scalar], at start: Int) -> (Unicode.Scalar, Int)? {
        let limit = min(scalars.count, start + 12)
        guard let end = scalars[start..<limit].firstIndex(of: ";"), end > start + 1 else { return nil }
        var nameView = String.UnicodeScalarView()
        nameView.append(contentsOf: scalars[(start + 1)..<end])
        let name = String(nameView)
        let length = end - start + 1
        switch name {
        case "amp": return ("&", length)
        case "lt": return ("<", length)
        case "gt": return (">", length)
        case "quot": return ("\"", length)
        case "apos": return ("'", length)
        case "nbsp": return ("\u{A0}", length)
        default: break
        }
        guard name.hasPrefix("#") else { return nil }
        let digits = name.dropFirst()
        let value: UInt32?
        if digits.first == "x" || digits.first == "X" {
            value = UInt32(digits.dropFirst(), radix: 16)
        } else {
            value = UInt32(digits, radix: 10)
        }
        guard let value, let decoded = Unicode.Scalar(value) else { return nil }
        return (decoded, length)
    }
}
