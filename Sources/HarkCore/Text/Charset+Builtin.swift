extension Charset {
    /// UTF-16 in either byte order. A leading BOM of either order decides and is dropped when the
    /// label has no order; a BOM that agrees with a labelled order is dropped too. Unpaired surrogates
    /// and an odd last byte become U+FFFD.
    static func decodeUTF16(_ bytes: UnsafeBufferPointer<UInt8>, bigEndian labelled: Bool?) -> String {
        var body = bytes[...]
        var bigEndian = labelled
        if bytes.count >= 2 {
            let bom: Bool? =
                bytes[0] == 0xFE && bytes[1] == 0xFF ? true : bytes[0] == 0xFF && bytes[1] == 0xFE ? false : nil
            if let bom, labelled == nil || labelled == bom {
                bigEndian = bom
                body = bytes[2...]
            }
        }
        let big = bigEndian ?? guessBigEndian(body)
        var units: [UInt16] = []
        units.reserveCapacity(body.count / 2)
        var index = body.startIndex
        while index + 1 < body.endIndex {
            let first = UInt16(body[index])
            let second = UInt16(body[index + 1])
            units.append(big ? first << 8 | second : second << 8 | first)
            index += 2
        }
        var text = String(decoding: units, as: UTF16.self)
        if index < body.endIndex { text.unicodeScalars.append("\u{FFFD}") }
        return text
    }

    /// Without a BOM, text that is mostly ASCII has its zero bytes at even offsets when big-endian.
    /// Ties (and text without zero bytes) go to little-endian, as browsers assume.
    private static func guessBigEndian(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        var evenZeros = 0
        var oddZeros = 0
        for (offset, byte) in bytes.prefix(1024).enumerated() where byte == 0 {
            if offset % 2 == 0 { evenZeros += 1 } else { oddZeros += 1 }
        }
        return evenZeros > oddZeros
    }

    /// windows-1252 per the WHATWG index: bytes below 0x80 and from 0xA0 are Latin-1; 0x80–0x9F map
    /// to the table, with the five unassigned bytes kept as their C1 code points.
    static func decodeWindows1252(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        if isPlainASCII(bytes, sevenBitStateful: false) { return String(decoding: bytes, as: UTF8.self) }
        var utf8: [UInt8] = []
        utf8.reserveCapacity(bytes.count + bytes.count / 2)
        for byte in bytes {
            switch byte {
            case 0x00..<0x80:
                utf8.append(byte)
            case 0x80..<0xA0:
                appendUTF8(windows1252High[Int(byte - 0x80)], to: &utf8)
            default:
                utf8.append(0xC0 | byte >> 6)
                utf8.append(0x80 | byte & 0x3F)
            }
        }
        return String(decoding: utf8, as: UTF8.self)
    }

    /// Appends a BMP code point as UTF-8.
    private static func appendUTF8(_ value: UInt16, to utf8: inout [UInt8]) {
        switch value {
        case 0..<0x80:
            utf8.append(UInt8(value))
        case 0x80..<0x800:
            utf8.append(UInt8(0xC0 | value >> 6))
            utf8.append(UInt8(0x80 | value & 0x3F))
        default:
            utf8.append(UInt8(0xE0 | value >> 12))
            utf8.append(UInt8(0x80 | (value >> 6) & 0x3F))
            utf8.append(UInt8(0x80 | value & 0x3F))
        }
    }

    /// Code points of windows-1252 bytes 0x80–0x9F.
    private static let windows1252High: [UInt16] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]
}
