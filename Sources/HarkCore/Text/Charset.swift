import Foundation

/// Decoding of legacy character sets to Unicode, shared by mail and feeds.
///
/// Labels are matched loosely, the way the WHATWG Encoding Standard's label table does (case, white
/// space, `-`, `_`, `.` and a `:1987`-style year suffix are ignored), and each known charset decodes
/// with the superset that browsers use for it, because real senders mislabel:
///
/// | labelled | decoded as |
/// |---|---|
/// | `US-ASCII`, `ISO-8859-1` | windows-1252 (Scandinavian mail labels cp1252 as latin1; browsers agree) |
/// | `ISO-8859-9`, `ISO-8859-11` | windows-1254, windows-874 |
/// | `Shift_JIS` | Windows-31J (CP932) |
/// | `GB2312`, `GBK` | GB18030 |
/// | `EUC-KR` | UHC (CP949) |
/// | `Big5` | Big5-HKSCS |
/// | `ISO-2022-JP` | ISO-2022-JP-2 (adds JIS X 0201 katakana and JIS X 0212) |
///
/// UTF-8, UTF-16 and windows-1252 (with its aliases) are decoded in Swift; everything else goes through
/// iconv, with one converter per call because an `iconv_t` is not thread-safe. A label the table does
/// not know is still accepted when the platform's iconv knows it (`CP850`, `IBM437`).
///
/// Decoding never stops at a bad byte: each invalid sequence becomes U+FFFD and decoding continues.
public enum Charset {
    /// The canonical name of a charset label (`latin1` → `ISO-8859-1`, `cp1252` → `windows-1252`,
    /// `ks_c_5601-1987` → `EUC-KR`), or `nil` when neither the table nor iconv knows it.
    ///
    /// The name says what the label means, not which superset ``decode(_:charset:)`` uses for it.
    public static func canonicalName(_ label: String) -> String? {
        lookup(label)?.name
    }

    /// `bytes` decoded from `charset` to a String; invalid sequences become U+FFFD. `nil` when the
    /// charset is unknown (or its iconv tables are missing on this system).
    ///
    /// A byte order mark of the labelled encoding itself is skipped (an UTF-8 BOM under `utf-8`); a
    /// BOM of another encoding is left to the caller, who decides with ``sniffBOM(_:)`` which of BOM,
    /// transport label and declaration wins. `UTF-16` without a BOM is read as big-endian when its
    /// zero bytes say so (ASCII-heavy text) and as little-endian otherwise, as browsers do.
    public static func decode(_ bytes: some Collection<UInt8>, charset: String) -> String? {
        guard let info = lookup(charset) else { return nil }
        if let decoded = bytes.withContiguousStorageIfAvailable({ decode($0, info) }) {
            return decoded
        }
        return Array(bytes).withUnsafeBufferPointer { decode($0, info) }
    }

    /// The byte order mark at the start of `bytes`: the charset it announces and its length in bytes.
    ///
    /// Recognises UTF-8 (`EF BB BF`), UTF-32LE/BE (`FF FE 00 00`, `00 00 FE FF`) and UTF-16LE/BE
    /// (`FF FE`, `FE FF`); the UTF-32 marks are tested first because `FF FE` begins both.
    public static func sniffBOM(_ bytes: some Collection<UInt8>) -> (charset: String, length: Int)? {
        var prefix: [UInt8] = []
        prefix.reserveCapacity(4)
        for byte in bytes.prefix(4) { prefix.append(byte) }
        if prefix.starts(with: [0xEF, 0xBB, 0xBF]) { return ("UTF-8", 3) }
        if prefix.starts(with: [0xFF, 0xFE, 0x00, 0x00]) { return ("UTF-32LE", 4) }
        if prefix.starts(with: [0x00, 0x00, 0xFE, 0xFF]) { return ("UTF-32BE", 4) }
        if prefix.starts(with: [0xFF, 0xFE]) { return ("UTF-16LE", 2) }
        if prefix.starts(with: [0xFE, 0xFF]) { return ("UTF-16BE", 2) }
        return nil
    }

    /// Decodes with the decoder the table chose, after the shared fast paths.
    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, _ info: CharsetInfo) -> String? {
        switch info.decoder {
        case .utf8:
            let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? UnsafeBufferPointer(rebasing: bytes[3...]) : bytes
            return String(decoding: body, as: UTF8.self)
        case .utf16(let bigEndian):
            return decodeUTF16(bytes, bigEndian: bigEndian)
        case .windows1252:
            return decodeWindows1252(bytes)
        case .iconv(let name):
            if info.asciiFastPath, isPlainASCII(bytes, sevenBitStateful: info.sevenBitStateful) {
                return String(decoding: bytes, as: UTF8.self)
            }
            return decodeWithIconv(bytes, from: name)
        }
    }

    /// True when `bytes` are ASCII that every ASCII-compatible charset decodes to itself; for the 7-bit
    /// stateful charsets (ISO-2022, UTF-7) also without their shift bytes (ESC, SO, SI, `+`).
    static func isPlainASCII(_ bytes: UnsafeBufferPointer<UInt8>, sevenBitStateful: Bool) -> Bool {
        if sevenBitStateful {
            return !bytes.contains { $0 >= 0x80 || $0 == 0x1B || $0 == 0x0E || $0 == 0x0F || $0 == 0x2B }
        }
        var combined: UInt8 = 0
        for byte in bytes { combined |= byte }
        return combined < 0x80
    }
}
