/// A parsed `Content-Type`: lower-cased type and subtype with their parameters.
struct MIMEContentType: Sendable, Hashable {
    var type: String
    var subtype: String
    var parameters: MIMEParameters

    /// `type/subtype`.
    var mediaType: String { "\(type)/\(subtype)" }

    /// `text/plain` with a `charset` parameter only if given.
    static let textPlain = MIMEContentType(type: "text", subtype: "plain", parameters: MIMEParameters())
    /// `message/rfc822`, the default inside `multipart/digest`.
    static let messageRFC822 = MIMEContentType(type: "message", subtype: "rfc822", parameters: MIMEParameters())

    /// Reads `type/subtype; parameters`, blanks and comments around the slash tolerated; `nil` when
    /// there is no readable `type/subtype`.
    static func parse(_ value: [UInt8]) -> MIMEContentType? {
        let bytes = Array(HeaderText.string(value).text.utf8)
        var cursor = 0
        let type = token(bytes, &cursor)
        skipBlanksAndComments(bytes, &cursor)
        guard !type.isEmpty, cursor < bytes.count, bytes[cursor] == 0x2F else { return nil }
        cursor += 1
        skipBlanksAndComments(bytes, &cursor)
        let subtype = token(bytes, &cursor)
        guard !subtype.isEmpty else { return nil }
        return MIMEContentType(type: type, subtype: subtype, parameters: MIMEParameters.parse(bytes, from: cursor))
    }

    /// A lower-cased token at `cursor` (after blanks), stopping at specials and blanks.
    static func token(_ bytes: [UInt8], _ cursor: inout Int) -> String {
        skipBlanksAndComments(bytes, &cursor)
        let start = cursor
        while cursor < bytes.count, isTokenByte(bytes[cursor]) { cursor += 1 }
        return String(decoding: bytes[start..<cursor], as: UTF8.self).lowercased()
    }

    static func skipBlanksAndComments(_ bytes: [UInt8], _ cursor: inout Int) {
        while cursor < bytes.count {
            if bytes[cursor] <= 0x20 {
                cursor += 1
            } else if bytes[cursor] == 0x28 {
                var depth = 0
                while cursor < bytes.count {
                    if bytes[cursor] == 0x28 { depth += 1 }
                    if bytes[cursor] == 0x29 { depth -= 1 }
                    cursor += 1
                    if depth == 0 { break }
                }
            } else {
                return
            }
        }
    }

    /// RFC 2045 token characters: printable ASCII without specials.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        guard byte > 0x20, byte < 0x7F else { return false }
        switch byte {
        case 0x28, 0x29, 0x3C, 0x3E, 0x40, 0x2C, 0x3B, 0x3A, 0x5C, 0x22, 0x2F, 0x5B, 0x5D, 0x3F, 0x3D: return false
        default: return true
        }
    }
}

/// A parsed `Content-Disposition`: `inline` or `attachment` (lower-cased) with parameters.
struct MIMEDisposition: Sendable, Hashable {
    var type: String
    var parameters: MIMEParameters

    static func parse(_ value: [UInt8]) -> MIMEDisposition {
        let bytes = Array(HeaderText.string(value).text.utf8)
        var cursor = 0
        let type = MIMEContentType.token(bytes, &cursor)
        return MIMEDisposition(type: type, parameters: MIMEParameters.parse(bytes, from: cursor))
    }
}
