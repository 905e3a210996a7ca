/// The lexical pieces of an address header (RFC 5322 §3.2 and §3.4, with the obsolete forms).
enum AddressToken: Equatable {
    /// An atom or a dot-atom (`john.doe@example.com` stays one word), or a quoted string unquoted.
    case word(String, quoted: Bool)
    /// A comment's text, nesting flattened.
    case comment(String)
    /// What stands between `<` and `>` (to the end or the next comma when `>` is missing).
    case angle(String)
    case comma
    case colon
    case semicolon
}

/// Splits an address header value into ``AddressToken``s; never fails, whatever the input.
struct AddressTokenizer {
    private let bytes: [UInt8]
    private var cursor = 0
    /// The last `>`, so that an unclosed `<` is found in one look, not one scan per comma.
    private let lastAngleClose: Int

    init(_ text: String) {
        bytes = Array(text.utf8)
        lastAngleClose = bytes.lastIndex(of: 0x3E) ?? -1
    }

    /// All tokens of the value.
    mutating func tokens() -> [AddressToken] {
        var tokens: [AddressToken] = []
        while cursor < bytes.count {
            let byte = bytes[cursor]
            switch byte {
            case 0x00...0x20, 0x7F:
                cursor += 1
            case 0x2C:
                tokens.append(.comma)
                cursor += 1
            case 0x3A:
                tokens.append(.colon)
                cursor += 1
            case 0x3B:
                tokens.append(.semicolon)
                cursor += 1
            case 0x22:
                tokens.append(.word(quoted(), quoted: true))
            case 0x28:
                tokens.append(.comment(comment()))
            case 0x3C:
                tokens.append(.angle(angle()))
            case 0x29, 0x3E:
                cursor += 1
            default:
                tokens.append(.word(atom(), quoted: false))
            }
        }
        return tokens
    }

    private mutating func quoted() -> String {
        cursor += 1
        var out: [UInt8] = []
        while cursor < bytes.count, bytes[cursor] != 0x22 {
            if bytes[cursor] == 0x5C, cursor + 1 < bytes.count { cursor += 1 }
            out.append(bytes[cursor])
            cursor += 1
        }
        cursor += 1
        return String(decoding: out, as: UTF8.self)
    }

    private mutating func comment() -> String {
        var depth = 0
        var out: [UInt8] = []
        while cursor < bytes.count {
            let byte = bytes[cursor]
            cursor += 1
            if byte == 0x5C, cursor < bytes.count {
                out.append(bytes[cursor])
                cursor += 1
                continue
            }
            if byte == 0x28 {
                depth += 1
                if depth == 1 { continue }
            } else if byte == 0x29 {
                depth -= 1
                if depth == 0 { break }
            }
            out.append(byte)
        }
        return String(decoding: out, as: UTF8.self)
    }

    private mutating func angle() -> String {
        cursor += 1
        let start = cursor
        var inQuote = false
        while cursor < bytes.count {
            let byte = bytes[cursor]
            if byte == 0x22 { inQuote.toggle() }
            if !inQuote, byte == 0x3E {
                defer { cursor += 1 }
                return String(decoding: bytes[start..<cursor], as: UTF8.self)
            }
            if !inQuote, byte == 0x2C, cursor > lastAngleClose { break }
            cursor += 1
        }
        return String(decoding: bytes[start..<cursor], as: UTF8.self)
    }

    private mutating func atom() -> String {
        let start = cursor
        while cursor < bytes.count {
            // An encoded word is one piece even when a broken mailer left specials in it (`=?..?q?a:b?=`).
            if let end = encodedWordEnd(from: cursor) {
                cursor = end
                continue
            }
            switch bytes[cursor] {
            case 0x00...0x20, 0x7F, 0x2C, 0x3A, 0x3B, 0x22, 0x28, 0x29, 0x3C, 0x3E: break
            default:
                cursor += 1
                continue
            }
            break
        }
        return String(decoding: bytes[start..<cursor], as: UTF8.self)
    }

    /// The index after an encoded word (`=?charset?B|Q?text?=`) starting at `start`, or `nil`.
    private func encodedWordEnd(from start: Int) -> Int? {
        guard start + 1 < bytes.count, bytes[start] == 0x3D, bytes[start + 1] == 0x3F else { return nil }
        var marks = 0
        var index = start + 2
        while index < min(bytes.count, start + 256) {
            let byte = bytes[index]
            if byte <= 0x20 || byte == 0x22 || byte == 0x3C || byte == 0x3E { return nil }
            if byte == 0x3F {
                marks += 1
                if marks >= 3, index + 1 < bytes.count, bytes[index + 1] == 0x3D { return index + 2 }
            }
            index += 1
        }
        return nil
    }
}
