import Foundation
import HarkCore

/// The parameters of a `Content-Type` or `Content-Disposition`, RFC 2231 continuations and
/// `charset'language'value` encodings joined and decoded. Names are lower-cased; the first
/// occurrence of a name wins, and an RFC 2231 value wins over a plain one.
struct MIMEParameters: Sendable, Hashable {
    private(set) var values: [String: String] = [:]

    /// The value of `name` (lower-case).
    subscript(_ name: String) -> String? { values[name] }

    /// Reads `; name=value; ...` from `bytes[from...]`: values are tokens or quoted strings, and a
    /// missing `;`, blanks around `=`, unquoted values with blanks and an unclosed quote are tolerated.
    static func parse(_ bytes: [UInt8], from start: Int) -> MIMEParameters {
        var plain: [(String, String)] = []
        var extended: [String: [(index: Int, encoded: Bool, value: String)]] = [:]
        var cursor = start
        while cursor < bytes.count {
            while cursor < bytes.count, bytes[cursor] == 0x3B || bytes[cursor] <= 0x20 { cursor += 1 }
            let nameStart = cursor
            while cursor < bytes.count, bytes[cursor] != 0x3D, bytes[cursor] != 0x3B { cursor += 1 }
            var name = String(decoding: bytes[nameStart..<cursor], as: UTF8.self).trimmingCharacters(in: .whitespaces)
                .lowercased()
            guard cursor < bytes.count, bytes[cursor] == 0x3D else { continue }
            cursor += 1
            while cursor < bytes.count, ByteScan.isBlank(bytes[cursor]) { cursor += 1 }
            let value: String
            (value, cursor) = readValue(bytes, from: cursor)
            if let space = name.lastIndex(of: " ") { name = String(name[name.index(after: space)...]) }
            guard !name.isEmpty else { continue }
            if let star = name.firstIndex(of: "*") {
                let base = String(name[..<star])
                let rest = name[name.index(after: star)...]
                let encoded = rest.hasSuffix("*") || rest.isEmpty
                let index = Int(rest.hasSuffix("*") ? rest.dropLast() : rest) ?? 0
                if (extended[base]?.count ?? 0) < 100 { extended[base, default: []].append((index, encoded, value)) }
            } else {
                plain.append((name, value))
            }
        }
        var parameters = MIMEParameters()
        for (name, segments) in extended { parameters.values[name] = joinExtended(segments) }
        for (name, value) in plain where parameters.values[name] == nil { parameters.values[name] = value }
        return parameters
    }

    /// A quoted string (backslash escapes, to the closing quote or the end) or a token (to `;`).
    private static func readValue(_ bytes: [UInt8], from start: Int) -> (String, Int) {
        var cursor = start
        if cursor < bytes.count, bytes[cursor] == 0x22 {
            cursor += 1
            var out: [UInt8] = []
            while cursor < bytes.count, bytes[cursor] != 0x22 {
                if bytes[cursor] == 0x5C, cursor + 1 < bytes.count { cursor += 1 }
                out.append(bytes[cursor])
                cursor += 1
            }
            cursor += 1
            while cursor < bytes.count, bytes[cursor] != 0x3B { cursor += 1 }
            return (String(decoding: out, as: UTF8.self), cursor)
        }
        while cursor < bytes.count, bytes[cursor] != 0x3B { cursor += 1 }
        var end = cursor
        while end > start, bytes[end - 1] <= 0x20 { end -= 1 }
        // `a=b c=d` without the `;`: the value is the first word when another `name=` follows.
        if let space = bytes[start..<end].firstIndex(where: { $0 == 0x20 || $0 == 0x09 }),
            bytes[space..<end].contains(0x3D), !bytes[start..<space].contains(0x3D)
        {
            return (String(decoding: bytes[start..<space], as: UTF8.self), space)
        }
        return (String(decoding: bytes[start..<end], as: UTF8.self), cursor)
    }

    /// RFC 2231: segments in index order, `%XX` decoded in the encoded ones, the whole in the charset
    /// named by the first (UTF-8, else windows-1252, when it names none or one nobody knows).
    private static func joinExtended(_ segments: [(index: Int, encoded: Bool, value: String)]) -> String {
        let ordered = segments.enumerated().sorted { ($0.element.index, $0.offset) < ($1.element.index, $1.offset) }
            .map(\.element)
        var charset = ""
        var bytes: [UInt8] = []
        for (position, segment) in ordered.enumerated() {
            var value = Substring(segment.value)
            if position == 0, segment.encoded {
                let parts = value.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                if parts.count == 3 {
                    charset = String(parts[0])
                    value = parts[2]
                }
            }
            bytes.append(contentsOf: segment.encoded ? percentDecoded(value) : Array(value.utf8))
        }
        if !charset.isEmpty, let text = Charset.decode(bytes, charset: charset) { return text }
        return HeaderText.string(bytes).text
    }

    private static func percentDecoded(_ value: Substring) -> [UInt8] {
        let utf8 = Array(value.utf8)
        var out: [UInt8] = []
        var index = 0
        while index < utf8.count {
            if utf8[index] == 0x25, index + 2 < utf8.count,
                let high = TransferDecoding.hexValue(utf8[index + 1]),
                let low = TransferDecoding.hexValue(utf8[index + 2])
            {
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(utf8[index])
                index += 1
            }
        }
        return out
    }
}
