import Foundation
import HarkCore

/// Writes header fields of outgoing mail: values made single-line, non-ASCII text as RFC 2047
/// encoded words, lines folded at 78 columns with CRLF.
enum MailHeaderWriter {
    /// The column a folded line should not pass (RFC 5322 section 2.1.1).
    static let lineLimit = 78
    /// The longest encoded word or plain word written; with a field name of up to 12 characters
    /// it fits the line limit.
    static let maximumWord = 64

    /// `Name: piece piece ...`, folded before a piece that would pass the line limit.
    static func field(_ name: String, _ pieces: [String]) -> String {
        var lines = ["\(name):"]
        var lineHasPiece = false
        for piece in pieces where !piece.isEmpty {
            if lineHasPiece, lines[lines.count - 1].utf8.count + 1 + piece.utf8.count > lineLimit {
                lines.append(" \(piece)")
            } else {
                lines[lines.count - 1] += " \(piece)"
            }
            lineHasPiece = true
        }
        return lines.joined(separator: "\r\n")
    }

    /// The pieces of an unstructured value (a subject): plain ASCII words as they are, each run of
    /// other words as encoded words (the blanks inside a run encoded with it, since a decoder drops
    /// the blanks between two encoded words).
    static func unstructured(_ text: String) -> [String] {
        let line = TextCleanup.singleLine(text) ?? ""
        var pieces: [String] = []
        var run: [Substring] = []
        func flushRun() {
            guard !run.isEmpty else { return }
            pieces += encodedWords(run.joined(separator: " "))
            run = []
        }
        for word in line.split(separator: " ") {
            let plain =
                word.unicodeScalars.allSatisfy { (0x21...0x7E).contains($0.value) } && !word.contains("=?")
                && word.utf8.count <= maximumWord
            if plain {
                flushRun()
                pieces.append(String(word))
            } else {
                run.append(word)
            }
        }
        flushRun()
        return pieces
    }

    /// The pieces of a mailbox: `Name <local@domain>`, or the bare address without a name. The
    /// name is written as atoms, a quoted string or encoded words, whichever it needs.
    static func mailbox(_ mailbox: MailAddress) -> [String] {
        let address = cleanAddress(mailbox.address)
        guard let name = mailbox.name.flatMap(TextCleanup.singleLine) else { return [address] }
        let capped = name.count > 100 ? String(name.prefix(100)) : name
        return phrase(capped) + ["<\(address)>"]
    }

    /// A display name: atoms when every character is an atom character or a blank, a quoted
    /// string when it is short printable ASCII, else encoded words.
    static func phrase(_ name: String) -> [String] {
        let atext = Set(
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~".unicodeScalars)
        let words = name.split(separator: " ").map(String.init)
        if !name.contains("=?"), name.unicodeScalars.allSatisfy({ $0 == " " || atext.contains($0) }),
            words.allSatisfy({ $0.utf8.count <= maximumWord })
        {
            return words
        }
        if !name.contains("=?"), name.utf8.count <= maximumWord - 8,
            name.unicodeScalars.allSatisfy({ (0x20...0x7E).contains($0.value) })
        {
            let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return ["\"\(escaped)\""]
        }
        return encodedWords(name)
    }

    /// `text` as RFC 2047 encoded words of UTF-8, each at most ``maximumWord`` characters and
    /// each holding whole characters: Q encoding when the text is mostly ASCII letters (readable
    /// in raw form), else B. Only letters, digits and `!*+-/` stand for themselves, which is safe
    /// in a subject and in a display name alike.
    static func encodedWords(_ text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        let readable = scalars.filter { qSafe($0) || $0 == " " }.count
        let useQ = readable * 3 >= scalars.count * 2
        let prefix = useQ ? "=?utf-8?Q?" : "=?utf-8?B?"
        let room = maximumWord - prefix.utf8.count - 2
        var words: [String] = []
        var chunk: [UInt8] = []
        var chunkCost = 0
        func flush() {
            guard !chunk.isEmpty else { return }
            let payload = useQ ? qEncode(chunk) : Data(chunk).base64EncodedString()
            words.append(prefix + payload + "?=")
            chunk = []
            chunkCost = 0
        }
        for scalar in scalars {
            let bytes = Array(String(scalar).utf8)
            let cost = useQ ? qEncode(bytes).utf8.count : 0
            let fits = useQ ? chunkCost + cost <= room : (chunk.count + bytes.count + 2) / 3 * 4 <= room
            if !fits { flush() }
            chunk += bytes
            chunkCost += cost
        }
        flush()
        return words
    }

    /// The `Date` value in RFC 5322 form, in UTC: `Tue, 03 Mar 2026 10:00:00 +0000`.
    static func date(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int?) -> String {
            let number = value ?? 0
            return number < 10 ? "0\(number)" : "\(number)"
        }
        let weekday = days[((parts.weekday ?? 1) - 1 + 7) % 7]
        let month = months[((parts.month ?? 1) - 1 + 12) % 12]
        return "\(weekday), \(two(parts.day)) \(month) \(parts.year ?? 1970) "
            + "\(two(parts.hour)):\(two(parts.minute)):\(two(parts.second)) +0000"
    }

    /// An address with everything removed that may not stand in an addr-spec written as is.
    static func cleanAddress(_ address: String) -> String {
        let kept = address.unicodeScalars.filter { scalar in
            switch scalar.value {
            case 0x00...0x20, 0x7F...0xA0, 0x2028, 0x2029: return false
            default: return !"<>()[],;:\\\"".unicodeScalars.contains(scalar)
            }
        }
        let clean = String(String.UnicodeScalarView(kept.prefix(254)))
        return clean.isEmpty ? "unknown@hark.invalid" : clean
    }

    private static func qSafe(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
            || "!*+-/".unicodeScalars.contains(scalar)
    }

    /// Q encoding of bytes: safe characters as they are, a blank as `_`, the rest as `=XX`.
    private static func qEncode(_ bytes: [UInt8]) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            if byte == 0x20 {
                out.append(UInt8(ascii: "_"))
            } else if byte < 0x80, qSafe(Unicode.Scalar(byte)) {
                out.append(byte)
            } else {
                out += [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
