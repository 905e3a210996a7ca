import Foundation
import HarkXML

/// Small text rules the feed parser applies to every value.
enum FeedText {
    /// `text` without leading and trailing white space, with C1 controls read as windows-1252;
    /// `nil` when nothing is left.
    static func trimmed(_ text: String) -> String? {
        let trimmed = strip(text)
        return trimmed.isEmpty ? nil : repairingC1(trimmed)
    }

    /// `text` without leading and trailing white space (Unicode's, NBSP included): the XML
    /// reader's own rule, uncopied when there is nothing to trim.
    static func strip(_ text: String) -> String { XMLWhitespace.trim(text) }

    /// `text` stripped and lowercased (attribute values such as `type`, `rel`).
    static func token(_ text: String) -> String { strip(text).lowercased() }

    /// Only XML white space.
    static func isBlank(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
    }

    /// Holds an HTML tag (`<b>`, `</p>`, `<br/>`): a `<` followed by a letter or `/`, closed by `>`.
    static func looksLikeMarkup(_ text: String) -> Bool {
        let bytes = text.utf8
        var index = bytes.startIndex
        while let open = bytes[index...].firstIndex(of: UInt8(ascii: "<")) {
            let next = bytes.index(after: open)
            guard next < bytes.endIndex else { return false }
            let byte = bytes[next] | 0x20
            if (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || bytes[next] == UInt8(ascii: "/"),
                bytes[next...].contains(UInt8(ascii: ">"))
            {
                return true
            }
            index = next
        }
        return false
    }

    /// U+0080...U+009F read as the windows-1252 characters they almost always were meant to be (a
    /// cp1252 byte decoded as Latin-1, or HTML's `&#146;`): `don\u{92}t` → `don’t`. HTML5 reads
    /// numeric references the same way.
    static func repairingC1(_ text: String) -> String {
        // C1 controls are C2 80...C2 9F in UTF-8.
        var copy = text
        let found = copy.withUTF8 { bytes -> Bool in
            guard var cursor = bytes.baseAddress else { return false }
            let end = cursor + bytes.count
            while cursor < end, let hit = memchr(cursor, 0xC2, end - cursor) {
                let next = UnsafePointer(hit.assumingMemoryBound(to: UInt8.self)) + 1
                if next < end, next.pointee >= 0x80, next.pointee <= 0x9F { return true }
                cursor = next
            }
            return false
        }
        guard found else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if (0x80...0x9F).contains(scalar.value), let mapped = windows1252[Int(scalar.value - 0x80)] {
                scalars.append(mapped)
            } else if !(0x80...0x9F).contains(scalar.value) {
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// windows-1252's 0x80...0x9F (`nil`: unassigned, dropped).
    private static let windows1252: [Unicode.Scalar?] = [
        "\u{20AC}", nil, "\u{201A}", "\u{0192}", "\u{201E}", "\u{2026}", "\u{2020}", "\u{2021}",
        "\u{02C6}", "\u{2030}", "\u{0160}", "\u{2039}", "\u{0152}", nil, "\u{017D}", nil,
        nil, "\u{2018}", "\u{2019}", "\u{201C}", "\u{201D}", "\u{2022}", "\u{2013}", "\u{2014}",
        "\u{02DC}", "\u{2122}", "\u{0161}", "\u{203A}", "\u{0153}", nil, "\u{017E}", "\u{0178}",
    ]
}
