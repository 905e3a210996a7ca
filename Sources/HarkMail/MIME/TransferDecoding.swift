/// Undoing `Content-Transfer-Encoding`: base64, quoted-printable and uuencode, all tolerant.
///
/// Each decoder reads its input once into one output buffer sized up front (the largest thing the
/// parser allocates besides the message itself), and reports whether the input was clean instead of
/// failing.
enum TransferDecoding {
    /// Base64: white space skipped, other bytes outside the alphabet skipped (not clean), padding
    /// optional, a `=` ends a group early (concatenated encodings decode), a lone final character is
    /// dropped (not clean).
    static func base64(_ input: some Collection<UInt8>) -> (bytes: [UInt8], clean: Bool) {
        if let result = input.withContiguousStorageIfAvailable({ base64Buffer($0) }) { return result }
        return Array(input).withUnsafeBufferPointer { base64Buffer($0) }
    }

    private static func base64Buffer(_ input: UnsafeBufferPointer<UInt8>) -> (bytes: [UInt8], clean: Bool) {
        var clean = true
        let bytes = [UInt8](unsafeUninitializedCapacity: input.count / 4 * 3 + 3) { out, written in
            var quantum: UInt32 = 0
            var count = 0
            var length = 0
            func flushPartial() {
                switch count {
                case 2:
                    out[length] = UInt8(truncatingIfNeeded: quantum >> 4)
                    length += 1
                case 3:
                    out[length] = UInt8(truncatingIfNeeded: quantum >> 10)
                    out[length + 1] = UInt8(truncatingIfNeeded: quantum >> 2)
                    length += 2
                case 1:
                    clean = false
                default:
                    break
                }
                quantum = 0
                count = 0
            }
            for byte in input {
                let value = base64Table[Int(byte)]
                if value < 64 {
                    quantum = quantum << 6 | UInt32(value)
                    count += 1
                    if count == 4 {
                        out[length] = UInt8(truncatingIfNeeded: quantum >> 16)
                        out[length + 1] = UInt8(truncatingIfNeeded: quantum >> 8)
                        out[length + 2] = UInt8(truncatingIfNeeded: quantum)
                        length += 3
                        quantum = 0
                        count = 0
                    }
                } else if byte == 0x3D {
                    flushPartial()
                } else if value == 0xFF {
                    clean = false
                }
            }
            flushPartial()
            written = length
        }
        return (bytes, clean)
    }

    /// 0...63 for the alphabet, 0xFE for white space, 0xFF for anything else.
    private static let base64Table: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, byte) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(byte)] = UInt8(value)
        }
        for byte in [0x20, 0x09, 0x0D, 0x0A, 0x0B, 0x0C] { table[byte] = 0xFE }
        return table
    }()

    /// Quoted-printable: `=XX` escapes (either case), soft line breaks (`=` before the line end, blanks
    /// allowed between), trailing blanks of each line removed as transport padding; a broken escape
    /// is kept as written (not clean). A hard line break, whatever the transport made of it (LF, CR),
    /// is CRLF, its canonical form (RFC 2045 §6.7).
    static func quotedPrintable(_ input: some Collection<UInt8>) -> (bytes: [UInt8], clean: Bool) {
        if let result = input.withContiguousStorageIfAvailable({ qpBuffer($0) }) { return result }
        return Array(input).withUnsafeBufferPointer { qpBuffer($0) }
    }

    private static func qpBuffer(_ input: UnsafeBufferPointer<UInt8>) -> (bytes: [UInt8], clean: Bool) {
        var clean = true
        let bytes = [UInt8](unsafeUninitializedCapacity: input.count * 2) { out, written in
            var length = 0
            var protected = 0
            var index = 0
            let end = input.count
            while index < end {
                let byte = input[index]
                if byte == 0x3D {
                    var after = index + 1
                    while after < end, input[after] == 0x20 || input[after] == 0x09 { after += 1 }
                    if after == end || input[after] == 0x0D || input[after] == 0x0A {
                        index = skipLineEnd(input, after)
                        continue
                    }
                    if index + 2 < end, let high = hexValue(input[index + 1]), let low = hexValue(input[index + 2]) {
                        out[length] = high << 4 | low
                        length += 1
                        protected = length
                        index += 3
                        continue
                    }
                    clean = false
                } else if byte == 0x0D || byte == 0x0A {
                    while length > protected, out[length - 1] == 0x20 || out[length - 1] == 0x09 { length -= 1 }
                    out[length] = 0x0D
                    out[length + 1] = 0x0A
                    length += 2
                    protected = length
                    index = skipLineEnd(input, index)
                    continue
                }
                out[length] = byte
                length += 1
                index += 1
            }
            written = length
        }
        return (bytes, clean)
    }

    /// The index after the line end at `index` (CRLF, CRs then LF, LF or CR), or `index` at the end.
    private static func skipLineEnd(_ input: UnsafeBufferPointer<UInt8>, _ index: Int) -> Int {
        var cursor = index
        guard cursor < input.count else { return cursor }
        if input[cursor] == 0x0A { return cursor + 1 }
        while cursor < input.count, input[cursor] == 0x0D { cursor += 1 }
        if cursor < input.count, input[cursor] == 0x0A { return cursor + 1 }
        return index + 1
    }

    /// The value of a hexadecimal digit.
    @inline(__always) static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }
}
