import Foundation

/// Quoted-printable encoding (RFC 2045 section 6.7) of a UTF-8 text body for outgoing mail.
///
/// Lines end in CRLF whatever the text used (CR, LF or CRLF); encoded lines are at most 76
/// characters, soft breaks included. Besides what RFC 2045 requires (`=`, bytes outside printable
/// ASCII, a blank at the end of a line), a `.` at the start of a line and the `F` of a line
/// starting `From ` are encoded too, so that no line of the body can look like SMTP's end of data
/// or an mbox separator, whatever the text says.
enum QuotedPrintable {
    /// The longest encoded line, without its CRLF.
    static let lineLimit = 76

    /// The encoded body, ending with CRLF.
    static func encode(_ text: String) -> Data {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count * 11 / 10 + 16)
        for line in logicalLines(text) {
            encodeLine(line, into: &out)
            out += [0x0D, 0x0A]
        }
        return Data(out)
    }

    /// The lines of `text`, split at CRLF, CR or LF; a final line break ends the last line.
    private static func logicalLines(_ text: String) -> [ArraySlice<UInt8>] {
        let bytes = Array(text.utf8)
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A || byte == 0x0D {
                lines.append(bytes[start..<index])
                if byte == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A { index += 1 }
                start = index + 1
            }
            index += 1
        }
        if start < bytes.count || lines.isEmpty { lines.append(bytes[start..<bytes.count]) }
        return lines
    }

    /// One logical line, as physical lines joined by soft breaks (`=` CRLF).
    private static func encodeLine(_ line: ArraySlice<UInt8>, into out: inout [UInt8]) {
        let fromPrefix = Array("From ".utf8)
        var column = 0
        var index = line.startIndex
        while index < line.endIndex {
            let byte = line[index]
            let isLast = index == line.index(before: line.endIndex)
            var literal = byte >= 0x21 && byte <= 0x7E && byte != 0x3D
            if byte == 0x20 || byte == 0x09 { literal = !isLast }
            if column == 0, byte == 0x2E { literal = false }
            if column == 0, line[index...].starts(with: fromPrefix) { literal = false }
            let width = literal ? 1 : 3
            // Room for the soft break's `=` unless this is the line's last character.
            let limit = isLast ? lineLimit : lineLimit - 1
            if column + width > limit {
                out += [0x3D, 0x0D, 0x0A]
                column = 0
                continue  // judged again at the start of the new line
            }
            if literal {
                out.append(byte)
            } else {
                out += escape(byte)
            }
            column += width
            index = line.index(after: index)
        }
    }

    private static func escape(_ byte: UInt8) -> [UInt8] {
        let hex = Array("0123456789ABCDEF".utf8)
        return [0x3D, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
    }
}
