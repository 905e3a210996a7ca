import Foundation

/// A known charset: its canonical name and how its bytes are decoded.
struct CharsetInfo: Sendable {
    /// How the bytes are turned into Unicode.
    enum Decoder: Sendable, Equatable {
        /// Swift's own UTF-8 validation (with U+FFFD repair).
        case utf8
        /// UTF-16; `nil` endianness means "from the BOM, else guessed".
        case utf16(bigEndian: Bool?)
        /// The WHATWG windows-1252 table, in Swift.
        case windows1252
        /// iconv with this converter name.
        case iconv(String)
    }

    /// The canonical name, e.g. `ISO-8859-1`.
    let name: String
    /// The decoder, possibly for a superset of `name`.
    let decoder: Decoder
    /// Plain ASCII input decodes to itself (false for UTF-16/32).
    let asciiFastPath: Bool
    /// A 7-bit charset with shift sequences (ISO-2022-*, UTF-7): ASCII is itself only without them.
    let sevenBitStateful: Bool

    init(_ name: String, _ decoder: Decoder, asciiFastPath: Bool = true, sevenBitStateful: Bool = false) {
        self.name = name
        self.decoder = decoder
        self.asciiFastPath = asciiFastPath
        self.sevenBitStateful = sevenBitStateful
    }
}

extension Charset {
    /// The table entry for `label`, or an iconv-only entry when the platform knows the label.
    static func lookup(_ label: String) -> CharsetInfo? {
        let key = labelKey(label)
        guard !key.isEmpty else { return nil }
        if let info = table[key] { return info }
        return iconvOnlyInfo(label)
    }

    /// The label reduced to its letters and digits, lowercased, without quotes, white space and a
    /// `:1987`-style suffix: `"ISO_8859-1:1987"` → `iso88591`.
    static func labelKey(_ label: String) -> String {
        var key = ""
        for scalar in label.unicodeScalars {
            switch scalar {
            case ":": return key
            case "a"..."z", "0"..."9": key.unicodeScalars.append(scalar)
            case "A"..."Z": key.unicodeScalars.append(Unicode.Scalar(scalar.value + 0x20)!)
            default: continue
            }
        }
        return key
    }

    /// A label outside the table that the platform's iconv can open. Only tame names (letters, digits,
    /// `-`, `_`, `.`, at most 40) reach `iconv_open`, so no `//TRANSLIT`-style suffix or path slips in.
    static func iconvOnlyInfo(_ label: String) -> CharsetInfo? {
        let trimmed = label.trimmingCharacters(in: .whitespaces)
        guard (1...40).contains(trimmed.utf8.count),
            trimmed.utf8.allSatisfy({ byte in
                (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                    || byte == 0x2D || byte == 0x5F || byte == 0x2E
            }),
            iconvCanOpen(trimmed)
        else { return nil }
        let name = trimmed.uppercased()
        let wide =
            name.hasPrefix("UTF-16") || name.hasPrefix("UTF16") || name.hasPrefix("UTF-32")
            || name.hasPrefix("UTF32") || name.hasPrefix("UCS") || name.hasPrefix("UNICODE") || name == "WCHAR_T"
        let sevenBit = name.contains("2022") || name.contains("UTF-7") || name.contains("UTF7") || name.hasPrefix("HZ")
        return CharsetInfo(name, .iconv(trimmed), asciiFastPath: !wide, sevenBitStateful: sevenBit)
    }

    /// Every label key the table knows.
    static let table: [String: CharsetInfo] = {
        var table: [String: CharsetInfo] = [:]
        for (info, labels) in entries {
            for label in labels + [info.name] { table[labelKey(label)] = info }
        }
        return table
    }()
}
